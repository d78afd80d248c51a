/**
 * Flink's `MemorySize` with `bigint` bytes: parsing, exact `multiply(double)`, and the two string
 * forms (`toString`, `toHumanReadableString`), after
 * flink-core-api/src/main/java/org/apache/flink/configuration/MemorySize.java.
 */

/** Java's `IllegalArgumentException`: a value that cannot be parsed or used. */
export class IllegalArgumentException extends Error {
  override name = 'IllegalArgumentException';
}

/** Java's `NumberFormatException` (a subclass of `IllegalArgumentException`, as in Java). */
export class NumberFormatException extends IllegalArgumentException {
  override name = 'NumberFormatException';
}

/** Java's `ArithmeticException`, as thrown by `Math.addExact` and `MemorySize.multiply`. */
export class ArithmeticException extends Error {
  override name = 'ArithmeticException';
}

/** `MemorySize.MAX_VALUE` = `Long.MAX_VALUE` bytes (the default `taskmanager.memory.network.max`). */
import { javaDoubleToString, shortestDigits } from '../util/JavaDouble.ts';

export { javaDoubleToString };

export const MEMORY_MAX_VALUE = 9223372036854775807n;

/** Units in `MemoryUnit` order: labels and multiplier; `labels[1]` is the printed one (MemorySize.java#MemoryUnit). */
const UNITS: readonly { name: string; labels: readonly string[]; multiplier: bigint; human: string }[] = [
  { name: 'BYTES', labels: ['b', 'bytes'], multiplier: 1n, human: 'B' },
  { name: 'KILO_BYTES', labels: ['k', 'kb', 'kibibytes'], multiplier: 1n << 10n, human: 'KiB' },
  { name: 'MEGA_BYTES', labels: ['m', 'mb', 'mebibytes'], multiplier: 1n << 20n, human: 'MiB' },
  { name: 'GIGA_BYTES', labels: ['g', 'gb', 'gibibytes'], multiplier: 1n << 30n, human: 'GiB' },
  { name: 'TERA_BYTES', labels: ['t', 'tb', 'tebibytes'], multiplier: 1n << 40n, human: 'TiB' },
];

/** `MemoryUnit.getAllUnits()`: "(b | bytes) / (k | kb | kibibytes) / …". */
export const ALL_MEMORY_UNITS = UNITS.map((u) => `(${u.labels.join(' | ')})`).join(' / ');

/** Java's `String.trim()`: strips code points ≤ U+0020 at both ends (not Unicode spaces). */
export function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 0x20) a++;
  while (b > a && s.charCodeAt(b - 1) <= 0x20) b--;
  return s.slice(a, b);
}

/** Splits "123 unit" as Flink's parsers do: leading ASCII digits, then the trimmed lower-case rest. */
export function splitNumberAndUnit(text: string): { number: string; unit: string } {
  let pos = 0;
  while (pos < text.length && text.charCodeAt(pos) >= 48 && text.charCodeAt(pos) <= 57) pos++;
  return { number: text.slice(0, pos), unit: javaTrim(text.slice(pos)).toLowerCase() };
}

/**
 * `MemorySize.parseBytes(text)`: a plain number is bytes; units b/bytes, k/kb/kibibytes, m/mb/mebibytes,
 * g/gb/gibibytes, t/tb/tebibytes, case-insensitive, optional space. Throws with Flink's messages.
 */
export function parseMemorySize(text: string): bigint {
  // MemorySize.java#parseBytes
  if (typeof text !== 'string') throw new TypeError('text cannot be null');
  const trimmed = javaTrim(text);
  if (trimmed === '') throw new IllegalArgumentException('argument is an empty- or whitespace-only string');
  const { number, unit } = splitNumberAndUnit(trimmed);
  if (number === '') throw new NumberFormatException('text does not start with a number');
  const value = BigInt(number);
  // Long.parseLong overflow (MemorySize.java#parseBytes)
  if (value > MEMORY_MAX_VALUE) {
    throw new IllegalArgumentException(`The value '${number}' cannot be re represented as 64bit number (numeric overflow).`);
  }
  let multiplier = 1n;
  if (unit !== '') {
    // MemorySize.java#parseUnit: exact label match after toLowerCase(Locale.US)
    const u = UNITS.find((x) => x.labels.includes(unit));
    if (!u) throw new IllegalArgumentException(`Memory size unit '${unit}' does not match any of the recognized units: ${ALL_MEMORY_UNITS}`);
    multiplier = u.multiplier;
  }
  const result = value * multiplier;
  if (result > MEMORY_MAX_VALUE) {
    throw new IllegalArgumentException(`The value '${text}' cannot be re represented as 64bit number of bytes (numeric overflow).`);
  }
  return result;
}

