/**
 * Flink's CheckpointFailureManager and CheckpointFailureReason
 * (flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/CheckpointFailureManager.java,
 * CheckpointFailureReason.java; reference §5.2 "Tolerable failures"): counts consecutive checkpoint
 * failures and decides when the job must fail. Plain data, mutated in place.
 */

/** CheckpointFailureReason: name → [isPreFlight, message], in declaration order. */
export const CHECKPOINT_FAILURE_REASONS = {
  PERIODIC_SCHEDULER_SHUTDOWN: [true, 'Periodic checkpoint scheduler is shut down.'],
  TOO_MANY_CHECKPOINT_REQUESTS: [true, 'The maximum number of queued checkpoint requests exceeded'],
  MINIMUM_TIME_BETWEEN_CHECKPOINTS: [true, 'The minimum time between checkpoints is still pending. Checkpoint will be triggered after the minimum time.'],
  NOT_ALL_REQUIRED_TASKS_RUNNING: [true, 'Not all required tasks are currently running.'],
  IO_EXCEPTION: [true, 'An Exception occurred while triggering the checkpoint. IO-problem detected.'],
  BLOCKING_OUTPUT_EXIST: [true, 'Blocking output edge exists in running tasks.'],
  CHECKPOINT_ASYNC_EXCEPTION: [false, 'Asynchronous task checkpoint failed.'],
  CHANNEL_STATE_SHARED_STREAM_EXCEPTION: [false, 'The checkpoint was aborted due to exception of other subtasks sharing the ChannelState file.'],
  CHECKPOINT_EXPIRED: [false, 'Checkpoint expired before completing.'],
  CHECKPOINT_SUBSUMED: [false, 'Checkpoint has been subsumed.'],
  CHECKPOINT_DECLINED: [false, 'Checkpoint was declined.'],
  CHECKPOINT_DECLINED_TASK_NOT_READY: [false, 'Checkpoint was declined (tasks not ready)'],
  CHECKPOINT_DECLINED_TASK_CLOSING: [false, 'Checkpoint was declined (task is closing)'],
  CHECKPOINT_DECLINED_SUBSUMED: [false, 'Checkpoint was canceled because a barrier from newer checkpoint was received.'],
  CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER: [false, 'Task received cancellation from one of its inputs'],
  CHECKPOINT_DECLINED_INPUT_END_OF_STREAM: [false, 'Checkpoint was declined because one input stream is finished'],
  CHECKPOINT_COORDINATOR_SHUTDOWN: [false, 'CheckpointCoordinator shutdown.'],
  CHECKPOINT_COORDINATOR_SUSPEND: [false, 'Checkpoint Coordinator is suspending.'],
  JOB_FAILOVER_REGION: [false, 'FailoverRegion is restarting.'],
  TASK_FAILURE: [false, 'Task has failed.'],
  TASK_CHECKPOINT_FAILURE: [false, 'Task local checkpoint failure.'],
  UNKNOWN_TASK_CHECKPOINT_NOTIFICATION_FAILURE: [false, 'Unknown task for the checkpoint to notify.'],
  FINALIZE_CHECKPOINT_FAILURE: [false, 'Failure to finalize checkpoint.'],
  TRIGGER_CHECKPOINT_FAILURE: [false, 'Trigger checkpoint failure.'],
} as const satisfies Record<string, readonly [boolean, string]>;
export type CheckpointFailureReason = keyof typeof CHECKPOINT_FAILURE_REASONS;

/** `CheckpointFailureManager.EXCEEDED_CHECKPOINT_TOLERABLE_FAILURE_MESSAGE`. */
export const EXCEEDED_CHECKPOINT_TOLERABLE_FAILURE_MESSAGE = 'Exceeded checkpoint tolerable failure threshold.';
/** `UNLIMITED_TOLERABLE_FAILURE_NUMBER` (Integer.MAX_VALUE): nothing is ever counted. */
export const UNLIMITED_TOLERABLE_FAILURE_NUMBER = 2147483647;

