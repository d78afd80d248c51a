/**
 * Reads a scenario's `config` object of Flink options into canonical keys and parsed values, with
 * one issue per bad entry. Conversions follow
 * flink-core/src/main/java/org/apache/flink/configuration/ConfigurationUtils.java (convertValue):
 * strings in Flink's form ("10 s", "1728m", "0.4", "true", "region"), or JSON numbers/booleans.
 */
import { CONFIG_OPTIONS, allOptionKeys, enumValue, findOption, type ConfigOptionSpec, type FlinkOptionKey, type OptionValue } from './ConfigOptions.ts';
import { parseDuration } from './Duration.ts';
import { javaTrim, parseMemorySize } from './MemorySize.ts';

/** A parsed option value: ms, decimal bytes string, number, boolean or canonical enum value. */
export type ConfigValue = number | string | boolean;

/** The options given, under their canonical keys, with parsed values. JSON-serialisable. */
export type ResolvedConfig = { readonly [key: string]: ConfigValue };

/** One problem with one entry: `path` is `config["<key>"]` (or `config` for the whole object). */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Result of {@link parseConfiguration}. */
export type ParseConfigResult = { ok: true; value: ResolvedConfig } | { ok: false; issues: ConfigIssue[] };

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const FLOAT_MAX = 3.4028234663852886e38;
const FLOAT_MIN = 1.401298464324817e-45;

/** What each type expects, for messages. */
const EXPECTED: Record<ConfigOptionSpec['type'], string> = {
  duration: 'a duration such as "10 s", "1 min" or "500 ms", or a number of milliseconds',
  memory: 'a memory size such as "1728m", "64 mb" or "1g", or a number of bytes',
  int: 'a whole number (Java int)',
  float: 'a decimal number such as 0.4',
  boolean: 'true or false',
  enum: 'one of',
};

/** How a found value is shown in a message. */
const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : String(v));

/** Parses one value for one option; throws an Error whose message names what was expected and found. */
function convert(option: ConfigOptionSpec, raw: unknown): ConfigValue {
  const fail = (detail?: string): never => {
    const expected = option.type === 'enum' ? `one of ${enumChoices(option)}` : EXPECTED[option.type];
    throw new Error(`expected ${expected}; found ${shown(raw)}${detail ? `: ${detail}` : ''}`);
  };
  const asText = typeof raw === 'string' ? raw : typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : null;
  switch (option.type) {
    case 'duration': {
      // ConfigurationUtils#convertToDuration: TimeUtils.parseDuration(o.toString()); a number is ms.
      if (typeof raw !== 'string' && typeof raw !== 'number') return fail();
      try {
        return parseDuration(raw);
      } catch (e) {
        return fail((e as Error).message);
      }
    }
    case 'memory': {
      // ConfigurationUtils#convertToMemorySize: MemorySize.parse(o.toString()); a number is bytes.
      if (typeof raw === 'number' && (!Number.isSafeInteger(raw) || raw < 0)) return fail('a number of bytes is a whole, non-negative number');
      if (asText === null) return fail();
      try {
        return parseMemorySize(asText).toString();
      } catch (e) {
        return fail((e as Error).message);
      }
    }
    case 'int': {
      // ConfigurationUtils#convertToInt: Integer.parseInt, or an in-range Long.
      const t = asText === null ? '' : javaTrim(asText);
      if (!/^[+-]?\d+$/.test(t)) return fail();
      const n = Number(t);
      if (n < INT_MIN || n > INT_MAX) return fail(`Configuration value ${t} overflows/underflows the integer type.`);
      return n;
    }
    case 'float': {
      // ConfigurationUtils#convertToFloat / convertToDouble: Float.parseFloat (an optional f/d suffix allowed).
      const t = asText === null ? '' : javaTrim(asText);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?$/.test(t)) return fail();
      const n = Number(t.replace(/[fFdD]$/, ''));
      const abs = Math.abs(n);
      if (!option.double && abs !== 0 && (abs < FLOAT_MIN || abs > FLOAT_MAX)) return fail(`Configuration value ${t} overflows/underflows the float type.`);
      if (!Number.isFinite(n)) return fail(`Configuration value ${t} overflows/underflows the double type.`);
      return n;
    }
    case 'boolean': {
      // ConfigurationUtils#convertToBoolean
      if (typeof raw === 'boolean') return raw;
      const t = typeof raw === 'string' ? javaTrim(raw).toUpperCase() : '';
      if (t === 'TRUE') return true;
      if (t === 'FALSE') return false;
      return fail(typeof raw === 'string' ? `Unrecognized option for boolean: ${raw}. Expected either true or false(case insensitive)` : undefined);
    }
    case 'enum': {
      // ConfigurationUtils#convertToEnum and the String options' loaders (RestartBackoffTimeStrategyFactoryLoader,
      // FailoverStrategyFactoryLoader) all match case-insensitively.
      const v = typeof raw === 'string' ? enumValue(option, javaTrim(raw)) : undefined;
      return v ?? fail();
    }
  }
}

