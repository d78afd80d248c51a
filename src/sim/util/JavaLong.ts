/**
 * Java `long` extremes as the simulator represents them, everywhere: timestamps, watermarks, timer
 * times and window bounds are plain JS numbers (so the world and the trace stay JSON).
 *
 * - `LONG_MIN` is Java's `Long.MIN_VALUE` = −2^63, which a double holds exactly.
 * - `LONG_MAX` stands for Java's `Long.MAX_VALUE` = 2^63 − 1, which a double cannot hold; it is the
 *   nearest double, 2^63. It is only ever compared and printed, never computed with: sums that would
 *   pass it saturate to it (`addSaturated`), as Flink's `WindowOperator.cleanupTime` does.
 *
 * Both survive `JSON.stringify`/`JSON.parse` unchanged. Ordinary timestamps must be safe integers
 * (|t| ≤ 2^53 − 1; the scenario validator enforces it), so they never meet the sentinels by accident.
 * Views print them with `formatLong` (`Long.MIN_VALUE`, `Long.MAX_VALUE`).
 */

/** Java's `Long.MIN_VALUE` (−2^63, exact). Flink's `Watermark.UNINITIALIZED`. */
export const LONG_MIN = -(2 ** 63);
/** Java's `Long.MAX_VALUE`, represented by 2^63. Flink's `Watermark.MAX_WATERMARK` (end of input). */
export const LONG_MAX = 2 ** 63;

/** `a + b`, saturating at `LONG_MAX`/`LONG_MIN` (a sentinel operand keeps its value). */
export function addSaturated(a: number, b: number): number {
  if (a === LONG_MAX || b === LONG_MAX) return LONG_MAX;
  if (a === LONG_MIN || b === LONG_MIN) return LONG_MIN;
  const s = a + b;
  if (s >= LONG_MAX) return LONG_MAX;
  if (s <= LONG_MIN) return LONG_MIN;
  return s;
}

/** A long as Java code would name it: `Long.MIN_VALUE`, `Long.MAX_VALUE`, or the number. */
export function formatLong(n: number): string {
  if (n === LONG_MIN) return 'Long.MIN_VALUE';
  if (n === LONG_MAX) return 'Long.MAX_VALUE';
  return String(n);
}

/** A short label for views: `−∞` / `+∞` for the sentinels, else the number. */
export function shortLong(n: number): string {
  if (n === LONG_MIN) return '−∞';
  if (n === LONG_MAX) return '+∞';
  return String(n);
}
