/**
 * Java's `hashCode()` for the values a scenario can hold, so that keyBy routes exactly as in Flink.
 * Integers in int range hash as `Integer`, other integers as `Long`, other numbers as `Double`,
 * strings as `String`, booleans as `Boolean`, arrays (tuples) as Flink's `Tuple` (31·h + field),
 * objects (POJOs) as `Arrays.hashCode` of their field values in key order, null as 0.
 */
import type { Json } from '../scenario/Scenario.ts';

export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** `Long.hashCode`: `(int)(v ^ (v >>> 32))`. */
function longHashCode(v: number): number {
  const b = BigInt.asUintN(64, BigInt(v));
  return Number(BigInt.asIntN(32, b ^ (b >> 32n)));
}

/** `Double.hashCode`: the same fold over `doubleToLongBits`. */
function doubleHashCode(v: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Number.isNaN(v) ? NaN : v);
  return (view.getInt32(0) ^ view.getInt32(4)) | 0;
}

export function javaHashCode(value: Json): number {
  if (value === null) return 0;
  switch (typeof value) {
    case 'string':
      return javaStringHashCode(value);
    case 'boolean':
      return value ? 1231 : 1237;
    case 'number':
      if (Number.isInteger(value)) {
        return value >= -2147483648 && value <= 2147483647 ? value | 0 : longHashCode(value);
      }
      return doubleHashCode(value);
    default:
      break;
  }
  // Tuple.hashCode (flink-core/.../api/java/tuple/Tuple2.java): result = 31 * result + hash(f_i), starting at 0 for f0.
  const fields = Array.isArray(value) ? value : Object.keys(value).sort().map((k) => (value as Record<string, Json>)[k]!);
  let h = Array.isArray(value) ? 0 : 1; // Arrays.hashCode starts at 1
  for (const f of fields) h = (Math.imul(31, h) + javaHashCode(f)) | 0;
  return h;
}
