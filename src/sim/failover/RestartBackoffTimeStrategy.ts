/**
 * Restart (backoff) strategies (reference §5): whether a failed job may restart, and after which delay.
 * Interface after flink-runtime/src/main/java/org/apache/flink/runtime/executiongraph/failover/RestartBackoffTimeStrategy.java:
 * `ExecutionFailureHandler` calls `notifyFailure` first, then `canRestart`, then `getBackoffTime`.
 * Config and state are plain JSON; the clock (`now`) and randomness (`randomInt`) are passed in.
 */
import * as ExponentialDelay from './ExponentialDelayRestartBackoffTimeStrategy.ts';
import * as FailureRate from './FailureRateRestartBackoffTimeStrategy.ts';
import * as FixedDelay from './FixedDelayRestartBackoffTimeStrategy.ts';
import * as NoRestart from './NoRestartBackoffTimeStrategy.ts';

import { restartStrategyProblems } from './RestartBackoffTimeStrategyFactoryLoader.ts';

export {
  RESTART_STRATEGY_DEFAULTS,
  restartStrategyFromConfig,
  restartStrategyProblems,
} from './RestartBackoffTimeStrategyFactoryLoader.ts';

/** No restart: NoRestartBackoffTimeStrategy. */
export interface NoRestartConfig {
  type: 'none';
}
/** FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts, backoffTimeMS). */
export interface FixedDelayConfig {
  type: 'fixed-delay';
  attempts: number;
  delayMs: number;
}
/** FailureRateRestartBackoffTimeStrategy(maxFailuresPerInterval, failuresIntervalMS, backoffTimeMS). */
export interface FailureRateConfig {
  type: 'failure-rate';
  maxFailuresPerInterval: number;
  intervalMs: number;
  delayMs: number;
}
/** ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS, maxBackoffMS, backoffMultiplier, resetBackoffThresholdMS, jitterFactor, attemptsBeforeResetBackoff). */
export interface ExponentialDelayConfig {
  type: 'exponential-delay';
  initialBackoffMs: number;
  maxBackoffMs: number;
  multiplier: number;
  resetThresholdMs: number;
  jitterFactor: number;
  attemptsBeforeReset: number;
}
/** One configured restart strategy. */
export type RestartStrategyConfig = NoRestartConfig | FixedDelayConfig | FailureRateConfig | ExponentialDelayConfig;

/** NoRestartBackoffTimeStrategy is stateless. */
export interface NoRestartState {
  type: 'none';
}
/** FixedDelay: `currentRestartAttempt`. */
export interface FixedDelayState {
  type: 'fixed-delay';
  currentRestartAttempt: number;
}
/** FailureRate: the `failureTimestamps` deque, oldest first. */
export interface FailureRateState {
  type: 'failure-rate';
  failureTimestamps: number[];
}
/** ExponentialDelay: `currentRestartAttempt` and `nextRestartTimestamp` (starts at Integer.MIN_VALUE). */
export interface ExponentialDelayState {
  type: 'exponential-delay';
  currentRestartAttempt: number;
  nextRestartTimestamp: number;
}
/** Plain JSON state (lives in the serializable world; no Sets/Maps/classes). */
export type RestartBackoffState = NoRestartState | FixedDelayState | FailureRateState | ExponentialDelayState;

/** Draws uniformly from [lo, hi], both inclusive. */
export type RandomInt = (lo: number, hi: number) => number;

/** A config problem: the config key and Flink's message. */
export interface RestartConfigProblem {
  key: string;
  message: string;
}

/** A fresh strategy (Factory.create()); throws Flink's IllegalArgumentException message on a bad config. */
export function createRestartBackoffState(c: RestartStrategyConfig): RestartBackoffState {
  const [problem] = restartStrategyProblems(c);
  if (problem) throw new Error(problem.message);
  switch (c.type) {
    case 'none':
      return { type: 'none' };
    case 'fixed-delay':
      return FixedDelay.initialState();
    case 'failure-rate':
      return FailureRate.initialState();
    case 'exponential-delay':
      return ExponentialDelay.initialState();
  }
}

/** Mutates state; returns isNewAttempt. `randomInt(lo, hi)` draws uniformly from [lo, hi] inclusive (jitter). */
export function notifyFailure(
  c: RestartStrategyConfig,
  state: RestartBackoffState,
  now: number,
  randomInt: RandomInt,
): boolean {
  switch (c.type) {
    case 'none':
      return NoRestart.notifyFailure();
    case 'fixed-delay':
      return FixedDelay.notifyFailure(stateOf(c, state));
    case 'failure-rate':
      return FailureRate.notifyFailure(c, stateOf(c, state), now);
    case 'exponential-delay':
      return ExponentialDelay.notifyFailure(c, stateOf(c, state), now, randomInt);
  }
}

/** `canRestart()` at time `now`. */
export function canRestart(c: RestartStrategyConfig, state: RestartBackoffState, now: number): boolean {
  switch (c.type) {
    case 'none':
      return NoRestart.canRestart();
    case 'fixed-delay':
      return FixedDelay.canRestart(c, stateOf(c, state));
    case 'failure-rate':
      return FailureRate.canRestart(c, stateOf(c, state), now);
    case 'exponential-delay':
      return ExponentialDelay.canRestart(c, stateOf(c, state));
  }
}

/** `getBackoffTime()` at time `now`, in ms. ExponentialDelay throws before the first notifyFailure. */
export function getBackoffTime(c: RestartStrategyConfig, state: RestartBackoffState, now: number): number {
  switch (c.type) {
    case 'none':
      return NoRestart.getBackoffTime();
    case 'fixed-delay':
      return FixedDelay.getBackoffTime(c);
    case 'failure-rate':
      return FailureRate.getBackoffTime(c);
    case 'exponential-delay':
      return ExponentialDelay.getBackoffTime(stateOf(c, state), now);
  }
}

/**
 * Flink's toString of the strategy, used in "Recovery is suppressed by <toString>".
 * ExponentialDelay's toString includes its state: pass `state` for the current values
 * (omitted: a freshly created strategy).
 */
export function describeRestartStrategy(c: RestartStrategyConfig, state?: RestartBackoffState): string {
  switch (c.type) {
    case 'none':
      return NoRestart.describe();
    case 'fixed-delay':
      return FixedDelay.describe(c);
    case 'failure-rate':
      return FailureRate.describe(c);
    case 'exponential-delay':
      return ExponentialDelay.describe(c, state ? stateOf(c, state) : ExponentialDelay.initialState());
  }
}

type StateFor<C extends RestartStrategyConfig> = Extract<RestartBackoffState, { type: C['type'] }>;

function stateOf<C extends RestartStrategyConfig>(c: C, state: RestartBackoffState): StateFor<C> {
  if (state.type !== c.type) {
    throw new Error(`Restart state of type ${state.type} does not belong to a ${c.type} restart strategy`);
  }
  return state as StateFor<C>;
}
