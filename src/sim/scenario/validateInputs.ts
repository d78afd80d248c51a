/**
 * An operator's inputs: `input` is one upstream id, or a list. A list means `union` for a one-input
 * operator (DataStream.union: the streams merge into the operator's one input) and the two inputs of
 * a two-input operator (`coMap`, DataStream.connect(…).map(CoMapFunction)).
 */
import { KEYED_TYPES, TWO_INPUT_TYPES } from './schema.ts';
import { didYouMean } from './validate.ts';

type Obj = Record<string, unknown>;
type Add = (path: string, message: string) => void;
const quoteList = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

/** What a keyed operator type is called in the "needs a keyed stream" message. */
const KEYED_WHAT: Record<string, string> = { reduce: 'a keyed reduce', window: 'a keyed window (keyBy(…).window(…))', process: 'a KeyedProcessFunction' };

/** Each input id with its path below the operator (`input` or `input[1]`). */
export function inputList(op: Obj): [string, string][] {
  if (typeof op.input === 'string') return [[op.input, 'input']];
  if (!Array.isArray(op.input)) return [];
  return op.input.flatMap((x, i) => (typeof x === 'string' ? [[x, `input[${i}]`] as [string, string]] : []));
}

/** A list needs at least two distinct ids; a two-input operator exactly two. */
export function checkInputCount(op: Obj, path: string, type: string | null, add: (path: string, message: string) => void): void {
  const two = type !== null && TWO_INPUT_TYPES.includes(type);
  if (!Array.isArray(op.input)) {
    if (two && op.input !== undefined) add(`${path}.input`, `a ${type} reads two streams (connect): list both, e.g. "input": ["left", "right"]`);
    return;
  }
  const ids = op.input;
  if (two && ids.length !== 2) add(`${path}.input`, `a ${type} reads exactly two streams (connect), got ${ids.length}: list two ids`);
  else if (!two && ids.length < 2) add(`${path}.input`, `a list of inputs is a union of at least two streams, got ${ids.length}: use "input": "<id>" for one`);
  const seen = new Set<string>();
  ids.forEach((x, i) => {
    if (typeof x === 'string' && seen.has(x)) add(`${path}.input[${i}]`, `"${x}" is listed twice; a stream is read once (union of a stream with itself is not supported)`);
    seen.add(String(x));
  });
}

/** Input edge rules: the input exists and is listed earlier, partitioner vs keyBy and forward. */
export function checkInput(
  op: Obj, path: string, type: string | null, p: number,
  firstIndex: Map<string, number>, listed: Map<string, { index: number; type: string | null; parallelism: number }>, add: Add,
): void {
  const earlier = [...listed.keys()];
  const choices = earlier.length ? `operators listed earlier: ${quoteList(earlier)}` : 'no operator is listed before this one; list the source first';
  if (op.input === undefined) {
    add(`${path}.input`, `is required for a ${type} operator: name the upstream operator (${choices})`);
  }
  checkInputCount(op, path, type, add);
  inputList(op).forEach(([input, at]) => {
    const up = listed.get(input);
    if (input === op.id) {
      add(`${path}.${at}`, `an operator cannot read its own output (a cycle); ${choices}`);
    } else if (!up && firstIndex.has(input)) {
      add(`${path}.${at}`, `"${input}" is listed later (operators[${firstIndex.get(input)}]); an input must be listed earlier: move it up (this also rules out cycles)`);
    } else if (!up) {
      add(`${path}.${at}`, `no operator "${input}"; ${didYouMean(input, earlier)}${choices}`);
    } else if (up.type === 'sink') {
      add(`${path}.${at}`, `"${input}" is a sink and has no output; read from the operator before it`);
    } else if (op.partitioner === 'forward' && op.keyBy === undefined && up.parallelism !== p) {
      add(`${path}.partitioner`,
        `Forward partitioning does not allow change of parallelism (upstream "${input}" has ${up.parallelism}, this operator ${p}): ` +
        'use rebalance or rescale, or give both the same parallelism (Flink: StreamGraph.createActualEdge)');
    }
  });
  if (op.keyBy !== undefined && op.partitioner !== undefined) {
    add(`${path}.partitioner`, `keyBy already partitions by key (HASH): remove partitioner "${String(op.partitioner)}" or remove keyBy`);
  }
  if (type !== null && KEYED_TYPES.includes(type) && op.keyBy === undefined) {
    const what = KEYED_WHAT[type] ?? 'a keyed aggregation';
    add(`${path}.keyBy`, `${what} needs a keyed stream: add keyBy: 0 (the tuple position or field name of the key)`);
  }
}