/** Reasons that count against the threshold (CheckpointFailureReason.isCountedAgainstFailureThreshold). */
const COUNTED: ReadonlySet<string> = new Set<CheckpointFailureReason>([
  'IO_EXCEPTION', 'CHECKPOINT_ASYNC_EXCEPTION', 'CHECKPOINT_DECLINED', 'CHECKPOINT_EXPIRED', 'FINALIZE_CHECKPOINT_FAILURE',
]);

/** Whether a failure with this reason counts; unknown reason names never count (Flink throws for them). */
export const isCountedAgainstFailureThreshold = (reason: string): boolean => COUNTED.has(reason);
/** `isPreFlight()`: the failure happened before the checkpoint reached the tasks. */
export const isPreFlight = (reason: string): boolean =>
  (CHECKPOINT_FAILURE_REASONS as Record<string, readonly [boolean, string]>)[reason]?.[0] === true;
/** Flink's message for a reason name, or the name itself when it is not one of Flink's. */
export const failureMessage = (reason: string): string =>
  (CHECKPOINT_FAILURE_REASONS as Record<string, readonly [boolean, string]>)[reason]?.[1] ?? reason;

/** The manager's state: `continuousFailureCounter`, `lastSucceededCheckpointId`, `countedCheckpointIds`. */
export interface FailureCounter {
  continuous: number;
  /** Flink starts at Long.MIN_VALUE; here the most negative safe integer (JSON has no -Infinity). */
  lastSucceededId: number;
  countedIds: number[];
}
export const newFailureCounter = (): FailureCounter => ({ continuous: 0, lastSucceededId: Number.MIN_SAFE_INTEGER, countedIds: [] });

/** One failed (or refused) attempt as `handleCheckpointException` sees it. */
export interface CheckpointFailure {
  /** null when the failure came before an id was drawn (Flink's UNKNOWN_CHECKPOINT_ID). */
  id: number | null;
  savepoint: boolean;
  synchronous: boolean;
  /** The declining task, or null for a JobManager-side failure (expiry, subsumption, coordinator abort). */
  task: string | null;
  reason: string;
}

function clearCount(f: FailureCounter): void {
  f.continuous = 0;
  f.countedIds = [];
}

/** `checkFailureCounter`: counts counted reasons, each checkpoint id at most once. */
export function checkFailureCounter(f: FailureCounter, tolerable: number, reason: string, id: number | null): void {
  if (tolerable === UNLIMITED_TOLERABLE_FAILURE_NUMBER || !isCountedAgainstFailureThreshold(reason)) return;
  if (id === null) f.continuous++;
  else if (!f.countedIds.includes(id)) {
    f.countedIds.push(id);
    f.continuous++;
  }
}

/** `checkFailureAgainstCounter`: only ids newer than the last success count; fails when counter > tolerable. */
function checkAgainstCounter(f: FailureCounter, tolerable: number, reason: string, id: number | null): string | null {
  if (id !== null && id <= f.lastSucceededId) return null;
  checkFailureCounter(f, tolerable, reason, id);
  if (f.continuous <= tolerable) return null;
  clearCount(f);
  return EXCEEDED_CHECKPOINT_TOLERABLE_FAILURE_MESSAGE;
}

/**
 * `handleCheckpointException`: the reason the job must fail, or null. JobManager failures (pre-flight,
 * or no task) are ignored for savepoints and counted for checkpoints; task failures of a synchronous
 * savepoint (stop-with-savepoint) always fail the job, other task failures are counted.
 */
export function handleCheckpointException(f: FailureCounter, tolerable: number, x: CheckpointFailure): string | null {
  const jobManagerFailure = isPreFlight(x.reason) || x.task === null;
  if (jobManagerFailure) return x.savepoint ? null : checkAgainstCounter(f, tolerable, x.reason, x.id);
  if (x.savepoint && x.synchronous) return failureMessage(x.reason);
  return checkAgainstCounter(f, tolerable, x.reason, x.id);
}

/** `handleCheckpointSuccess`: a newer success resets the counter. */
export function handleCheckpointSuccess(f: FailureCounter, id: number): void {
  if (id > f.lastSucceededId) {
    f.lastSucceededId = id;
    clearCount(f);
  }
}
