/**
 * Checks of a resolved scenario that need its Flink configuration or its job plan: the restart
 * strategy, heartbeats, slots and memory as Flink itself checks them, and faults that name a subtask
 * or TaskManager. Too few slots is not an error: Flink waits, then fails with a slot request timeout.
 */
import type { ResolvedScenario, Scenario, ScheduledFault } from './Scenario.ts';
import type { ResolvedConfig } from '../config/Configuration.ts';
import type { ScenarioIssue } from './ScenarioError.ts';
import { configContains, configValue } from '../config/Configuration.ts';
import { restartStrategyFromConfig } from '../failover/RestartBackoffTimeStrategy.ts';
import { processSpecFromConfig } from '../cluster/TaskExecutorProcessUtils.ts';
import { buildJobPlan } from '../graph/JobPlan.ts';
import { LIMITS, MAX_TASK_MANAGERS } from './schema.ts';
import { checkCheckpointConfig, resolveCheckpointConfig } from '../checkpoint/CheckpointConfig.ts';
import { checkSavepoint, type SavepointFile } from '../checkpoint/Savepoint.ts';

const key = (k: string) => `config[${JSON.stringify(k)}]`;

/** Which fault fields each fault type needs. */
const FAULT_FIELDS: Record<ScheduledFault['type'], string[]> = {
  failTask: ['task'],
  pauseTask: ['task'],
  resumeTask: ['task'],
  killTaskManager: ['taskManager'],
  addTaskManager: [],
  cancelJob: [],
  loseLeadership: [],
  triggerSavepoint: [],
  stopWithSavepoint: [],
  setSourceRate: ['operator', 'ratePerSec'],
};
const OPTIONAL_FAULT_FIELDS: Partial<Record<ScheduledFault['type'], string[]>> = { setSourceRate: ['subtask'] };

export function checkRuntime(s: ResolvedScenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const c = s.config;

  const checkpointing = configValue(c, 'execution.checkpointing.interval') !== undefined;
  const restart = restartStrategyFromConfig(c, checkpointing);
  if (!restart.ok) for (const p of restart.problems) add(key(p.key), p.message);

  // HeartbeatServices: interval > 0, timeout >= interval.
  const interval = configValue(c, 'heartbeat.interval') as number;
  const timeout = configValue(c, 'heartbeat.timeout') as number;
  if (interval <= 0) add(key('heartbeat.interval'), `The heartbeat interval must be larger than 0 (got ${interval} ms).`);
  else if (timeout < interval) add(key('heartbeat.timeout'), `The heartbeat timeout should be larger or equal than the heartbeat interval (timeout ${timeout} ms < interval ${interval} ms).`);
  // ConfigurationParserUtils.getSlot
  const slots = configValue(c, 'taskmanager.numberOfTaskSlots') as number;
  if (slots < 1) add(key('taskmanager.numberOfTaskSlots'), `Number of task slots must be at least one (got ${slots}).`);
  else if (slots > LIMITS.subtasks) add(key('taskmanager.numberOfTaskSlots'), `${slots} slots per TaskManager are more than the simulator shows; use at most ${LIMITS.subtasks}`);
  // HeartbeatServicesImpl
  const threshold = configValue(c, 'heartbeat.rpc-failure-threshold') as number;
  if (threshold <= 0 && threshold !== -1) {
    add(key('heartbeat.rpc-failure-threshold'), `The number of failed heartbeat RPC requests has to be larger than 0 or -1 (deactivated), got ${threshold}.`);
  }
  // Checkpointing settings Flink rejects (CheckpointConfig setters; unaligned only with EXACTLY_ONCE and one checkpoint at a time).
  for (const message of checkCheckpointConfig(resolveCheckpointConfig(c))) {
    const named = /execution\.checkpointing\.[a-z.-]+[a-z]/.exec(message)?.[0] ?? 'execution.checkpointing.interval';
    add(key(named), message);
  }

  if (Object.keys(c).some((k) => k.startsWith('taskmanager.memory.'))) {
    const memory = processSpecFromConfig(c);
    if (!memory.ok) add(key(memory.keys.find((k) => configContains(c, k as never)) ?? memory.keys[0] ?? 'taskmanager.memory.process.size'), memory.message);
  }

  if (s.cluster.mode === 'yarn' && s.cluster.taskManagers !== null && s.cluster.taskManagers > 0) {
    add('cluster.taskManagers', 'in yarn mode the ResourceManager starts TaskManagers when the job needs slots; remove cluster.taskManagers (or use mode "standalone")');
  }

  if (issues.length === 0) checkFaults(s, add);
  return issues;
}

