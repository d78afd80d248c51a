/**
 * Flink's CheckpointCoordinator, JobManager side
 * (flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/CheckpointCoordinator.java;
 * reference §5.2, §6.4): triggers checkpoints and savepoints, collects acks and declines, expires,
 * completes and subsumes them, and decides which tasks are notified. Pure functions over plain data
 * (the state is mutated in place); RPCs and timers are returned as commands for the runtime.
 * Each status change goes through the PendingCheckpointMachine.
 */
import { baseInterval, effectiveMinPause, type CheckpointConfig } from './CheckpointConfig.ts';
import { handleCheckpointException, handleCheckpointSuccess, newFailureCounter, type FailureCounter } from './CheckpointFailureManager.ts';
import {
  chooseQueuedRequestToExecute, chooseRequestToExecute, type Decision, type DeciderContext, type TriggerRequest,
} from './CheckpointRequestDecider.ts';
import { nextCheckpointStatus, type CheckpointStatus, type CheckpointStatusEvent } from './PendingCheckpointMachine.ts';

export type { CheckpointStatus } from './PendingCheckpointMachine.ts';
export type { TriggerRequest } from './CheckpointRequestDecider.ts';

/** CheckpointProperties as far as the coordinator cares. */
export interface CheckpointProps { savepoint: boolean; synchronous: boolean /* stop-with-savepoint */ }
/** What a task sends in acknowledgeCheckpoint: its snapshot (opaque to the coordinator) and metrics. */
export interface SubtaskAck { ackAt: number; stateSize: number; persistedData: number; snapshot: unknown; [k: string]: unknown }
/** One checkpoint attempt as the coordinator and the Web UI know it (plain data). */
export interface CheckpointRecord {
  id: number; props: CheckpointProps; status: CheckpointStatus;
  triggeredAt: number; completedAt?: number; failedAt?: number; failureReason?: string;
  /** tasksToWaitFor, which are also the tasksToCommitTo (DefaultCheckpointPlanCalculator). */
  tasksToWaitFor: string[];
  acknowledged: Record<string, SubtaskAck>; // task id → its ack
}
/** The coordinator's state. */
export interface CoordinatorState {
  nextId: number; // StandaloneCheckpointIDCounter, starts at 1
  pending: CheckpointRecord[]; // in id order
  completed: CheckpointRecord[]; // retained completed checkpoints, oldest first (≤ numRetained)
  savepoints: CheckpointRecord[]; // completed savepoints (never subsumed, not used for recovery unless synchronous)
  history: CheckpointRecord[]; // every attempt ever, for the Web UI's history (acks without `snapshot`)
  lastCompletionAt: number | null;
  queued: number; // requests waiting (≤ 1000), always queue.length
  queue: TriggerRequest[]; // the CheckpointRequestDecider's queued requests, in its order
  /** When the periodic ScheduledTrigger fires next (nextCheckpointTriggeringRelativeTime), null when none. */
  nextTriggerAt: number | null;
  failures: FailureCounter;
}

/** Commands for the runtime (it turns them into RPCs and kernel timer events). */
export type CoordinatorCommand =
  | { type: 'triggerTasks'; id: number; timestamp: number; props: CheckpointProps; tasks: string[] } // triggerCheckpoint RPC to each source
  | { type: 'scheduleTimeout'; id: number; at: number } // CheckpointCanceller
  | { type: 'scheduleTrigger'; at: number } // next periodic trigger; replaces any earlier one (one currentPeriodicTrigger)
  | { type: 'completed'; id: number }
  | { type: 'notifyComplete'; id: number; tasks: string[] } // notifyCheckpointComplete RPCs
  | { type: 'notifyAborted'; id: number; reason: string; tasks: string[] }
  | { type: 'aborted'; id: number; reason: string }
  | { type: 'triggerRejected'; reason: string; periodic: boolean; savepoint: boolean } // a request failed before it got an id
  | { type: 'failJob'; reason: string };

/** What the runtime passes to trigger: periodic or not, the properties, and the current plan. */
export interface TriggerArgs { periodic: boolean; props: CheckpointProps; sources: string[]; allTasks: string[] }

export function createCoordinator(): CoordinatorState {
  return {
    nextId: 1, pending: [], completed: [], savepoints: [], history: [], lastCompletionAt: null,
    queued: 0, queue: [], nextTriggerAt: null, failures: newFailureCounter(),
  };
}

