/**
 * Picks the restart strategy from Flink's config keys (reference §5.1).
 * flink-runtime/src/main/java/org/apache/flink/runtime/executiongraph/failover/RestartBackoffTimeStrategyFactoryLoader.java
 * Values arrive already parsed: durations as ms numbers, numbers as numbers, enums as strings.
 */
import type {
  ExponentialDelayConfig,
  RestartConfigProblem,
  RestartStrategyConfig,
} from './RestartBackoffTimeStrategy.ts';
import { problems as exponentialDelayProblems } from './ExponentialDelayRestartBackoffTimeStrategy.ts';
import { problems as failureRateProblems } from './FailureRateRestartBackoffTimeStrategy.ts';
import { problems as fixedDelayProblems } from './FixedDelayRestartBackoffTimeStrategy.ts';
import {
  EXPONENTIAL_DELAY_ATTEMPTS,
  EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
  EXPONENTIAL_DELAY_INITIAL_BACKOFF,
  EXPONENTIAL_DELAY_JITTER_FACTOR,
  EXPONENTIAL_DELAY_MAX_BACKOFF,
  EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
  FAILURE_RATE_DELAY,
  FAILURE_RATE_INTERVAL,
  FAILURE_RATE_MAX_FAILURES_PER_INTERVAL,
  FIXED_DELAY_ATTEMPTS,
  FIXED_DELAY_DELAY,
  INTEGER_MAX_VALUE,
  INTEGER_MIN_VALUE,
  RESTART_STRATEGY_DEFAULTS,
  RESTART_STRATEGY_DEPRECATED_TYPE,
  RESTART_STRATEGY_TYPE,
  RESTART_STRATEGY_TYPE_VALUES,
} from './RestartStrategyOptions.ts';

export { RESTART_STRATEGY_DEFAULTS } from './RestartStrategyOptions.ts';

/** The result of reading the restart strategy from a configuration. */
export type RestartStrategyFromConfig =
  | { ok: true; value: RestartStrategyConfig }
  | { ok: false; problems: RestartConfigProblem[] };

/** `getDefaultRestartStrategyFactory(true)`: exponential delay built from the options' *default* values. */
export const DEFAULT_EXPONENTIAL_DELAY: ExponentialDelayConfig = {
  type: 'exponential-delay',
  initialBackoffMs: RESTART_STRATEGY_DEFAULTS[EXPONENTIAL_DELAY_INITIAL_BACKOFF],
  maxBackoffMs: RESTART_STRATEGY_DEFAULTS[EXPONENTIAL_DELAY_MAX_BACKOFF],
  multiplier: RESTART_STRATEGY_DEFAULTS[EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER],
  resetThresholdMs: RESTART_STRATEGY_DEFAULTS[EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD],
  jitterFactor: RESTART_STRATEGY_DEFAULTS[EXPONENTIAL_DELAY_JITTER_FACTOR],
  attemptsBeforeReset: RESTART_STRATEGY_DEFAULTS[EXPONENTIAL_DELAY_ATTEMPTS],
};

/**
 * Reads Flink's config keys with Flink's defaults and the checkpointing-dependent default
 * (1.19+: exponential-delay if checkpointing is enabled, else none). Returns the config, or the
 * problems with Flink's own messages (parse errors, unknown type, the strategy constructor's preconditions).
 */
