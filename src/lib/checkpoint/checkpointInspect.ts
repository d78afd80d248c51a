/**
 * What the Checkpoints tab shows, as a pure function of the plan, the run's configuration, the world
 * at the current step and the trace up to it — modelled on Flink's Web UI Checkpoints tab
 * (flink-runtime-web: job-checkpoints): overview counts and the latest completed/failed/restored
 * checkpoint, the history with per-subtask details grouped by job vertex, the configuration, and
 * what each sink delivered (computed in `sinkInspect.ts`, whose types are re-exported here).
 * Nothing about backpressure lives here (the graph overlays show it).
 */
import type { JobPlan } from '../../sim/graph/types.ts';
import type { ResolvedConfig } from '../../sim/config/Configuration.ts';
import { configValue } from '../../sim/config/Configuration.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import type { World } from '../../sim/world.ts';
import type { CheckpointRecord, SubtaskAck } from '../../sim/checkpoint/CheckpointCoordinator.ts';
import type { CheckpointStatus } from '../../sim/checkpoint/PendingCheckpointMachine.ts';
import {
  ALIGNED_CHECKPOINT_TIMEOUT, CHECKPOINTING_INTERVAL, CHECKPOINTING_MODE, CHECKPOINTING_TIMEOUT, ENABLE_UNALIGNED, MAX_CONCURRENT_CHECKPOINTS,
  MAX_RETAINED_CHECKPOINTS, MIN_PAUSE_BETWEEN_CHECKPOINTS, TOLERABLE_FAILURE_NUMBER, resolveCheckpointConfig, type CheckpointConfig,
} from '../../sim/checkpoint/CheckpointConfig.ts';
import { sinkViews, type SinkView } from './sinkInspect.ts';

export type { DeliveredRecord, SinkView, TransactionRow } from './sinkInspect.ts';

type Plan = Pick<JobPlan, 'streamGraph' | 'jobGraph' | 'execution'>;

/** The Web UI's three statuses; a subsumed checkpoint is COMPLETED (and `subsumed`). */
export type HistoryStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/** One subtask's figures for one checkpoint (the Web UI's subtask table). */
export interface SubtaskRow {
  task: string;
  subtask: number;
  /** Not acknowledged yet (or never: the checkpoint failed first). */
  acknowledged: boolean;
  ackAt: number | null;
  /** ackAt − trigger time. */
  endToEndMs: number | null;
  stateSize: number | null;
  incrementalSize: number | null;
  syncMs: number | null;
  asyncMs: number | null;
  alignmentMs: number | null;
  startDelayMs: number | null;
  /** Records processed during alignment (between the first barrier and the snapshot). */
  processedData: number | null;
  /** Records persisted as channel state (unaligned checkpoints). */
  persistedData: number | null;
  unaligned: boolean;
}

/** One job vertex of a checkpoint: its summary and its subtasks, like the Web UI's operator rows. */
export interface VertexRow {
  vertex: string;
  name: string;
  acknowledged: number;
  total: number;
  latestAckAt: number | null;
  endToEndMs: number | null;
  stateSize: number;
  incrementalSize: number;
  processedData: number;
  persistedData: number;
  subtasks: SubtaskRow[];
}

/** One row of the checkpoint history (newest first). */
export interface HistoryRow {
  id: number;
  status: HistoryStatus;
  /** The machine's own state (SUBSUMED is drawn as a state of its own). */
  machineState: CheckpointStatus;
  /** Completed, then discarded beyond `num-retained`. */
  subsumed: boolean;
  savepoint: boolean;
  acknowledged: number;
  total: number;
  triggeredAt: number;
  latestAckAt: number | null;
  /** Completed/failed: end − trigger; in progress: latest ack − trigger (null before the first ack), as the Web UI. */
  endToEndMs: number | null;
  stateSize: number;
  incrementalSize: number;
  processedData: number;
  persistedData: number;
  unaligned: boolean;
  failureReason: string | null;
  vertices: VertexRow[];
}

/** A configuration row: Flink's key (for the title) and the value as text. */
export interface ConfigRow {
  id: 'mode' | 'interval' | 'timeout' | 'minPause' | 'maxConcurrent' | 'tolerable' | 'retained' | 'unaligned' | 'alignedTimeout' | 'backend' | 'incremental';
  key: string;
  /** A number of ms (`ms`), a count, a boolean or a name. */
  value: { ms: number } | number | boolean | string | null;
}

export interface RestoreInfo {
  checkpoint: number;
  t: number;
  savepoint: boolean;
}

