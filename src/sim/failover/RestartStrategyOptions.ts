/**
 * Config keys and defaults of the restart strategies (Flink 1.20).
 * flink-core/src/main/java/org/apache/flink/configuration/RestartStrategyOptions.java
 */
import { optionDefault } from '../config/Configuration.ts';
import type { FlinkOptionKey } from '../config/ConfigOptions.ts';

/** `restart-strategy.type`; no default (the default strategy depends on checkpointing). */
export const RESTART_STRATEGY_TYPE = 'restart-strategy.type';
/** Deprecated key of `restart-strategy.type` (`withDeprecatedKeys(RESTART_STRATEGY_CONFIG_PREFIX)`). */
export const RESTART_STRATEGY_DEPRECATED_TYPE = 'restart-strategy';

/** Restarts allowed by fixed-delay (int, default 1). */
export const FIXED_DELAY_ATTEMPTS = 'restart-strategy.fixed-delay.attempts';
/** Fixed-delay backoff (duration, default 1 s). */
export const FIXED_DELAY_DELAY = 'restart-strategy.fixed-delay.delay';
/** Failures tolerated per interval by failure-rate (int, default 1). */
export const FAILURE_RATE_MAX_FAILURES_PER_INTERVAL = 'restart-strategy.failure-rate.max-failures-per-interval';
/** Failure-rate measuring interval (duration, default 1 min). */
export const FAILURE_RATE_INTERVAL = 'restart-strategy.failure-rate.failure-rate-interval';
/** Failure-rate backoff (duration, default 1 s). */
export const FAILURE_RATE_DELAY = 'restart-strategy.failure-rate.delay';
/** Exponential-delay initial backoff (duration, default 1 s). */
export const EXPONENTIAL_DELAY_INITIAL_BACKOFF = 'restart-strategy.exponential-delay.initial-backoff';
/** Exponential-delay maximum backoff (duration, default 1 min). */
export const EXPONENTIAL_DELAY_MAX_BACKOFF = 'restart-strategy.exponential-delay.max-backoff';
/** Exponential-delay multiplier (double, default 1.5). */
export const EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER = 'restart-strategy.exponential-delay.backoff-multiplier';
/** Exponential-delay reset threshold (duration, default 1 h). */
export const EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD = 'restart-strategy.exponential-delay.reset-backoff-threshold';
/** Exponential-delay jitter factor (double, default 0.1). */
export const EXPONENTIAL_DELAY_JITTER_FACTOR = 'restart-strategy.exponential-delay.jitter-factor';
/** Exponential-delay attempts before the backoff resets (int, default Integer.MAX_VALUE). */
export const EXPONENTIAL_DELAY_ATTEMPTS = 'restart-strategy.exponential-delay.attempts-before-reset-backoff';

/** Java's `Integer.MAX_VALUE`. */
export const INTEGER_MAX_VALUE = 2147483647;
/** Java's `Integer.MIN_VALUE`. */
export const INTEGER_MIN_VALUE = -2147483648;

/** The parsed default of a numeric option, from the one table of Flink options (config/ConfigOptions.ts). */
const numberDefault = (key: FlinkOptionKey): number => optionDefault(key) as number;

/**
 * Every key of reference §5.1 with its 1.20 default (durations in ms; `null`: no default), read from
 * the table of Flink options so that each default has one home. Exponential delay: 1 min and 1.5
 * since FLINK-33736 (5 min and 2.0 before).
 */
export const RESTART_STRATEGY_DEFAULTS = {
  [RESTART_STRATEGY_TYPE]: null,
  [FIXED_DELAY_ATTEMPTS]: numberDefault(FIXED_DELAY_ATTEMPTS),
  [FIXED_DELAY_DELAY]: numberDefault(FIXED_DELAY_DELAY),
  [FAILURE_RATE_MAX_FAILURES_PER_INTERVAL]: numberDefault(FAILURE_RATE_MAX_FAILURES_PER_INTERVAL),
  [FAILURE_RATE_INTERVAL]: numberDefault(FAILURE_RATE_INTERVAL),
  [FAILURE_RATE_DELAY]: numberDefault(FAILURE_RATE_DELAY),
  [EXPONENTIAL_DELAY_INITIAL_BACKOFF]: numberDefault(EXPONENTIAL_DELAY_INITIAL_BACKOFF),
  [EXPONENTIAL_DELAY_MAX_BACKOFF]: numberDefault(EXPONENTIAL_DELAY_MAX_BACKOFF),
  [EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER]: numberDefault(EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER),
  [EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD]: numberDefault(EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD),
  [EXPONENTIAL_DELAY_JITTER_FACTOR]: numberDefault(EXPONENTIAL_DELAY_JITTER_FACTOR),
  [EXPONENTIAL_DELAY_ATTEMPTS]: numberDefault(EXPONENTIAL_DELAY_ATTEMPTS),
} as const;

/**
 * `RestartStrategyOptions.RestartStrategyType`: main value first, then the other accepted values.
 * `RestartStrategyType.of(value)` matches the lower-cased value against all of them.
 */
export const RESTART_STRATEGY_TYPE_VALUES = {
  none: ['disable', 'none', 'off'],
  'fixed-delay': ['fixed-delay', 'fixeddelay'],
  'failure-rate': ['failure-rate', 'failurerate'],
  'exponential-delay': ['exponential-delay', 'exponentialdelay'],
} as const;
