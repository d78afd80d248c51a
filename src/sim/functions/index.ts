/**
 * Built-in user functions. Scenarios name them (`{"type":"flatMap","fn":"splitWords"}`); no code
 * from a scenario is ever evaluated. Each entry lists the operator types it fits, its arguments
 * (for validation and docs) and its pure implementation.
 */
import type { Json } from '../scenario/Scenario.ts';
import { canonicalJson, getField } from './fields.ts';

export type FunctionKind = 'map' | 'flatMap' | 'filter' | 'reduce' | 'process';
type Args = { [key: string]: Json };

export interface ArgSpec {
  type: 'number' | 'string' | 'boolean' | 'field' | 'json' | 'array';
  required?: boolean;
  doc: string;
}

export interface BuiltinFunction {
  kinds: FunctionKind[];
  doc: string;
  args: Record<string, ArgSpec>;
  /** map: one value; flatMap: a list; filter: a boolean; reduce: (acc, value) → acc. */
  apply(args: Args, value: Json, other?: Json): Json | Json[] | boolean;
}

const num = (v: Json) => (typeof v === 'number' ? v : 0);
const field = (args: Args) => (args.field ?? '$') as string | number;

const COMPARE: Record<string, (a: number | string, b: number | string) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>=': (a, b) => a >= b,
  '>': (a, b) => a > b,
};
export const COMPARE_OPS = Object.keys(COMPARE);

export const FUNCTIONS: Record<string, BuiltinFunction> = {
  identity: { kinds: ['map'], doc: 'Returns the value unchanged.', args: {}, apply: (_a, v) => v },
  toTuple: {
    kinds: ['map'],
    doc: 'value → (value, count): the word count job\'s "map each word to a pair".',
    args: { count: { type: 'number', doc: 'second field (default 1)' } },
    apply: (a, v) => [v, (a.count as number | undefined) ?? 1],
  },
  upper: { kinds: ['map'], doc: 'Upper-cases a string value.', args: {}, apply: (_a, v) => (typeof v === 'string' ? v.toUpperCase() : v) },
  lower: { kinds: ['map'], doc: 'Lower-cases a string value.', args: {}, apply: (_a, v) => (typeof v === 'string' ? v.toLowerCase() : v) },
  extract: {
    kinds: ['map'],
    doc: 'Returns one field of the value.',
    args: { field: { type: 'field', required: true, doc: 'tuple position or field name' } },
    apply: (a, v) => getField(v, field(a)),
  },
  multiply: {
    kinds: ['map'],
    doc: 'Multiplies a numeric value by `by`.',
    args: { by: { type: 'number', required: true, doc: 'factor' } },
    apply: (a, v) => num(v) * num(a.by!),
  },
  splitWords: {
    kinds: ['flatMap'],
    doc: 'Flink WordCount\'s Tokenizer: lower-case, split on non-word characters, emit (word, 1) per word.',
    args: { field: { type: 'field', doc: 'field holding the text (default: the value)' } },
    apply: (a, v) => {
      const text = getField(v, field(a));
      if (typeof text !== 'string') return [];
      return text
        .toLowerCase()
        .split(/\W+/)
        .filter((w) => w.length > 0)
        .map((w) => [w, 1]);
    },
  },
  repeat: {
    kinds: ['flatMap'],
    doc: 'Emits the value `times` times.',
    args: { times: { type: 'number', required: true, doc: 'copies (0 drops the record)' } },
    apply: (a, v) => Array.from({ length: Math.max(0, num(a.times!)) }, () => v),
  },
  compare: {
    kinds: ['filter'],
    doc: 'Keeps records whose field compares true with `value` (op: <, <=, ==, !=, >=, >).',
    args: {
      field: { type: 'field', doc: 'field to compare (default: the value)' },
      op: { type: 'string', required: true, doc: COMPARE_OPS.join(' ') },
      value: { type: 'json', required: true, doc: 'number or string to compare with' },
    },
    apply: (a, v) => {
      const x = getField(v, field(a));
      const y = a.value;
      if ((typeof x !== 'number' && typeof x !== 'string') || (typeof y !== 'number' && typeof y !== 'string')) return false;
      return COMPARE[a.op as string]?.(x, y) ?? false;
    },
  },
  oneOf: {
    kinds: ['filter'],
    doc: 'Keeps records whose field equals one of `values`.',
    args: { field: { type: 'field', doc: 'field (default: the value)' }, values: { type: 'array', required: true, doc: 'allowed values' } },
    apply: (a, v) => {
      const x = canonicalJson(getField(v, field(a)));
      return (a.values as Json[]).some((y) => canonicalJson(y) === x);
    },
  },
  sum: {
    kinds: ['reduce'],
    doc: 'reduce((a, b) → a with field = a.field + b.field).',
    args: { field: { type: 'field', doc: 'field to add (default: the value)' } },
    apply: (a, acc, v) => reduceField(acc, v ?? null, field(a), (x, y) => num(x) + num(y)),
  },
  max: {
    kinds: ['reduce'],
    doc: 'reduce keeping the larger field value.',
    args: { field: { type: 'field', doc: 'field (default: the value)' } },
    apply: (a, acc, v) => reduceField(acc, v ?? null, field(a), (x, y) => (num(y) > num(x) ? y : x)),
  },
};

function reduceField(acc: Json, v: Json, f: string | number, op: (x: Json, y: Json) => Json): Json {
  if (f === '$') return op(acc, v);
  const next = op(getField(acc, f), getField(v, f));
  if (Array.isArray(acc)) return acc.map((x, i) => (i === f ? next : x));
  if (acc !== null && typeof acc === 'object') return { ...acc, [f]: next };
  return next;
}