export interface CheckpointPanelModel {
  /** `execution.checkpointing.interval` is set. */
  enabled: boolean;
  counts: { triggered: number; inProgress: number; completed: number; failed: number; restored: number };
  latestCompleted: HistoryRow | null;
  latestFailed: HistoryRow | null;
  latestSavepoint: HistoryRow | null;
  latestRestore: RestoreInfo | null;
  history: HistoryRow[];
  config: ConfigRow[];
  sinks: SinkView[];
}

/** The tab is offered when the job checkpoints or has a transactional sink. */
export function hasCheckpointView(plan: Pick<JobPlan, 'streamGraph'>, config: ResolvedConfig): boolean {
  return resolveCheckpointConfig(config).enabled || plan.streamGraph.nodes.some((n) => n.spec.type === 'sink' && n.spec.transactional === true);
}

const sum = (xs: (number | null | undefined)[]) => xs.reduce<number>((n, x) => n + (x ?? 0), 0);
const maxOrNull = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.max(...v) : null;
};
const num = (a: SubtaskAck, k: string): number => (typeof a[k] === 'number' ? (a[k] as number) : 0);

/** Records each subtask processed during alignment, per `checkpoint|task` (one pass over the trace). */
function processedDuringAlignment(plan: Plan, trace: readonly TraceEvent[]): Map<string, number> {
  const head = new Map(plan.execution.tasks.map((t) => [t.id, t.operators[0]!]));
  const open = new Map<string, number[]>(); // task → checkpoints aligning
  const out = new Map<string, number>();
  for (const e of trace) {
    if (e.type === 'barrier.received' && !e.cancel) {
      const k = `${e.checkpoint}|${e.task}`;
      if (!out.has(k)) {
        out.set(k, 0);
        open.set(e.task, [...(open.get(e.task) ?? []), e.checkpoint]);
      }
    } else if (e.type === 'checkpoint.snapshot' || e.type === 'checkpoint.declined') {
      open.set(e.task, (open.get(e.task) ?? []).filter((c) => c !== e.checkpoint));
    } else if (e.type === 'record.processed' && head.get(e.task) === e.operator) {
      for (const c of open.get(e.task) ?? []) out.set(`${c}|${e.task}`, (out.get(`${c}|${e.task}`) ?? 0) + 1);
    } else if (e.type === 'task.state' && e.to !== 'RUNNING') open.delete(e.task);
  }
  return out;
}

function historyRow(plan: Plan, cp: CheckpointRecord, processed: Map<string, number>): HistoryRow {
  const acks = Object.values(cp.acknowledged);
  const latestAckAt = maxOrNull(acks.map((a) => a.ackAt));
  const end = cp.completedAt ?? cp.failedAt ?? latestAckAt;
  const subtaskRow = (task: string): SubtaskRow => {
    const t = plan.execution.tasks.find((x) => x.id === task);
    const a = cp.acknowledged[task];
    const p = processed.get(`${cp.id}|${task}`);
    return {
      task,
      subtask: t?.subtask ?? 0,
      acknowledged: a !== undefined,
      ackAt: a?.ackAt ?? null,
      endToEndMs: a ? a.ackAt - cp.triggeredAt : null,
      stateSize: a?.stateSize ?? null,
      incrementalSize: a ? num(a, 'incrementalSize') : null,
      syncMs: a ? num(a, 'syncMs') : null,
      asyncMs: a ? num(a, 'asyncMs') : null,
      alignmentMs: a ? num(a, 'alignmentMs') : null,
      startDelayMs: a ? num(a, 'startDelayMs') : null,
      processedData: a ? (p ?? 0) : null,
      persistedData: a?.persistedData ?? null,
      unaligned: a?.unaligned === true,
    };
  };
  const vertices: VertexRow[] = plan.jobGraph.vertices.map((v) => {
    const subtasks = plan.execution.tasks.filter((t) => t.vertex === v.id && cp.tasksToWaitFor.includes(t.id)).map((t) => subtaskRow(t.id));
    return {
      vertex: v.id,
      name: v.name,
      acknowledged: subtasks.filter((s) => s.acknowledged).length,
      total: subtasks.length,
      latestAckAt: maxOrNull(subtasks.map((s) => s.ackAt)),
      endToEndMs: maxOrNull(subtasks.map((s) => s.endToEndMs)),
      stateSize: sum(subtasks.map((s) => s.stateSize)),
      incrementalSize: sum(subtasks.map((s) => s.incrementalSize)),
      processedData: sum(subtasks.map((s) => s.processedData)),
      persistedData: sum(subtasks.map((s) => s.persistedData)),
      subtasks,
    };
  }).filter((v) => v.total > 0);
  return {
    id: cp.id,
    status: cp.status === 'SUBSUMED' ? 'COMPLETED' : cp.status,
    machineState: cp.status,
    subsumed: cp.status === 'SUBSUMED',
    savepoint: cp.props.savepoint,
    acknowledged: acks.length,
    total: cp.tasksToWaitFor.length,
    triggeredAt: cp.triggeredAt,
    latestAckAt,
    endToEndMs: end === null ? null : end - cp.triggeredAt,
    stateSize: sum(acks.map((a) => a.stateSize)),
    incrementalSize: sum(acks.map((a) => num(a, 'incrementalSize'))),
    processedData: sum(vertices.map((v) => v.processedData)),
    persistedData: sum(acks.map((a) => a.persistedData)),
    unaligned: acks.some((a) => a.unaligned === true),
    failureReason: cp.failureReason ?? null,
    vertices,
  };
}

