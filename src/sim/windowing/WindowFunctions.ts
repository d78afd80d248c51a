/**
 * The window functions a scenario can name, as Flink `AggregateFunction`s plus the output conventions.
 *
 * Aggregates (`aggregate`), each an AggregateFunction {createAccumulator, add, merge, getResult}:
 * - `sum` / `min` / `max` of `field`: the accumulator is the reduced element itself, exactly as
 *   `WindowedStream.sum(field)` reduces with SumAggregator / ComparableAggregator
 *   (flink-streaming-java/.../api/datastream/WindowedStream.java#sum → reduce); `add`/`merge` reuse
 *   `aggregate()` of runtime/operators.ts. Result: the reduced element, e.g. `["k", 3]`.
 * - `count`: accumulator a number; result `[key, count]`.
 * - `average` of `field`: accumulator `[sum, count]`; result `[key, sum / count]`.
 * - `collect`: accumulator the list of element values; result `[key, list]`.
 *   (count/average/collect take the key from the operator, as a simulator convenience: a Flink
 *   AggregateFunction has no key; a real job would add it with a ProcessWindowFunction.)
 *
 * Window function kinds (`function`):
 * - `aggregate` (default): incremental aggregation, emits the aggregate's result.
 * - `process`: a ProcessWindowFunction alone — the window buffers every element (ListState); on firing
 *   the aggregate is computed over the buffer.
 * - `aggregate+process`: `aggregate(agg, processWindowFunction)` — incremental, the process function
 *   sees the single result.
 * Both process kinds emit `[key, result, windowStart, windowEnd]`, where `result` is the aggregated
 * FIELD value (a scalar) for sum/min/max, the count / average / list otherwise; the global window
 * gives `null` start and end.
 */
import type { AggregationOperatorSpec, FieldRef, Json } from '../scenario/Scenario.ts';
import { aggregate } from '../runtime/operators.ts';
import { formatValue, getField } from '../functions/fields.ts';
import { SimulationError } from '../kernel/errors.ts';
import { isGlobal, type Window } from './Window.ts';

/** The built-in aggregates. */
export const AGGREGATE_NAMES = ['sum', 'min', 'max', 'count', 'average', 'collect'] as const;
/** One built-in aggregate. */
export type AggregateName = (typeof AGGREGATE_NAMES)[number];
/** Aggregates that read `field`. */
export const FIELD_AGGREGATES: readonly AggregateName[] = ['sum', 'min', 'max', 'average'];

/** The window function kinds. */
export const FUNCTION_KINDS = ['aggregate', 'process', 'aggregate+process'] as const;
/** How the window's function is built (see the file comment). */
export type WindowFunctionKind = (typeof FUNCTION_KINDS)[number];

/** What the window operator needs to know about its function. */
export interface WindowFunctionSpec {
  /** The operator id, for error messages. */
  id: string;
  aggregate: AggregateName;
  /** The field `sum`/`min`/`max`/`average` read; `'$'` when unused. */
  field: FieldRef;
  function: WindowFunctionKind;
}

/** Flink's `AggregateFunction<IN, ACC, OUT>` over JSON, plus the scalar a process function reports. */
export interface WindowAggregateFunction {
  createAccumulator(): Json;
  add(value: Json, acc: Json): Json;
  merge(a: Json, b: Json): Json;
  getResult(acc: Json, key: Json): Json;
  /** The value a process window function reports: the field for sum/min/max, else as getResult without the key. */
  scalar(acc: Json): Json;
}

function numberOf(spec: WindowFunctionSpec, value: Json): number {
  const v = getField(value, value !== null && typeof value === 'object' ? spec.field : '$');
  if (typeof v !== 'number') {
    throw new SimulationError(`operator "${spec.id}": average(${JSON.stringify(spec.field)}) needs numbers, got ${formatValue(v)}; average a numeric field`);
  }
  return v;
}

/** The AggregateFunction for a spec. For sum/min/max the accumulator starts as null ("no element yet"). */
export function windowAggregateFunction(spec: WindowFunctionSpec): WindowAggregateFunction {
  switch (spec.aggregate) {
    case 'sum':
    case 'min':
    case 'max': {
      const op = { type: spec.aggregate, field: spec.field, id: spec.id, input: '' } satisfies AggregationOperatorSpec;
      const reduce = (a: Json, b: Json): Json => (a === null ? b : aggregate(op, a, b)); // ReducingState: reduce(acc, value)
      return {
        createAccumulator: () => null,
        add: (value, acc) => reduce(acc, value),
        merge: reduce,
        getResult: (acc) => acc,
        scalar: (acc) => getField(acc, acc !== null && typeof acc === 'object' ? spec.field : '$'),
      };
    }
    case 'count':
      return {
        createAccumulator: () => 0,
        add: (_value, acc) => (acc as number) + 1,
        merge: (a, b) => (a as number) + (b as number),
        getResult: (acc, key) => [key, acc],
        scalar: (acc) => acc,
      };
    case 'average': {
      const avg = (acc: Json): number => (acc as number[])[0]! / (acc as number[])[1]!;
      return {
        createAccumulator: () => [0, 0],
        add: (value, acc) => [(acc as number[])[0]! + numberOf(spec, value), (acc as number[])[1]! + 1],
        merge: (a, b) => [(a as number[])[0]! + (b as number[])[0]!, (a as number[])[1]! + (b as number[])[1]!],
        getResult: (acc, key) => [key, avg(acc)],
        scalar: avg,
      };
    }
    case 'collect':
      return {
        createAccumulator: () => [],
        add: (value, acc) => [...(acc as Json[]), value],
        merge: (a, b) => [...(a as Json[]), ...(b as Json[])],
        getResult: (acc, key) => [key, acc],
        scalar: (acc) => acc,
      };
  }
}

/**
 * The accumulator over buffered values, as AggregateApplyWindowFunction / ReduceApplyWindowFunction
 * compute it for a process function or an evicting window: null for no values.
 */
export function foldValues(fn: WindowAggregateFunction, values: readonly Json[]): Json | null {
  if (values.length === 0) return null;
  let acc = fn.createAccumulator();
  for (const v of values) acc = fn.add(v, acc);
  return acc;
}

/** The record the window function emits for an accumulator (see the file comment). */
export function windowOutput(spec: WindowFunctionSpec, fn: WindowAggregateFunction, key: Json, window: Window, acc: Json): Json {
  if (spec.function === 'aggregate') return fn.getResult(acc, key);
  const [start, end] = isGlobal(window) ? [null, null] : [window.start, window.end];
  return [key, fn.scalar(acc), start, end];
}
