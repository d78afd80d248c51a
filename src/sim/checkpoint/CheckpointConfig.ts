/**
 * The checkpointing settings, resolved from Flink's keys with Flink's defaults
 * (flink-core/src/main/java/org/apache/flink/configuration/CheckpointingOptions.java; reference §5.1),
 * and the contradictory settings Flink rejects (flink-streaming-java/.../api/environment/CheckpointConfig.java
 * setters; unaligned-checkpoint limits from the option's documentation and StreamingJobGraphGenerator).
 */
import { optionDefault } from '../config/Configuration.ts';

/** Resolved checkpointing settings (CheckpointingOptions, reference §5.1). */
export interface CheckpointConfig {
  enabled: boolean; // execution.checkpointing.interval set
  intervalMs: number; // execution.checkpointing.interval (DISABLED_CHECKPOINT_INTERVAL when unset)
  mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE'; // execution.checkpointing.mode
  timeoutMs: number; // execution.checkpointing.timeout (default 10 min)
  maxConcurrent: number; // execution.checkpointing.max-concurrent-checkpoints (1)
  minPauseMs: number; // execution.checkpointing.min-pause (0)
  tolerableFailures: number; // execution.checkpointing.tolerable-failed-checkpoints (0)
  numRetained: number; // execution.checkpointing.num-retained (1)
  unaligned: boolean; // execution.checkpointing.unaligned.enabled (false)
  alignedTimeoutMs: number; // execution.checkpointing.aligned-checkpoint-timeout (0)
  afterTasksFinish: boolean; // execution.checkpointing.checkpoints-after-tasks-finish (true)
}

export const CHECKPOINTING_INTERVAL = 'execution.checkpointing.interval';
export const CHECKPOINTING_MODE = 'execution.checkpointing.mode';
export const CHECKPOINTING_TIMEOUT = 'execution.checkpointing.timeout';
export const MAX_CONCURRENT_CHECKPOINTS = 'execution.checkpointing.max-concurrent-checkpoints';
export const MIN_PAUSE_BETWEEN_CHECKPOINTS = 'execution.checkpointing.min-pause';
export const TOLERABLE_FAILURE_NUMBER = 'execution.checkpointing.tolerable-failed-checkpoints';
export const MAX_RETAINED_CHECKPOINTS = 'execution.checkpointing.num-retained';
export const ENABLE_UNALIGNED = 'execution.checkpointing.unaligned.enabled';
export const ALIGNED_CHECKPOINT_TIMEOUT = 'execution.checkpointing.aligned-checkpoint-timeout';
export const ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH = 'execution.checkpointing.checkpoints-after-tasks-finish';

/** Deprecated keys still read when the main key is absent (`withDeprecatedKeys`). */
const DEPRECATED: Record<string, string> = {
  [MAX_RETAINED_CHECKPOINTS]: 'state.checkpoints.num-retained',
  [ENABLE_UNALIGNED]: 'execution.checkpointing.unaligned',
  [ALIGNED_CHECKPOINT_TIMEOUT]: 'execution.checkpointing.alignment-timeout',
};

/** CheckpointConfig.MINIMAL_CHECKPOINT_TIME: the smallest interval (and timeout) Flink accepts, in ms. */
export const MINIMAL_CHECKPOINT_TIME = 10;
/** The interval of a job without periodic checkpoints (CheckpointCoordinatorConfiguration uses Long.MAX_VALUE). */
export const DISABLED_CHECKPOINT_INTERVAL = -1;
/** CheckpointCoordinator's constructor caps min-pause at one year, "to prevent numeric overflows". */
const MAX_MIN_PAUSE = 365 * 24 * 60 * 60 * 1000;

function read(values: Record<string, unknown>, key: string): unknown {
  if (values[key] !== undefined && values[key] !== null) return values[key];
  const old = DEPRECATED[key];
  if (old !== undefined && values[old] !== undefined && values[old] !== null) return values[old];
  return optionDefault(key);
}
const num = (values: Record<string, unknown>, key: string): number => Number(read(values, key));
const bool = (values: Record<string, unknown>, key: string): boolean => read(values, key) === true || read(values, key) === 'true';