/** Tasks that have not acknowledged yet. */
export const notYetAcknowledged = (cp: CheckpointRecord): string[] => cp.tasksToWaitFor.filter((t) => !(t in cp.acknowledged));
export const isFullyAcknowledged = (cp: CheckpointRecord): boolean => notYetAcknowledged(cp).length === 0;

function move(cp: CheckpointRecord, event: CheckpointStatusEvent): void {
  const to = nextCheckpointStatus(cp.status, event);
  if (to === null) throw new Error(`checkpoint ${cp.id}: ${event.type} is not allowed in ${cp.status}`);
  cp.status = to;
}

/** Writes a snapshot-free copy of `cp` into the history (appending a new attempt). */
function record(s: CoordinatorState, cp: CheckpointRecord): void {
  const acknowledged = Object.fromEntries(Object.entries(cp.acknowledged).map(([t, a]) => [t, { ...a, snapshot: null }]));
  const copy: CheckpointRecord = { ...cp, props: { ...cp.props }, tasksToWaitFor: [...cp.tasksToWaitFor], acknowledged };
  for (let i = s.history.length - 1; i >= 0; i--) {
    if (s.history[i]!.id === cp.id) {
      s.history[i] = copy;
      return;
    }
  }
  s.history.push(copy);
}

const context = (s: CoordinatorState, cfg: CheckpointConfig, now: number): DeciderContext => ({
  now, pendingCount: s.pending.length, lastCompletionAt: s.lastCompletionAt,
  maxConcurrent: cfg.maxConcurrent, minPauseMs: effectiveMinPause(cfg),
});

/** Sets the one periodic trigger (`scheduleTriggerWithDelay` / `rescheduleTrigger`). */
function schedule(s: CoordinatorState, cmds: CoordinatorCommand[], at: number): void {
  s.nextTriggerAt = at;
  const i = cmds.findIndex((c) => c.type === 'scheduleTrigger');
  if (i >= 0) cmds.splice(i, 1);
  cmds.push({ type: 'scheduleTrigger', at });
}

/** Applies a decision; returns the request to start, if any. */
function apply(s: CoordinatorState, now: number, d: Decision, cmds: CoordinatorCommand[]): TriggerRequest | null {
  s.queued = s.queue.length;
  for (const { request, reason } of d.dropped) {
    cmds.push({ type: 'triggerRejected', reason, periodic: request.periodic, savepoint: request.props.savepoint });
  }
  if (d.rescheduleDelay !== null) schedule(s, cmds, now + d.rescheduleDelay);
  return d.execute;
}

/**
 * Periodic requests (the ScheduledTrigger) first schedule the next trigger at a fixed rate
 * (`nextCheckpointTriggeringRelativeTime += interval`); then the request goes to the decider.
 */
export function triggerCheckpoint(s: CoordinatorState, cfg: CheckpointConfig, now: number, req: TriggerArgs): CoordinatorCommand[] {
  const cmds: CoordinatorCommand[] = [];
  if (req.periodic) {
    const period = baseInterval(cfg);
    schedule(s, cmds, s.nextTriggerAt !== null && s.nextTriggerAt <= now ? Math.max(now, s.nextTriggerAt + period) : now + period);
  }
  const request: TriggerRequest = {
    periodic: req.periodic, props: { ...req.props }, force: req.props.savepoint && !cfg.unaligned,
    sources: [...req.sources], allTasks: [...req.allTasks], timestamp: now,
  };
  const run = apply(s, now, chooseRequestToExecute(s.queue, request, context(s, cfg, now)), cmds);
  if (run) start(s, cfg, now, run, cmds);
  return cmds;
}

/**
 * A trigger whose checkpoint plan failed before it got an id (DefaultCheckpointPlanCalculator:
 * NOT_ALL_REQUIRED_TASKS_RUNNING): no id is used, nothing is pending; a periodic trigger still
 * schedules the next one.
 */
export function triggerFailedBeforePlan(s: CoordinatorState, cfg: CheckpointConfig, now: number, periodic: boolean): CoordinatorCommand[] {
  const cmds: CoordinatorCommand[] = [];
  if (periodic) {
    const period = baseInterval(cfg);
    schedule(s, cmds, s.nextTriggerAt !== null && s.nextTriggerAt <= now ? Math.max(now, s.nextTriggerAt + period) : now + period);
  }
  return cmds;
}

