/**
 * What the Memory tab shows for a run: the scenario's TaskManager memory options, as the strings a
 * learner would write in flink-conf.yaml (memory sizes as "1728m", else their plain value), and the
 * number of slots per TaskManager.
 */
import type { ResolvedScenario } from '../../sim/scenario/Scenario.ts';
import { findOption } from '../../sim/config/ConfigOptions.ts';
import { compactSize } from '../memory/memoryLayout.ts';

export interface MemoryProps {
  config: Record<string, string>;
  slots: number;
}

export function memoryProps(scenario: Pick<ResolvedScenario, 'config'>): MemoryProps {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(scenario.config)) {
    if (!key.startsWith('taskmanager.memory.')) continue;
    // Resolved memory sizes are decimal byte strings: shown in Flink's short form ("1728m").
    config[key] = findOption(key)?.type === 'memory' && typeof value === 'string' && /^\d+$/.test(value) ? compactSize(BigInt(value)) : String(value);
  }
  const slots = scenario.config['taskmanager.numberOfTaskSlots'];
  return { config, slots: typeof slots === 'number' && slots >= 1 ? slots : 1 };
}
