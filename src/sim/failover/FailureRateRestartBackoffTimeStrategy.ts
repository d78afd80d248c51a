/**
 * Failure rate: the job fails when more than `maxFailuresPerInterval` failures fall within the interval.
 * flink-runtime/src/main/java/org/apache/flink/runtime/executiongraph/failover/FailureRateRestartBackoffTimeStrategy.java
 */
import type { FailureRateConfig, FailureRateState, RestartConfigProblem } from './RestartBackoffTimeStrategy.ts';
import {
  FAILURE_RATE_DELAY,
  FAILURE_RATE_INTERVAL,
  FAILURE_RATE_MAX_FAILURES_PER_INTERVAL,
} from './RestartStrategyOptions.ts';

/** The constructor's checkArgument preconditions. */
export function problems(c: FailureRateConfig): RestartConfigProblem[] {
  const out: RestartConfigProblem[] = [];
  if (!(c.maxFailuresPerInterval > 0)) {
    out.push({
      key: FAILURE_RATE_MAX_FAILURES_PER_INTERVAL,
      message: 'Maximum number of restart attempts per time unit must be greater than 0.',
    });
  }
  if (!(c.intervalMs > 0)) {
    out.push({ key: FAILURE_RATE_INTERVAL, message: 'Failures interval must be greater than 0 ms.' });
  }
  if (!(c.delayMs >= 0)) out.push({ key: FAILURE_RATE_DELAY, message: 'Backoff time must be at least 0 ms.' });
  return out;
}

/** An empty deque of failure timestamps. */
export function initialState(): FailureRateState {
  return { type: 'failure-rate', failureTimestamps: [] };
}

/** `isFailureTimestampsQueueFull`: `size > maxFailuresPerInterval`. */
function isFull(c: FailureRateConfig, s: FailureRateState): boolean {
  return s.failureTimestamps.length > c.maxFailuresPerInterval;
}

/** `notifyFailure`: drop the oldest when full, append `now`; always a new attempt. */
export function notifyFailure(c: FailureRateConfig, s: FailureRateState, now: number): boolean {
  if (isFull(c, s)) s.failureTimestamps.shift();
  s.failureTimestamps.push(now);
  return true;
}

/** `canRestart`: when full, the oldest failure must be strictly more than the interval ago. */
export function canRestart(c: FailureRateConfig, s: FailureRateState, now: number): boolean {
  if (!isFull(c, s)) return true;
  const earliestFailure = s.failureTimestamps[0] ?? now;
  return now - earliestFailure > c.intervalMs;
}

/** `getBackoffTime`: the fixed delay. */
export function getBackoffTime(c: FailureRateConfig): number {
  return c.delayMs;
}

/** `toString` (generateStrategyString), including Flink's doubled prefix and single closing parenthesis. */
export function describe(c: FailureRateConfig): string {
  return (
    'FailureRateRestartBackoffTimeStrategy(FailureRateRestartBackoffTimeStrategy(' +
    `failuresIntervalMS=${c.intervalMs},backoffTimeMS=${c.delayMs},maxFailuresPerInterval=${c.maxFailuresPerInterval})`
  );
}
