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
