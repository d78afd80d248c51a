/**
 * Java's `Double.toString` for the simulator: the shortest digits that round-trip (which is what
 * JavaScript's `String(x)` produces too), laid out as Java does (`1.0`, `0.001`, `1.0E7`, `1.0E-4`).
 * `BigDecimal.valueOf(double)` and Flink's `toString`s of doubles depend on it.
 */
/** Shortest round-trip digits of a finite double: `value = 0.d1d2… × 10^(exp + 1)`, i.e. d1.d2… × 10^exp. */
export function shortestDigits(x: number): { negative: boolean; digits: string; exp: number } {
  const [mant = '0', e = '0'] = Math.abs(x).toExponential().split('e');
  return { negative: x < 0 || Object.is(x, -0), digits: mant.replace('.', ''), exp: Number(e) };
}

/**
 * Java's `Double.toString(d)`: plain for 1e-3 ≤ |d| < 1e7 (at least one fraction digit), else
 * "d.dddE±n". Uses the shortest round-trip digits, which is what Java prints for the float fractions.
 */
export function javaDoubleToString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const { negative, digits, exp } = shortestDigits(x);
  const sign = negative ? '-' : '';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    if (exp >= 0) {
      const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
      const frac = digits.slice(exp + 1);
      return `${sign}${int}.${frac === '' ? '0' : frac}`;
    }
    return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  const frac = digits.slice(1);
  return `${sign}${digits[0]}.${frac === '' ? '0' : frac}E${exp}`;
}

