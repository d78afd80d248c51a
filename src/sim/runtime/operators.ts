/** The semantics of each operator type's user-facing function (map/flatMap/filter/aggregations). */
import type { AggregationOperatorSpec, Json, MapOperatorSpec, ReduceOperatorSpec } from '../scenario/Scenario.ts';
import { FUNCTIONS } from '../functions/index.ts';
import { getField, setField } from '../functions/fields.ts';

export function applyUserFunction(spec: MapOperatorSpec, value: Json): Json | Json[] | boolean {
  return FUNCTIONS[spec.fn]!.apply(spec.args ?? {}, value);
}

/**
 * A keyed running aggregation step. `sum`/`min`/`max` keep the accumulated record and replace one
 * field (Flink's SumAggregator / ComparableAggregator: the other fields come from the first record);
 * on a basic type (not a tuple or POJO) the field is the value itself.
 */
export function aggregate(spec: AggregationOperatorSpec | ReduceOperatorSpec, acc: Json, value: Json): Json {
  if (spec.type === 'reduce') return FUNCTIONS[spec.fn]!.apply(spec.args ?? {}, acc, value) as Json;
  const field = acc === null || typeof acc !== 'object' ? '$' : spec.field;
  const a = getField(acc, field);
  const b = getField(value, field);
  const x = typeof a === 'number' ? a : 0;
  const y = typeof b === 'number' ? b : 0;
  const next = spec.type === 'sum' ? x + y : spec.type === 'min' ? Math.min(x, y) : Math.max(x, y);
  return setField(acc, field, next);
}