export function restartStrategyFromConfig(
  config: Record<string, unknown>,
  checkpointingEnabled: boolean,
): RestartStrategyFromConfig {
  // configuration.getOptional(RESTART_STRATEGY): the key first, then its deprecated key.
  const typeKey = isSet(config[RESTART_STRATEGY_TYPE])
    ? RESTART_STRATEGY_TYPE
    : isSet(config[RESTART_STRATEGY_DEPRECATED_TYPE])
      ? RESTART_STRATEGY_DEPRECATED_TYPE
      : undefined;
  if (typeKey === undefined) {
    // getDefaultRestartStrategyFactory: the keys of the strategy are not read.
    return { ok: true, value: checkpointingEnabled ? { ...DEFAULT_EXPONENTIAL_DELAY } : { type: 'none' } };
  }

  // RestartStrategyType.of(restartStrategyName.toLowerCase())
  const name = String(config[typeKey]).toLowerCase();
  const type = restartStrategyTypeOf(name);
  if (type === undefined) {
    const accepted = Object.values(RESTART_STRATEGY_TYPE_VALUES).flat().join(', ');
    return {
      ok: false,
      problems: [
        { key: typeKey, message: `${name} is an unknown value of RestartStrategyType. Accepted values: ${accepted}.` },
      ],
    };
  }

  const reader = new ConfigReader(config);
  let value: RestartStrategyConfig;
  switch (type) {
    case 'none':
      return { ok: true, value: { type: 'none' } };
    case 'fixed-delay': // FixedDelayRestartBackoffTimeStrategy.createFactory
      value = { type, attempts: reader.int(FIXED_DELAY_ATTEMPTS), delayMs: reader.durationMs(FIXED_DELAY_DELAY) };
      break;
    case 'failure-rate': // FailureRateRestartBackoffTimeStrategy.createFactory
      value = {
        type,
        maxFailuresPerInterval: reader.int(FAILURE_RATE_MAX_FAILURES_PER_INTERVAL),
        intervalMs: reader.durationMs(FAILURE_RATE_INTERVAL),
        delayMs: reader.durationMs(FAILURE_RATE_DELAY),
      };
      break;
    case 'exponential-delay': // ExponentialDelayRestartBackoffTimeStrategy.createFactory
      value = {
        type,
        initialBackoffMs: reader.durationMs(EXPONENTIAL_DELAY_INITIAL_BACKOFF),
        maxBackoffMs: reader.durationMs(EXPONENTIAL_DELAY_MAX_BACKOFF),
        multiplier: reader.double(EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER),
        resetThresholdMs: reader.durationMs(EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD),
        jitterFactor: reader.double(EXPONENTIAL_DELAY_JITTER_FACTOR),
        attemptsBeforeReset: reader.int(EXPONENTIAL_DELAY_ATTEMPTS),
      };
      break;
  }
  if (reader.problems.length > 0) return { ok: false, problems: reader.problems };
  // The strategy constructor's checkArgument preconditions (Factory.create()).
  const problems = restartStrategyProblems(value);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

/** `RestartStrategyType.of(value)`: the type whose accepted values contain `value`. */
export function restartStrategyTypeOf(value: string): RestartStrategyConfig['type'] | undefined {
  for (const [type, values] of Object.entries(RESTART_STRATEGY_TYPE_VALUES)) {
    if ((values as readonly string[]).includes(value)) return type as RestartStrategyConfig['type'];
  }
  return undefined;
}

/**
 * The strategy constructor's checkArgument preconditions for a config, keyed by the config key
 * that feeds the checked value; empty when valid.
 */
export function restartStrategyProblems(c: RestartStrategyConfig): RestartConfigProblem[] {
  switch (c.type) {
    case 'none':
      return [];
    case 'fixed-delay':
      return fixedDelayProblems(c);
    case 'failure-rate':
      return failureRateProblems(c);
    case 'exponential-delay':
      return exponentialDelayProblems(c);
  }
}

const isSet = (v: unknown) => v !== undefined && v !== null;

type DefaultedKey = Exclude<keyof typeof RESTART_STRATEGY_DEFAULTS, typeof RESTART_STRATEGY_TYPE>;

/** `Configuration.get(option)` for already-parsed values, collecting Flink's parse error. */
class ConfigReader {
  readonly problems: RestartConfigProblem[] = [];
  constructor(private readonly config: Record<string, unknown>) {}

  /** An int option (`intType()`). */
  int(key: DefaultedKey): number {
    return this.read(key, (v) => Number.isInteger(v) && v >= INTEGER_MIN_VALUE && v <= INTEGER_MAX_VALUE);
  }

  /** A duration option, in ms (`durationType()` then `toMillis()`). */
  durationMs(key: DefaultedKey): number {
    return this.read(key, (v) => Number.isSafeInteger(v));
  }

  /** A double option (`doubleType()`). */
  double(key: DefaultedKey): number {
    return this.read(key, () => true);
  }

  private read(key: DefaultedKey, valid: (v: number) => boolean): number {
    const raw = this.config[key];
    if (!isSet(raw)) return RESTART_STRATEGY_DEFAULTS[key];
    if (typeof raw === 'number' && valid(raw)) return raw;
    // Configuration.getOptional: "Could not parse value '%s' for key '%s'."
    this.problems.push({ key, message: `Could not parse value '${String(raw)}' for key '${key}'.` });
    return RESTART_STRATEGY_DEFAULTS[key];
  }
}
