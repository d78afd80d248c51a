/**
 * An operator's inputs: `input` is one upstream id, or a list. A list means `union` for a one-input
 * operator (DataStream.union: the streams merge into the operator's one input) and the two inputs of
 * a two-input operator (`coMap`, DataStream.connect(…).map(CoMapFunction)).
 */
import { TWO_INPUT_TYPES } from './schema.ts';

type Obj = Record<string, unknown>;

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