function checkFaults(s: ResolvedScenario, add: (path: string, message: string) => void): void {
  const plan = buildJobPlan(s);
  if (s.restore !== undefined) {
    const node = new Map(plan.streamGraph.nodes.map((n) => [n.id, n]));
    for (const issue of checkSavepoint({ plan, node }, s.restore as unknown as SavepointFile)) add(issue.path, issue.message);
  }
  const tasks = plan.execution.tasks.map((t) => t.id);
  const sources = s.operators.filter((op) => op.type === 'source').map((op) => op.id);
  const maxTm = MAX_TASK_MANAGERS;
  // The original order of faults (resolve sorts them by time) for paths.
  const given = s.faults;
  given.forEach((f, i) => {
    const path = `faults[${i}]`;
    const allowed = ['at', 'type', ...FAULT_FIELDS[f.type], ...(OPTIONAL_FAULT_FIELDS[f.type] ?? [])];
    for (const k of Object.keys(f)) if (!allowed.includes(k)) add(`${path}.${k}`, `a ${f.type} fault has no "${k}"; it takes ${allowed.slice(2).join(', ') || 'nothing but "at"'}`);
    for (const k of FAULT_FIELDS[f.type]) if ((f as Record<string, unknown>)[k] === undefined) add(`${path}.${k}`, `is required by a ${f.type} fault`);
    const rec = f as Record<string, unknown>;
    if (typeof rec.task === 'string' && !tasks.includes(rec.task)) {
      add(`${path}.task`, `no subtask "${rec.task}"; subtasks are named <chain head id>/<index>: ${tasks.slice(0, 12).join(', ')}`);
    }
    if (typeof rec.taskManager === 'string' && !/^tm-([1-9]\d*)$/.test(rec.taskManager)) {
      add(`${path}.taskManager`, `must be a TaskManager id tm-1 … tm-${maxTm}, got "${rec.taskManager}"`);
    }
    if (typeof rec.operator === 'string' && !sources.includes(rec.operator)) {
      add(`${path}.operator`, `must be the id of a source (${sources.join(', ')}), got "${rec.operator}"`);
    }
    if (rec.ratePerSec !== undefined && !(typeof rec.ratePerSec === 'number' && rec.ratePerSec > 0 && rec.ratePerSec <= LIMITS.ratePerSec)) {
      add(`${path}.ratePerSec`, `must be > 0 and ≤ ${LIMITS.ratePerSec} (records per second per subtask), got ${JSON.stringify(rec.ratePerSec)}`);
    }
  });
}

/** `execution.runtime-mode`; AUTOMATIC is BATCH when every source is bounded (Flink: all sources bounded). */
export function runtimeMode(s: Scenario, config: ResolvedConfig): 'STREAMING' | 'BATCH' {
  const mode = configValue(config, 'execution.runtime-mode');
  if (mode !== 'AUTOMATIC') return mode === 'BATCH' ? 'BATCH' : 'STREAMING';
  const bounded = s.operators.every((op) => op.type !== 'source' || op.events !== undefined || op.generator?.count !== undefined);
  return bounded ? 'BATCH' : 'STREAMING';
}
