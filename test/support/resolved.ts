/** The run settings a hand-built ResolvedScenario needs besides its job (what validateScenario fills in). */
import { SCENARIO_DEFAULTS as D, type ResolvedScenario } from '../../src/sim/scenario/Scenario.ts';

export function runtimeDefaults(): Pick<ResolvedScenario, 'config' | 'cluster' | 'scheduling' | 'faults'> {
  return {
    config: {},
    cluster: { mode: 'standalone', taskManagers: null, rpcLatencyMs: D.rpcLatencyMs, processStartMs: D.processStartMs, containerAllocationMs: D.containerAllocationMs },
    scheduling: { strategy: 'pipelined-region' },
    faults: [],
  };
}
