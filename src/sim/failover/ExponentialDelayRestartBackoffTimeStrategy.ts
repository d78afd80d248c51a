/**
 * Exponential delay (reference §5.2): backoff `b0 × m^attempt` with jitter, capped at the max;
 * failures during a pending restart merge into it; the attempt count resets once the job ran
 * `resetThreshold` ms past the previous scheduled restart.
 * flink-runtime/src/main/java/org/apache/flink/runtime/executiongraph/failover/ExponentialDelayRestartBackoffTimeStrategy.java
 */
import type {
  ExponentialDelayConfig,
  ExponentialDelayState,
  RandomInt,
  RestartConfigProblem,
} from './RestartBackoffTimeStrategy.ts';
import {
  EXPONENTIAL_DELAY_ATTEMPTS,
  EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
  EXPONENTIAL_DELAY_INITIAL_BACKOFF,
  EXPONENTIAL_DELAY_JITTER_FACTOR,
  EXPONENTIAL_DELAY_MAX_BACKOFF,
  EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
  INTEGER_MIN_VALUE,
} from './RestartStrategyOptions.ts';
import { javaDoubleToString } from '../util/JavaDouble.ts';

/** `DEFAULT_NEXT_RESTART_TIMESTAMP = Integer.MIN_VALUE`. */
export const DEFAULT_NEXT_RESTART_TIMESTAMP = INTEGER_MIN_VALUE;

/** The constructor's checkArgument preconditions, in Flink's order. */
export function problems(c: ExponentialDelayConfig): RestartConfigProblem[] {
  const out: RestartConfigProblem[] = [];
  const check = (ok: boolean, key: string, message: string) => {
    if (!ok) out.push({ key, message });
  };
  check(c.initialBackoffMs >= 1, EXPONENTIAL_DELAY_INITIAL_BACKOFF, 'Initial backoff must be at least 1.');
  check(c.maxBackoffMs >= 1, EXPONENTIAL_DELAY_MAX_BACKOFF, 'Maximum backoff must be at least 1.');
  check(
    c.initialBackoffMs <= c.maxBackoffMs,
    EXPONENTIAL_DELAY_INITIAL_BACKOFF,
    'Initial backoff cannot be higher than maximum backoff.',
  );
  check(c.multiplier > 1, EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 'Backoff multiplier must be greater than 1.');
  check(
    c.resetThresholdMs >= 1,
    EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
    'Threshold duration for exponential backoff reset must be at least 1.',
  );
  check(
    0 <= c.jitterFactor && c.jitterFactor <= 1,
    EXPONENTIAL_DELAY_JITTER_FACTOR,
    'Jitter factor must be >= 0 and <= 1.',
  );
  check(c.attemptsBeforeReset >= 1, EXPONENTIAL_DELAY_ATTEMPTS, 'The attemptsBeforeResetBackoff must be at least 1.');
  return out;
}

/** `currentRestartAttempt = 0`, `nextRestartTimestamp = Integer.MIN_VALUE`. */
export function initialState(): ExponentialDelayState {
  return { type: 'exponential-delay', currentRestartAttempt: 0, nextRestartTimestamp: DEFAULT_NEXT_RESTART_TIMESTAMP };
}

/** `canRestart`: `currentRestartAttempt <= attemptsBeforeResetBackoff`. */
export function canRestart(c: ExponentialDelayConfig, s: ExponentialDelayState): boolean {
  return s.currentRestartAttempt <= c.attemptsBeforeReset;
}

/** `getBackoffTime`: `max(0, nextRestartTimestamp − now)`; checkState before the first failure. */
export function getBackoffTime(s: ExponentialDelayState, now: number): number {
  if (s.nextRestartTimestamp === DEFAULT_NEXT_RESTART_TIMESTAMP) throw new Error('Please call notifyFailure first.');
  return Math.max(0, s.nextRestartTimestamp - now);
}

/** `notifyFailure`: false when merged into a pending restart, true for a new attempt. */
export function notifyFailure(
  c: ExponentialDelayConfig,
  s: ExponentialDelayState,
  now: number,
  randomInt: RandomInt,
): boolean {
  // "Merge multiple failures into one attempt if there are tasks will be restarted later."
  if (now <= s.nextRestartTimestamp) return false;
  // Reset measured from the previous scheduled restart (the first failure always resets).
  if (now - s.nextRestartTimestamp >= c.resetThresholdMs) s.currentRestartAttempt = 0;
  s.nextRestartTimestamp = now + actualBackoffTime(c, s.currentRestartAttempt, randomInt);
  s.currentRestartAttempt++;
  return true;
}

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

/** Java's `(long) d`: truncation, saturating at Long.MIN/MAX_VALUE, NaN → 0. */
function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 2 ** 63) return LONG_MAX;
  if (d <= -(2 ** 63)) return LONG_MIN;
  return BigInt(Math.trunc(d));
}

/**
 * `calculateActualBackoffTime`: `max(b0, min(cur + jitter, bmax))` with
 * `cur = (long)(b0 × m^attempt)`; the long sum wraps on overflow as in Java.
 */
function actualBackoffTime(c: ExponentialDelayConfig, attempt: number, randomInt: RandomInt): number {
  const current = doubleToLong(c.initialBackoffMs * Math.pow(c.multiplier, attempt));
  const withJitter = BigInt.asIntN(64, current + jitterBackoff(c, current, randomInt));
  const maxBackoff = doubleToLong(c.maxBackoffMs);
  const initialBackoff = doubleToLong(c.initialBackoffMs);
  const capped = withJitter < maxBackoff ? withJitter : maxBackoff;
  return Number(capped > initialBackoff ? capped : initialBackoff);
}

/** `calculateJitterBackoffMS`: 0 without jitter, else uniform in `[−(long)(cur×j), +(long)(cur×j)]`. */
function jitterBackoff(c: ExponentialDelayConfig, current: bigint, randomInt: RandomInt): bigint {
  if (c.jitterFactor === 0) return 0n;
  const offset = Number(doubleToLong(Number(current) * c.jitterFactor));
  return doubleToLong(randomInt(-offset, offset));
}

/** `toString`, including the current state. */
export function describe(c: ExponentialDelayConfig, s: ExponentialDelayState): string {
  return (
    `ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=${c.initialBackoffMs}` +
    `, maxBackoffMS=${c.maxBackoffMs}` +
    `, backoffMultiplier=${javaDoubleToString(c.multiplier)}` +
    `, resetBackoffThresholdMS=${c.resetThresholdMs}` +
    `, jitterFactor=${javaDoubleToString(c.jitterFactor)}` +
    `, attemptsBeforeResetBackoff=${c.attemptsBeforeReset}` +
    `, currentRestartAttempt=${s.currentRestartAttempt}` +
    `, nextRestartTimestamp=${s.nextRestartTimestamp})`
  );
}

