/**
 * Flink's CheckpointRequestDecider
 * (flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/CheckpointRequestDecider.java;
 * reference §5.2 "Max-concurrent / min-pause"): decides whether a trigger request runs now, waits in
 * the queue, or is dropped. The queue is a plain array kept in the decider's order, mutated in place.
 */
import type { CheckpointProps } from './CheckpointCoordinator.ts';
import type { CheckpointFailureReason } from './CheckpointFailureManager.ts';

/** CheckpointRequestDecider.DEFAULT_MAX_QUEUED_REQUESTS. */
export const DEFAULT_MAX_QUEUED_REQUESTS = 1000;

/** CheckpointCoordinator.CheckpointTriggerRequest, with the plan the runtime gave when it was made. */
export interface TriggerRequest {
  periodic: boolean;
  props: CheckpointProps;
  /** CheckpointProperties.forceCheckpoint(): savepoints unless unaligned checkpoints are enabled
   *  (CheckpointCoordinator.triggerSavepoint: `forSavepoint(!unalignedCheckpointsEnabled, …)`). */
  force: boolean;
  /** When it was requested. */
  timestamp: number;
  /** Tasks to trigger (the sources) and to wait for / commit to (all tasks). */
  sources: string[];
  allTasks: string[];
}

/** What the coordinator knows when it decides. */
export interface DeciderContext {
  now: number;
  pendingCount: number;
  lastCompletionAt: number | null;
  maxConcurrent: number;
  minPauseMs: number;
  maxQueued?: number;
}

/** The decision: a request to start now (or null), requests failed on the way, and a trigger to move. */
export interface Decision {
  execute: TriggerRequest | null;
  dropped: { request: TriggerRequest; reason: CheckpointFailureReason }[];
  /** `rescheduleTrigger(delay)`: move the next periodic trigger to now + delay. */
  rescheduleDelay: number | null;
}

/** Forced requests ignore max-concurrent and min-pause. */
export const isForce = (r: TriggerRequest): boolean => r.force;

/** `checkpointTriggerRequestsComparator`: savepoints, forced, non-periodic first, then by timestamp. */
function compare(a: TriggerRequest, b: TriggerRequest): number {
  if (a.props.savepoint !== b.props.savepoint) return a.props.savepoint ? -1 : 1;
  if (isForce(a) !== isForce(b)) return isForce(a) ? -1 : 1;
  if (a.periodic !== b.periodic) return a.periodic ? 1 : -1;
  return a.timestamp - b.timestamp; // equal: arrival order (Flink: identityHashCode)
}

function insert(queue: TriggerRequest[], r: TriggerRequest): void {
  let i = queue.length;
  while (i > 0 && compare(queue[i - 1]!, r) > 0) i--;
  queue.splice(i, 0, r);
}

/** `chooseRequestToExecute(newRequest, …)`: queues the new request, then picks one to run. */
export function chooseRequestToExecute(queue: TriggerRequest[], request: TriggerRequest, ctx: DeciderContext): Decision {
  const max = ctx.maxQueued ?? DEFAULT_MAX_QUEUED_REQUESTS;
  const last = queue[queue.length - 1];
  if (queue.length >= max && last !== undefined && !last.periodic) {
    // Only user requests are queued: keep them and drop the new one.
    return { execute: null, dropped: [{ request, reason: 'TOO_MANY_CHECKPOINT_REQUESTS' }], rescheduleDelay: null };
  }
  insert(queue, request);
  const dropped: Decision['dropped'] = [];
  if (queue.length > max) dropped.push({ request: queue.pop()!, reason: 'TOO_MANY_CHECKPOINT_REQUESTS' });
  const d = chooseQueuedRequestToExecute(queue, ctx);
  return { ...d, dropped: [...dropped, ...d.dropped] };
}

/**
 * `chooseRequestToExecute(isTriggering, lastCompletionMs)`: at max-concurrent only a forced request
 * runs; a periodic one within min-pause of the last completion is failed and the trigger rescheduled.
 */
export function chooseQueuedRequestToExecute(queue: TriggerRequest[], ctx: DeciderContext): Decision {
  const first = queue[0];
  if (first === undefined) return { execute: null, dropped: [], rescheduleDelay: null };
  if (ctx.pendingCount >= ctx.maxConcurrent) {
    return { execute: isForce(first) ? queue.shift()! : null, dropped: [], rescheduleDelay: null };
  }
  if (!isForce(first) && first.periodic) {
    const delay = nextTriggerDelay(ctx);
    if (delay > 0) {
      queue.shift();
      return { execute: null, dropped: [{ request: first, reason: 'MINIMUM_TIME_BETWEEN_CHECKPOINTS' }], rescheduleDelay: delay };
    }
  }
  return { execute: queue.shift()!, dropped: [], rescheduleDelay: null };
}

/** `nextTriggerDelayMillis`: lastCompletion − now + minPause (no completion yet: no delay). */
export function nextTriggerDelay(ctx: DeciderContext): number {
  return ctx.lastCompletionAt === null ? 0 : ctx.lastCompletionAt - ctx.now + ctx.minPauseMs;
}