/** `MemorySize.ofMebiBytes(n)`. */
export const mebiBytes = (n: number | bigint): bigint => BigInt(n) << 20n;

/**
 * `MemorySize.multiply(double)`: `BigDecimal.valueOf(bytes) × BigDecimal.valueOf(fraction)` truncated by
 * `longValue()`. `BigDecimal.valueOf(double)` reads `Double.toString`, so pass Flink's float fractions
 * widened, e.g. `Math.fround(0.4)` (0.4000000059604645): 1280 MiB × that = 536870920.
 */
export function multiplyFraction(bytes: bigint, fraction: number): bigint {
  // MemorySize.java#multiply
  if (fraction < 0) throw new IllegalArgumentException('multiplier must be >= 0');
  if (!Number.isFinite(fraction)) throw new NumberFormatException('Infinite or NaN');
  if (fraction === 0) return 0n;
  const { digits, exp } = shortestDigits(fraction);
  const scale = digits.length - 1 - exp; // fraction = digits × 10^-scale
  const numerator = bytes * BigInt(digits) * (scale < 0 ? 10n ** BigInt(-scale) : 1n);
  const denominator = scale > 0 ? 10n ** BigInt(scale) : 1n;
  if (numerator > MEMORY_MAX_VALUE * denominator) throw new ArithmeticException('long overflow');
  return numerator / denominator;
}

/** `Math.addExact` on memory sizes, as `MemorySize.add`. */
export function addExact(a: bigint, b: bigint): bigint {
  const r = a + b;
  if (r > MEMORY_MAX_VALUE) throw new ArithmeticException('long overflow');
  return r;
}

/** `MemorySize.toString()`: "%d %s" in the largest unit that divides exactly ("64 mb", "0 bytes"). */
export function memorySizeToString(bytes: bigint): string {
  // MemorySize.java#formatToString
  const idx = UNITS.findIndex((u) => bytes % u.multiplier !== 0n);
  const unit = idx === -1 ? UNITS[0]! : UNITS[Math.max(0, idx - 1)]!;
  return `${bytes / unit.multiplier} ${unit.labels[1]}`;
}

/**
 * `MemorySize.toHumanReadableString()`: "1024 bytes" up to 1 KiB, else "%.3f<unit> (%d bytes)" in the
 * largest unit strictly below the size, e.g. "192.000mb (201326592 bytes)". Java's `%.3f` rounds the
 * shortest decimal digits HALF_UP, which is done here on those digits.
 */
export function toHumanReadable(bytes: bigint): string {
  // MemorySize.java#formatToHumanReadableString
  let unit = UNITS[0]!;
  for (const u of UNITS) if (bytes > u.multiplier) unit = u;
  if (unit.multiplier === 1n) return `${bytes} bytes`;
  const approximate = Number(bytes) / Number(unit.multiplier);
  return `${formatFixed3(approximate)}${unit.labels[1]} (${bytes} bytes)`;
}

/** Java `String.format(Locale.ROOT, "%.3f", x)` for x ≥ 0: HALF_UP on the shortest digits. */
function formatFixed3(x: number): string {
  const { digits, exp } = shortestDigits(x);
  const shift = exp - (digits.length - 1) + 3; // x × 1000 = digits × 10^shift
  let q: bigint;
  if (shift >= 0) q = BigInt(digits) * 10n ** BigInt(shift);
  else {
    const d = 10n ** BigInt(-shift);
    const n = BigInt(digits);
    q = n / d + ((n % d) * 2n >= d ? 1n : 0n);
  }
  return `${q / 1000n}.${(q % 1000n).toString().padStart(3, '0')}`;
}

/** Binary units for display: "402653174 B ≈ 384 MiB" (B only below 1 KiB; MiB up to 16 GiB). */
export function formatBytes(bytes: bigint): string {
  const pick = bytes < 1n << 10n ? 0 : bytes < 1n << 20n ? 1 : bytes < 16n << 30n ? 2 : bytes < 16n << 40n ? 3 : 4;
  const unit = UNITS[pick]!;
  if (pick === 0) return `${bytes} B`;
  const exact = bytes % unit.multiplier === 0n;
  const value = Number(bytes) / Number(unit.multiplier);
  const shown = exact ? (bytes / unit.multiplier).toString() : String(Number(value.toFixed(2)));
  return `${bytes} B ${exact ? '=' : '≈'} ${shown} ${unit.human}`;
}
