/** Field access on records: tuple positions (numbers), POJO fields (strings) and `$` (the whole value). */
import type { FieldRef, Json } from '../scenario/Scenario.ts';

export function getField(value: Json, field: FieldRef): Json {
  if (field === '$') return value;
  if (typeof field === 'number') return Array.isArray(value) ? (value[field] ?? null) : null;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value[field] ?? null;
  return null;
}

export function setField(value: Json, field: FieldRef, v: Json): Json {
  if (field === '$') return v;
  if (typeof field === 'number' && Array.isArray(value)) return value.map((x, i) => (i === field ? v : x));
  if (typeof field === 'string' && value !== null && typeof value === 'object' && !Array.isArray(value)) return { ...value, [field]: v };
  return value;
}

/** Java-style `toString`: tuples print as `(hello,1)` like Flink's Tuple2, objects as JSON. */
export function formatValue(value: Json): string {
  if (Array.isArray(value)) return `(${value.map(formatValue).join(',')})`;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** JSON with object keys sorted: equal POJOs give equal strings (state slots, checks, comparisons). */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Java's `compareTo` for the comparable values a field can hold (numbers, strings, booleans),
 * as Flink's ComparableAggregator uses it; null when the two are not comparable.
 */
export function compareJava(a: Json, b: Json): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0; // UTF-16 order, as String.compareTo
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return null;
}