/** Reads the keys from a plain map key → already-parsed value (numbers are ms for durations). */
export function resolveCheckpointConfig(values: Record<string, unknown>): CheckpointConfig {
  const interval = values[CHECKPOINTING_INTERVAL];
  const enabled = interval !== undefined && interval !== null;
  const mode = String(read(values, CHECKPOINTING_MODE)).toUpperCase().replace(/-/g, '_');
  return {
    enabled,
    intervalMs: enabled ? Number(interval) : DISABLED_CHECKPOINT_INTERVAL,
    mode: mode === 'AT_LEAST_ONCE' ? 'AT_LEAST_ONCE' : 'EXACTLY_ONCE',
    timeoutMs: num(values, CHECKPOINTING_TIMEOUT),
    maxConcurrent: num(values, MAX_CONCURRENT_CHECKPOINTS),
    minPauseMs: num(values, MIN_PAUSE_BETWEEN_CHECKPOINTS),
    tolerableFailures: num(values, TOLERABLE_FAILURE_NUMBER),
    // DefaultCompletedCheckpointStoreUtils.getMaximumNumberOfRetainedCheckpoints: ≤ 0 logs a warning and uses 1.
    numRetained: num(values, MAX_RETAINED_CHECKPOINTS) > 0 ? num(values, MAX_RETAINED_CHECKPOINTS) : 1,
    unaligned: bool(values, ENABLE_UNALIGNED),
    alignedTimeoutMs: num(values, ALIGNED_CHECKPOINT_TIMEOUT),
    afterTasksFinish: bool(values, ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH),
  };
}

/**
 * The coordinator's trigger period: the interval, but never shorter than min-pause
 * (CheckpointCoordinator constructor: "it does not make sense to schedule checkpoints more often
 * then the desired time between checkpoints").
 */
export function baseInterval(c: CheckpointConfig): number {
  return Math.max(c.intervalMs, effectiveMinPause(c));
}
/** min-pause as the coordinator uses it (capped at one year). */
export const effectiveMinPause = (c: CheckpointConfig): number => Math.min(c.minPauseMs, MAX_MIN_PAUSE);

/** Flink's rejections of contradictory settings, as messages naming the key and the fix; [] when fine. */
export function checkCheckpointConfig(c: CheckpointConfig): string[] {
  const errors: string[] = [];
  // CheckpointConfig.setCheckpointInterval
  if (c.enabled && !(c.intervalMs >= MINIMAL_CHECKPOINT_TIME)) {
    errors.push(`Checkpoint interval must be larger than or equal to ${MINIMAL_CHECKPOINT_TIME} ms (${CHECKPOINTING_INTERVAL} is ${c.intervalMs} ms; set at least ${MINIMAL_CHECKPOINT_TIME} ms, or remove the key to disable checkpointing)`);
  }
  // CheckpointConfig.setCheckpointTimeout: ≤ 0 in Flink < 1.15 ("larger than zero"), < 10 ms since.
  if (!(c.timeoutMs > 0)) {
    errors.push(`Checkpoint timeout must be larger than zero (${CHECKPOINTING_TIMEOUT} is ${c.timeoutMs} ms; set a positive duration, default 10 min)`);
  } else if (c.timeoutMs < MINIMAL_CHECKPOINT_TIME) {
    errors.push(`Checkpoint timeout must be larger than or equal to ${MINIMAL_CHECKPOINT_TIME} ms (${CHECKPOINTING_TIMEOUT} is ${c.timeoutMs} ms)`);
  }
  // CheckpointConfig.setMaxConcurrentCheckpoints
  if (!(c.maxConcurrent >= 1)) {
    errors.push(`The maximum number of concurrent attempts must be at least one. (${MAX_CONCURRENT_CHECKPOINTS} is ${c.maxConcurrent}; set 1 or more)`);
  }
  // CheckpointConfig.setMinPauseBetweenCheckpoints
  if (!(c.minPauseMs >= 0)) {
    errors.push(`Pause value must be zero or positive (${MIN_PAUSE_BETWEEN_CHECKPOINTS} is ${c.minPauseMs} ms; set 0 ms or more)`);
  }
  // CheckpointConfig.setTolerableCheckpointFailureNumber
  if (!(c.tolerableFailures >= 0)) {
    errors.push(`The tolerable failure checkpoint number must be non-negative. (${TOLERABLE_FAILURE_NUMBER} is ${c.tolerableFailures}; set 0 or more)`);
  }
  // StreamingJobGraphGenerator: Flink logs this and turns unaligned checkpoints off.
  if (c.unaligned && c.mode !== 'EXACTLY_ONCE') {
    errors.push(`Unaligned checkpoints can only be used with checkpointing mode EXACTLY_ONCE (${ENABLE_UNALIGNED} is true but ${CHECKPOINTING_MODE} is ${c.mode}; set the mode to EXACTLY_ONCE or disable unaligned checkpoints)`);
  }
  // CheckpointingOptions.ENABLE_UNALIGNED description.
  if (c.unaligned && c.maxConcurrent > 1) {
    errors.push(`Unaligned checkpoints can only be enabled if ${CHECKPOINTING_MODE} is EXACTLY_ONCE and if ${MAX_CONCURRENT_CHECKPOINTS} is 1 (it is ${c.maxConcurrent}; set it to 1 or disable unaligned checkpoints)`);
  }
  return errors;
}
