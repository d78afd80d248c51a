/**
 * Fixed delay: N restarts allowed, failure N+1 fails the job; the backoff is always the delay.
 * flink-runtime/src/main/java/org/apache/flink/runtime/executiongraph/failover/FixedDelayRestartBackoffTimeStrategy.java
 */
import type { FixedDelayConfig, FixedDelayState, RestartConfigProblem } from './RestartBackoffTimeStrategy.ts';
import { FIXED_DELAY_ATTEMPTS, FIXED_DELAY_DELAY } from './RestartStrategyOptions.ts';

/** The constructor's checkArgument preconditions. */
export function problems(c: FixedDelayConfig): RestartConfigProblem[] {
  const out: RestartConfigProblem[] = [];
  if (!(c.attempts >= 0)) {
    out.push({ key: FIXED_DELAY_ATTEMPTS, message: 'Maximum number of restart attempts must be at least 0.' });
  }
  if (!(c.delayMs >= 0)) {
    out.push({ key: FIXED_DELAY_DELAY, message: 'Backoff time between restart attempts must be at least 0 ms.' });
  }
  return out;
}

/** `currentRestartAttempt = 0`. */
export function initialState(): FixedDelayState {
  return { type: 'fixed-delay', currentRestartAttempt: 0 };
}

/** `notifyFailure`: `currentRestartAttempt++`, always a new attempt. */
export function notifyFailure(s: FixedDelayState): boolean {
  s.currentRestartAttempt++;
  return true;
}

/** `canRestart`: `currentRestartAttempt <= maxNumberRestartAttempts`. */
export function canRestart(c: FixedDelayConfig, s: FixedDelayState): boolean {
  return s.currentRestartAttempt <= c.attempts;
}

/** `getBackoffTime`: the fixed delay. */
export function getBackoffTime(c: FixedDelayConfig): number {
  return c.delayMs;
}

/** `toString` (generateStrategyString). */
export function describe(c: FixedDelayConfig): string {
  return `FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=${c.attempts}, backoffTimeMS=${c.delayMs})`;
}