/** The configuration rows, with Flink's keys. */
export function configRows(config: ResolvedConfig, c: CheckpointConfig = resolveCheckpointConfig(config)): ConfigRow[] {
  return [
    { id: 'mode', key: CHECKPOINTING_MODE, value: c.mode },
    { id: 'interval', key: CHECKPOINTING_INTERVAL, value: c.enabled ? { ms: c.intervalMs } : null },
    { id: 'timeout', key: CHECKPOINTING_TIMEOUT, value: { ms: c.timeoutMs } },
    { id: 'minPause', key: MIN_PAUSE_BETWEEN_CHECKPOINTS, value: { ms: c.minPauseMs } },
    { id: 'maxConcurrent', key: MAX_CONCURRENT_CHECKPOINTS, value: c.maxConcurrent },
    { id: 'tolerable', key: TOLERABLE_FAILURE_NUMBER, value: c.tolerableFailures },
    { id: 'retained', key: MAX_RETAINED_CHECKPOINTS, value: c.numRetained },
    { id: 'unaligned', key: ENABLE_UNALIGNED, value: c.unaligned },
    { id: 'alignedTimeout', key: ALIGNED_CHECKPOINT_TIMEOUT, value: { ms: c.alignedTimeoutMs } },
    { id: 'backend', key: 'state.backend.type', value: String(configValue(config, 'state.backend.type') ?? 'hashmap') },
    { id: 'incremental', key: 'execution.checkpointing.incremental', value: configValue(config, 'execution.checkpointing.incremental') === true },
  ];
}

/** Restores: each job restart whose tasks restored a checkpoint counts once (the first restored event dates it). */
function restores(trace: readonly TraceEvent[], savepoints: Set<number>): RestoreInfo[] {
  const out: RestoreInfo[] = [];
  let fresh = true;
  for (const e of trace) {
    if (e.type === 'job.restart') fresh = true;
    else if (e.type === 'checkpoint.restored' && fresh) {
      out.push({ checkpoint: e.checkpoint, t: e.t, savepoint: savepoints.has(e.checkpoint) });
      fresh = false;
    }
  }
  return out;
}

/** The Checkpoints tab's data at this step: `trace` is `timeline.traceUntil(step)`, `world` the world after it. */
export function inspectCheckpoints(plan: Plan, config: ResolvedConfig, world: World, trace: readonly TraceEvent[]): CheckpointPanelModel {
  const cfg = resolveCheckpointConfig(config);
  const processed = processedDuringAlignment(plan, trace);
  const history = world.checkpointing.coordinator.history.map((cp) => historyRow(plan, cp, processed)).sort((a, b) => b.id - a.id);
  const restored = restores(trace, new Set(history.filter((h) => h.savepoint).map((h) => h.id)));
  const sinks = sinkViews(plan, world, trace, cfg);
  return {
    enabled: cfg.enabled,
    counts: {
      triggered: history.length,
      inProgress: history.filter((h) => h.status === 'IN_PROGRESS').length,
      completed: history.filter((h) => h.status === 'COMPLETED').length,
      failed: history.filter((h) => h.status === 'FAILED').length,
      restored: restored.length,
    },
    latestCompleted: history.find((h) => h.status === 'COMPLETED' && !h.savepoint) ?? null,
    latestFailed: history.find((h) => h.status === 'FAILED') ?? null,
    latestSavepoint: history.find((h) => h.status === 'COMPLETED' && h.savepoint) ?? null,
    latestRestore: restored.at(-1) ?? null,
    history,
    config: configRows(config, cfg),
    sinks,
  };
}