/** `startTriggeringCheckpoint` → `createPendingCheckpoint` → `triggerTasks`, then `onTriggerSuccess`. */
function start(s: CoordinatorState, cfg: CheckpointConfig, now: number, req: TriggerRequest, cmds: CoordinatorCommand[]): void {
  const id = s.nextId++; // checkpointIdCounter.getAndIncrement(), only once the request runs
  const cp: CheckpointRecord = { id, props: req.props, status: 'IN_PROGRESS', triggeredAt: now, tasksToWaitFor: [...req.allTasks], acknowledged: {} };
  s.pending.push(cp);
  record(s, cp);
  cmds.push({ type: 'scheduleTimeout', id, at: now + cfg.timeoutMs });
  cmds.push({ type: 'triggerTasks', id, timestamp: now, props: { ...req.props }, tasks: [...req.sources] });
  if (isFullyAcknowledged(cp)) complete(s, cfg, now, cp, cmds); // maybeCompleteCheckpoint: nothing to wait for
  else executeQueued(s, cfg, now, cmds);
}

/** `executeQueuedRequest` (after a trigger, completion or abort): runs queued requests while allowed. */
function executeQueued(s: CoordinatorState, cfg: CheckpointConfig, now: number, cmds: CoordinatorCommand[]): void {
  const run = apply(s, now, chooseQueuedRequestToExecute(s.queue, context(s, cfg, now)), cmds);
  if (run) start(s, cfg, now, run, cmds);
}

/** `receiveAcknowledgeMessage` / `PendingCheckpoint.acknowledgeTask`. */
export function receiveAcknowledge(
  s: CoordinatorState, cfg: CheckpointConfig, now: number, id: number, task: string, ack: SubtaskAck,
): { result: 'SUCCESS' | 'DUPLICATE' | 'UNKNOWN' | 'DISCARDED'; commands: CoordinatorCommand[] } {
  const cp = s.pending.find((p) => p.id === id);
  // Unknown, expired, aborted or completed: "try to discard the state so that we don't have lingering state".
  if (cp === undefined) return { result: 'DISCARDED', commands: [] };
  if (!cp.tasksToWaitFor.includes(task)) return { result: 'UNKNOWN', commands: [] }; // state discarded too
  if (task in cp.acknowledged) return { result: 'DUPLICATE', commands: [] };
  move(cp, { type: 'ACKNOWLEDGE' });
  cp.acknowledged[task] = ack;
  record(s, cp);
  const commands: CoordinatorCommand[] = [];
  if (isFullyAcknowledged(cp)) complete(s, cfg, now, cp, commands);
  return { result: 'SUCCESS', commands };
}

/** `completePendingCheckpoint` and `cleanupAfterCompletedCheckpoint`. */
function complete(s: CoordinatorState, cfg: CheckpointConfig, now: number, cp: CheckpointRecord, cmds: CoordinatorCommand[]): void {
  move(cp, { type: 'FULLY_ACKNOWLEDGED' });
  cp.completedAt = now;
  s.pending = s.pending.filter((p) => p !== cp);
  if (!cp.props.savepoint) {
    s.completed.push(cp); // addCompletedCheckpointToStoreAndSubsumeOldest
    while (s.completed.length > Math.max(1, cfg.numRetained)) {
      const old = s.completed.shift()!;
      move(old, { type: 'SUBSUME', savepoint: old.props.savepoint });
      record(s, old);
    }
  } else s.savepoints.push(cp); // savepoints are not added to the CompletedCheckpointStore
  handleCheckpointSuccess(s.failures, cp.id); // reportCompletedCheckpoint
  record(s, cp);
  cmds.push({ type: 'completed', id: cp.id });
  s.lastCompletionAt = now; // lastCheckpointCompletionRelativeTime, for min-pause
  if (!cp.props.savepoint || cp.props.synchronous) {
    // dropSubsumedCheckpoints: older pending ones that canBeSubsumed() (not savepoints).
    for (const p of s.pending.filter((q) => q.id < cp.id && !q.props.savepoint)) abort(s, cfg, now, p, 'CHECKPOINT_SUBSUMED', null, cmds);
    cmds.push({ type: 'notifyComplete', id: cp.id, tasks: [...cp.tasksToWaitFor] });
  }
  executeQueued(s, cfg, now, cmds); // scheduleTriggerRequest
}