/** The enum's spellings for messages: "none, off, disable, fixed-delay, …". */
function enumChoices(option: ConfigOptionSpec): string {
  return Object.keys(option.values ?? {}).join(', ');
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The supported canonical key closest to `key` by edit distance (deprecated keys count as their option). */
export function closestOptionKey(key: string): string {
  let best = CONFIG_OPTIONS[0].key as string;
  let bestDistance = Infinity;
  for (const k of allOptionKeys()) {
    const d = editDistance(key, k);
    if (d < bestDistance) {
      bestDistance = d;
      best = findOption(k)!.key;
    }
  }
  return best;
}

/**
 * Parses a scenario's `config` object. Deprecated keys map to their canonical key; when both are
 * given the canonical one wins, as `Configuration.get` reads the main key first. Unknown keys and
 * bad values are issues at `config["<key>"]`. `undefined` is an empty configuration.
 */
export function parseConfiguration(raw: unknown): ParseConfigResult {
  if (raw === undefined) return { ok: true, value: {} };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, issues: [{ path: 'config', message: `expected an object of Flink options such as {"taskmanager.numberOfTaskSlots": 2}; found ${shown(raw)}` }] };
  }
  const issues: ConfigIssue[] = [];
  const value: Record<string, ConfigValue> = {};
  const fromMainKey = new Set<string>();
  for (const [key, v] of Object.entries(raw as Record<string, unknown>)) {
    const path = `config[${JSON.stringify(key)}]`;
    const option = findOption(key);
    if (!option) {
      issues.push({ path, message: `unknown Flink option; did you mean ${closestOptionKey(key)}?` });
      continue;
    }
    let parsed: ConfigValue;
    try {
      parsed = convert(option, v);
    } catch (e) {
      issues.push({ path, message: (e as Error).message });
      continue;
    }
    const isMain = key === option.key;
    if (isMain || !fromMainKey.has(option.key)) value[option.key] = parsed;
    if (isMain) fromMainKey.add(option.key);
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}

/** The parsed default of an option (undefined when it has none, or for an unknown key). */
export function optionDefault<K extends FlinkOptionKey>(key: K): OptionValue<K> | undefined;
export function optionDefault(key: string): ConfigValue | undefined;
export function optionDefault(key: string): ConfigValue | undefined {
  const option = findOption(key);
  return option?.default == null ? undefined : convert(option, option.default);
}

/** The value given for `key`, else its parsed default, else undefined. */
export function configValue<K extends FlinkOptionKey>(config: ResolvedConfig, key: K): OptionValue<K> | undefined;
export function configValue(config: ResolvedConfig, key: string): ConfigValue | undefined;
export function configValue(config: ResolvedConfig, key: string): ConfigValue | undefined {
  return configContains(config, key) ? config[key] : optionDefault(key);
}

/** Whether the option was given (Flink's `Configuration.contains`; deprecated keys were mapped to it). */
export function configContains(config: ResolvedConfig, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(config, key);
}
