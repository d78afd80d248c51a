/** The semantics of each operator type's user-facing function (map/flatMap/filter/aggregations). */
import type { AggregationOperatorSpec, Json, MapOperatorSpec, ReduceOperatorSpec } from '../scenario/Scenario.ts';
import { FUNCTIONS } from '../functions/index.ts';
import { compareJava, formatValue, getField, setField } from '../functions/fields.ts';
import { SimulationError } from '../kernel/errors.ts';

export function applyUserFunction(spec: MapOperatorSpec, value: Json): Json | Json[] | boolean {
  return FUNCTIONS[spec.fn]!.apply(spec.args ?? {}, value);
}

/**
 * A keyed running aggregation step, `reduce(acc, value)`. `sum`/`min`/`max` return the accumulated
 * record with one field replaced, the other fields coming from the first record (Flink's
 * SumAggregator / ComparableAggregator, flink-streaming-java/.../functions/aggregation/); on a basic
 * type (not a tuple or POJO) the field is the value itself. `min`/`max` compare like Java's
 * `compareTo`, so strings compare lexicographically.
 */
export function aggregate(spec: AggregationOperatorSpec | ReduceOperatorSpec, acc: Json, value: Json): Json {
  if (spec.type === 'reduce') return FUNCTIONS[spec.fn]!.apply(spec.args ?? {}, acc, value) as Json;
  const field = acc === null || typeof acc !== 'object' ? '$' : spec.field;
  const a = getField(acc, field);
  const b = getField(value, field);
  if (spec.type === 'sum') {
    if (typeof a !== 'number' || typeof b !== 'number') {
      throw new SimulationError(`operator "${spec.id}": sum(${JSON.stringify(spec.field)}) needs numbers, got ${formatValue(a)} and ${formatValue(b)}; sum a numeric field`);
    }
    return setField(acc, field, a + b);
  }
  const c = compareJava(a, b);
  if (c === null) {
    throw new SimulationError(`operator "${spec.id}": ${spec.type}(${JSON.stringify(spec.field)}) cannot compare ${formatValue(a)} with ${formatValue(b)}; use a field holding numbers, strings or booleans`);
  }
  // ComparableAggregator: keep value1 unless value2's field is strictly more extreme.
  const takeNew = spec.type === 'min' ? c > 0 : c < 0;
  return takeNew ? setField(acc, field, b) : acc;
}