/** `abortPendingCheckpoint`: FAILED, the failure manager decides on the job, tasks are told. */
function abort(
  s: CoordinatorState, cfg: CheckpointConfig, now: number, cp: CheckpointRecord, reason: string, task: string | null, cmds: CoordinatorCommand[],
): void {
  move(cp, { type: 'ABORT', reason });
  cp.failedAt = now;
  cp.failureReason = reason;
  s.pending = s.pending.filter((p) => p !== cp);
  record(s, cp);
  cmds.push({ type: 'aborted', id: cp.id, reason });
  const fail = handleCheckpointException(s.failures, cfg.tolerableFailures, {
    id: cp.id, savepoint: cp.props.savepoint, synchronous: cp.props.synchronous, task, reason,
  });
  if (fail !== null) cmds.push({ type: 'failJob', reason: fail });
  cmds.push({ type: 'notifyAborted', id: cp.id, reason, tasks: [...cp.tasksToWaitFor] }); // sendAbortedMessages
}

/** `receiveDeclineMessage`: a task declined (reason: a CheckpointFailureReason name, e.g. CHECKPOINT_DECLINED). */
export function receiveDecline(s: CoordinatorState, cfg: CheckpointConfig, now: number, id: number, task: string, reason: string): CoordinatorCommand[] {
  const cp = s.pending.find((p) => p.id === id);
  if (cp === undefined) return []; // unknown or already expired: only logged
  const cmds: CoordinatorCommand[] = [];
  abort(s, cfg, now, cp, reason, task, cmds);
  executeQueued(s, cfg, now, cmds);
  return cmds;
}

/** `CheckpointCanceller.run`: a checkpoint still pending at its timeout expires. */
export function onCheckpointTimeout(s: CoordinatorState, cfg: CheckpointConfig, now: number, id: number): CoordinatorCommand[] {
  const cp = s.pending.find((p) => p.id === id);
  if (cp === undefined) return []; // completed or aborted: its canceller was cancelled
  const cmds: CoordinatorCommand[] = [];
  abort(s, cfg, now, cp, 'CHECKPOINT_EXPIRED', null, cmds);
  executeQueued(s, cfg, now, cmds);
  return cmds;
}

/**
 * The job failed/restarts (`abortPendingAndQueuedCheckpoints`): queued requests fail and every
 * pending checkpoint is aborted with `reason` (e.g. CHECKPOINT_COORDINATOR_SUSPEND, JOB_FAILOVER_REGION).
 */
export function abortPendingCheckpoints(s: CoordinatorState, cfg: CheckpointConfig, now: number, reason: string): CoordinatorCommand[] {
  const cmds: CoordinatorCommand[] = [];
  for (const r of s.queue.splice(0)) cmds.push({ type: 'triggerRejected', reason, periodic: r.periodic, savepoint: r.props.savepoint });
  s.queued = 0;
  for (const cp of [...s.pending]) abort(s, cfg, now, cp, reason, null, cmds);
  return cmds;
}

/** `startCheckpointScheduler`: the first trigger after `initialDelay` (Flink: random in [minPause, interval]). */
export function startCheckpointScheduler(s: CoordinatorState, cfg: CheckpointConfig, now: number, initialDelay = baseInterval(cfg)): CoordinatorCommand[] {
  const cmds: CoordinatorCommand[] = [];
  schedule(s, cmds, now + initialDelay);
  return cmds;
}

/** `stopCheckpointScheduler`: no more periodic triggers; queued and pending ones abort with CHECKPOINT_COORDINATOR_SUSPEND. */
export function stopCheckpointScheduler(s: CoordinatorState, cfg: CheckpointConfig, now: number): CoordinatorCommand[] {
  s.nextTriggerAt = null;
  return abortPendingCheckpoints(s, cfg, now, 'CHECKPOINT_COORDINATOR_SUSPEND');
}

/** The checkpoint recovery uses: the latest completed checkpoint, or the latest synchronous savepoint if newer. */
export function latestCompletedCheckpoint(s: CoordinatorState): CheckpointRecord | null {
  const cp = s.completed[s.completed.length - 1] ?? null;
  const sync = s.savepoints.filter((p) => p.props.synchronous);
  const sp = sync[sync.length - 1] ?? null;
  if (sp !== null && (cp === null || sp.id > cp.id)) return sp;
  return cp;
}
