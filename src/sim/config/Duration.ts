/**
 * Flink's duration strings ("10 s", "1 min", "500") as integer milliseconds, after
 * flink-core/src/main/java/org/apache/flink/util/TimeUtils.java (release-1.20: `Long` value, then
 * `java.time.Duration.of(value, unit)`, then `toMillis()`).
 */
import { IllegalArgumentException, NumberFormatException, javaTrim, splitNumberAndUnit } from './MemorySize.ts';

/** One `TimeUtils.TimeUnit`: its labels (singular, then each plural label + "s") and its length in ns. */
interface TimeUnitSpec {
  readonly name: string;
  readonly labels: readonly string[];
  readonly nanos: bigint;
}

const plural = (l: string) => [l, l + 's'];

/** TimeUtils.java#TimeUnit, in enum order (DAYS first). */
const TIME_UNITS: readonly TimeUnitSpec[] = [
  { name: 'DAYS', labels: ['d', ...plural('day')], nanos: 86_400_000_000_000n },
  { name: 'HOURS', labels: ['h', ...plural('hour')], nanos: 3_600_000_000_000n },
  { name: 'MINUTES', labels: ['min', ...plural('minute')], nanos: 60_000_000_000n },
  { name: 'SECONDS', labels: ['s', ...plural('sec'), ...plural('second')], nanos: 1_000_000_000n },
  { name: 'MILLISECONDS', labels: ['ms', ...plural('milli'), ...plural('millisecond')], nanos: 1_000_000n },
  { name: 'MICROSECONDS', labels: ['µs', ...plural('micro'), ...plural('microsecond')], nanos: 1_000n },
  { name: 'NANOSECONDS', labels: ['ns', ...plural('nano'), ...plural('nanosecond')], nanos: 1n },
];

/** `TimeUnit.getAllUnits()`: "DAYS: (d | day | days), HOURS: (h | hour | hours), …". */
export const ALL_TIME_UNITS = TIME_UNITS.map((u) => `${u.name}: (${u.labels.join(' | ')})`).join(', ');

const LONG_MAX = 9223372036854775807n;
const NANOS_PER_SECOND = 1_000_000_000n;
const NANOS_PER_MILLI = 1_000_000n;

/**
 * `TimeUtils.parseDuration(text).toMillis()`. A plain number is milliseconds; labels are
 * case-insensitive with an optional space ("10s", "10 S", "1 min", "2 hours", "5µs"). A JS number is
 * milliseconds and must be a non-negative integer. Sub-millisecond parts are truncated, as `toMillis`.
 * Throws `IllegalArgumentException` with Flink's message for negatives, garbage and overflow.
 */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') {
    if (!Number.isSafeInteger(text) || text < 0) {
      throw new IllegalArgumentException(`A duration given as a number is a whole, non-negative count of milliseconds; found ${text}.`);
    }
    return text;
  }
  // TimeUtils.java#parseDuration
  if (typeof text !== 'string') throw new TypeError('text cannot be null');
  const trimmed = javaTrim(text);
  if (trimmed === '') throw new IllegalArgumentException('argument is an empty- or whitespace-only string');
  const { number, unit: label } = splitNumberAndUnit(trimmed);
  if (number === '') throw new NumberFormatException('text does not start with a number');
  const value = BigInt(number);
  if (value > LONG_MAX) {
    throw new IllegalArgumentException(`The value '${number}' cannot be re represented as 64bit number (numeric overflow).`);
  }
  const unit = label === '' ? TIME_UNITS[4]! : TIME_UNITS.find((u) => u.labels.includes(label));
  if (!unit) throw new IllegalArgumentException(`Time interval unit label '${label}' does not match any of the recognized units: ${ALL_TIME_UNITS}`);
  const nanos = value * unit.nanos;
  // java.time.Duration.of: the seconds must fit a long; Duration.toMillis: so must the millis.
  if (nanos / NANOS_PER_SECOND > LONG_MAX || nanos / NANOS_PER_MILLI > LONG_MAX) {
    throw new IllegalArgumentException(`The value '${text}' cannot be represented as java.time.Duration (numeric overflow).`);
  }
  const ms = nanos / NANOS_PER_MILLI;
  if (ms > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new IllegalArgumentException(`The duration '${text}' is too long for the simulator (more than ${Number.MAX_SAFE_INTEGER} ms).`);
  }
  return Number(ms);
}

/**
 * `TimeUtils.formatWithHighestUnit`: the largest unit that loses no precision, with its first label:
 * 10000 → "10 s", 60000 → "1 min", 3601000 → "3601 s", 86400000 → "1 d", 0 → "0 ms".
 */
export function formatDuration(ms: number): string {
  const nanos = BigInt(Math.trunc(ms)) * NANOS_PER_MILLI;
  // Ordered from ns upwards; the first unit that does not divide evenly ends the search.
  const ordered = [...TIME_UNITS].reverse();
  const idx = ordered.findIndex((u) => nanos % u.nanos !== 0n);
  // Every unit divides: 0 is "0 ms", whole days are days (TimeUtilsPrettyPrintingTest: 24 h → "1 d").
  const unit = idx === -1 ? (nanos === 0n ? TIME_UNITS[4]! : TIME_UNITS[0]!) : ordered[Math.max(0, idx - 1)]!;
  return `${nanos / unit.nanos} ${unit.labels[0]}`;
}
