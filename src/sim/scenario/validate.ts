/**
 * Scenario validation: structure with valibot (`schema.ts`), then the rules Flink itself enforces
 * (parallelism bounds, forward edges, keyed streams …) and the simulator's own (inputs listed
 * earlier, built-in functions, a finite run). All issues are collected, each with its JSON path and
 * the fix, and thrown together as one `ScenarioError`.
 */
import * as v from 'valibot';
import { COMPARE_OPS, FUNCTIONS, type ArgSpec, type FunctionKind } from '../functions/index.ts';
import { computeDefaultMaxParallelism } from '../state/KeyGroupRangeAssignment.ts';
import { SCENARIO_DEFAULTS, type ResolvedScenario, type Scenario } from './Scenario.ts';
import { ScenarioError, type ScenarioIssue } from './ScenarioError.ts';
import { parseConfiguration, type ResolvedConfig } from '../config/Configuration.ts';
import { checkRuntime, runtimeMode } from './validateRuntime.ts';
import { checkTime } from './validateTime.ts';
import { checkInput, inputList } from './validateInputs.ts';
import { PROCESS_FUNCTIONS } from '../functions/processFunctions.ts';
import {
  FUNCTION_TYPES, KNOWN_KEYS, LIMITS, OPERATOR_KEYS, OPERATOR_TYPES, ScenarioSchema,
  isFieldRef, isJson, isPlainObject,
} from './schema.ts';

type Obj = Record<string, unknown>;
type OpType = (typeof OPERATOR_TYPES)[number];

/** `operators[2].parallelism` from `['operators', 2, 'parallelism']`; `(root)` for the empty path. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out || '(root)';
}

/** The candidate closest to `word` (edit distance ≤ 1/3 of its length, or same letters ignoring case), if any. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

export const didYouMean = (word: string, candidates: readonly string[]) => {
  const s = suggest(word, candidates);
  return s === undefined ? '' : `did you mean "${s}"? `;
};
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

/** Collects issues; a later (semantic) issue on a path that already has one is dropped. */
class Issues {
  readonly list: ScenarioIssue[] = [];
  add(path: string, message: string): void {
    if (!this.list.some((i) => i.path === path)) this.list.push({ path, message });
  }
}

/**
 * Checks a scenario (parsed JSON) and returns it with defaults filled in. Throws `ScenarioError`
 * listing every problem found.
 */
export function validateScenario(input: unknown): ResolvedScenario {
  const issues = new Issues();
  const parsed = v.safeParse(ScenarioSchema, input);
  for (const issue of parsed.issues ?? []) {
    issues.add(formatPath((issue.path ?? []).map((p) => p.key as string | number)), issue.message);
  }
  if (isPlainObject(input)) checkSemantics(input, issues);
  if (issues.list.length > 0) throw new ScenarioError(inDocumentOrder(issues.list));
  const config = parseConfiguration((input as Obj).config);
  if (!config.ok) throw new ScenarioError(config.issues);
  const resolved = resolve(input as Scenario, config.value);
  for (const issue of checkRuntime(resolved)) issues.add(issue.path, issue.message);
  if (issues.list.length > 0) throw new ScenarioError(inDocumentOrder(issues.list));
  return resolved;
}

/** Stable sort: root issues, unknown top-level keys, then the known keys in schema order, operators by index. */
function inDocumentOrder(list: ScenarioIssue[]): ScenarioIssue[] {
  const rank = (path: string): [number, number] => {
    if (path === '(root)') return [-2, 0];
    const top = /^[A-Za-z_$][\w$]*/.exec(path)?.[0] ?? '';
    const at = KNOWN_KEYS.scenario.indexOf(top);
    return [at, top === 'operators' ? Number(/^operators\[(\d+)\]/.exec(path)?.[1] ?? -1) : 0];
  };
  return list
    .map((issue, i) => ({ issue, i, r: rank(issue.path) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i)
    .map((x) => x.issue);
}

/** Parses JSON text (syntax errors name the line and column) and validates it. */
export function parseScenarioJson(text: string, source?: string): ResolvedScenario {
  return validateScenario(parseJsonText(text, source));
}

/**
 * `JSON.parse` whose syntax errors are a `ScenarioError` located as `file:line:column` (or
 * `line L, column C` without a source name). A leading byte-order mark is ignored.
 */
export function parseJsonText(text: string, source?: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (e) {
    const { line, column, reason } = locateJsonError(text, e instanceof Error ? e.message : String(e));
    const where = source ? `${source}:${line}:${column}` : `line ${line}, column ${column}`;
    throw new ScenarioError([{ path: where, message: `invalid JSON: ${reason}; check for a missing comma, quote or bracket near there` }]);
  }
}

/** Line and column (1-based) of a `JSON.parse` error, from V8's or Firefox's message. */
function locateJsonError(text: string, message: string): { line: number; column: number; reason: string } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  let reason = message.replace(/\s*\(?(?:at )?line \d+ column \d+[^)]*\)?/, '').replace(/^JSON\.parse: /, '');
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]), reason };
  const pos = /at position (\d+)/.exec(message);
  reason = reason.replace(/\s*in JSON at position \d+.*$/, '').replace(/\s*at position \d+.*$/, '');
  const offset = pos ? Number(pos[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1, reason };
}

/** Reports keys of `o` not in `known` (with the closest known key); `elsewhere` may give a more specific message. */
function checkKeys(o: Obj, known: readonly string[], path: string, issues: Issues, what: string, elsewhere?: (key: string) => string | undefined): void {
  for (const key of Object.keys(o)) {
    if (known.includes(key)) continue;
    const other = elsewhere?.(key);
    const msg = other ?? `unknown key in ${what}; ${didYouMean(key, known)}known keys: ${known.join(', ')}`;
    issues.add(path + formatPath([key]).replace(/^(?=[A-Za-z_$])/, path ? '.' : ''), msg);
  }
}

function checkSemantics(root: Obj, issues: Issues): void {
  checkKeys(root, KNOWN_KEYS.scenario, '', issues, 'the scenario');
  const job = isPlainObject(root.job) ? root.job : {};
  for (const k of ['job', 'network', 'deploy', 'cluster', 'scheduling'] as const) {
    if (isPlainObject(root[k])) checkKeys(root[k], KNOWN_KEYS[k], k, issues, k);
  }

  // Job-level parallelism: 0 < parallelism <= maxParallelism <= 32768 (KeyGroupRangeAssignment).
  const jobMax = isInt(job.maxParallelism) && job.maxParallelism >= 1 && job.maxParallelism <= LIMITS.maxParallelism ? job.maxParallelism : null;
  let jobP: number = SCENARIO_DEFAULTS.parallelism;
  if (isInt(job.parallelism)) {
    const limit = jobMax ?? defaultMax(job.parallelism);
    if (job.parallelism < 1 || job.parallelism > limit) {
      issues.add('job.parallelism', parallelismMessage(job.parallelism, limit, jobMax !== null ? 'job.maxParallelism' : null));
    } else jobP = job.parallelism;
  }

  const ops = Array.isArray(root.operators) ? root.operators : [];
  const firstIndex = new Map<string, number>();
  ops.forEach((op, i) => {
    if (isPlainObject(op) && typeof op.id === 'string' && !firstIndex.has(op.id)) firstIndex.set(op.id, i);
  });
  const listed = new Map<string, { index: number; type: OpType | null; parallelism: number }>();
  let unboundedAt: number | null = null;
  let channels = 0;
  let channelsReported = false;

  ops.forEach((op, i) => {
    if (!isPlainObject(op)) return;
    const path = `operators[${i}]`;
    const type = (OPERATOR_TYPES as readonly unknown[]).includes(op.type) ? (op.type as OpType) : null;
    const known = type ? OPERATOR_KEYS[type] : KNOWN_KEYS.operator;
    checkKeys(op, known, path, issues, type ? `a ${type} operator` : 'an operator', (key) => {
      if (type === 'source' && key === 'input') return 'a source has no input: remove input (or change the type)';
      const owners = OPERATOR_TYPES.filter((t) => OPERATOR_KEYS[t].includes(key));
      return type && owners.length ? `a ${type} operator has no "${key}" (only ${owners.join('/')} operators do); remove it` : undefined;
    });

    // Parallelism and max parallelism of this operator.
    const ownMax = isInt(op.maxParallelism) && op.maxParallelism >= 1 && op.maxParallelism <= LIMITS.maxParallelism ? op.maxParallelism : null;
    const maxFrom = ownMax !== null ? `${path}.maxParallelism` : jobMax !== null ? 'job.maxParallelism' : null;
    let p = jobP;
    if (isInt(op.parallelism)) {
      const limit = ownMax ?? jobMax ?? defaultMax(op.parallelism);
      if (op.parallelism < 1 || op.parallelism > limit) issues.add(`${path}.parallelism`, parallelismMessage(op.parallelism, limit, maxFrom));
      else p = op.parallelism;
    } else if (op.parallelism === undefined && ownMax !== null && ownMax < jobP) {
      issues.add(`${path}.maxParallelism`, `must be ≥ the operator's parallelism (${jobP}, from job.parallelism), got ${ownMax}: raise it or set a lower parallelism (Flink: 0 < parallelism <= maxParallelism <= ${LIMITS.maxParallelism})`);
    }

    // Unique ids, and none that JavaScript objects already have (state is looked up by id).
    if (typeof op.id === 'string' && firstIndex.get(op.id) !== i && firstIndex.has(op.id)) {
      issues.add(`${path}.id`, `"${op.id}" is already the id of operators[${firstIndex.get(op.id)}]; give each operator a unique id`);
    } else if (typeof op.id === 'string' && RESERVED_IDS.has(op.id)) {
      issues.add(`${path}.id`, `"${op.id}" is a reserved name; choose another id, such as "${op.id}Op"`);
    }
    if (p > LIMITS.subtasks) {
      issues.add(`${path}.parallelism`, `${p} subtasks are more than the simulator shows (at most ${LIMITS.subtasks} per operator); use a parallelism ≤ ${LIMITS.subtasks}`);
    }

    if (type === 'source') {
      if (checkSource(op, path, p, issues)) unboundedAt ??= i;
    } else if (type !== null || op.input !== undefined) {
      checkInput(op, path, type, p, firstIndex, listed, (at, m) => issues.add(at, m));
    }
    if (type !== null && FUNCTION_TYPES.includes(type)) checkFunction(op, path, type as FunctionKind, issues);
    if (type === 'coMap' && op.fn !== undefined) checkFunction(op, path, 'map', issues);
    const upIndex = typeof op.input === 'string' ? listed.get(op.input)?.index : undefined; // side outputs: single input
    checkTime(op, path, type, upIndex === undefined ? undefined : (ops[upIndex] as Obj), (p, m) => issues.add(p, m));
    if (type === 'sum' || type === 'min' || type === 'max') {
      if (op.field === undefined) issues.add(`${path}.field`, `is required: the tuple position or field name to ${type}, e.g. "field": 1`);
    }

    if (typeof op.id === 'string' && !listed.has(op.id)) listed.set(op.id, { index: i, type, parallelism: p });
    // Channels: all-to-all edges connect every pair, pointwise edges at most max(S, T).
    for (const [input] of inputList(op)) {
      const up = listed.get(input);
      if (!up) continue;
      const pointwise = op.keyBy === undefined && (op.partitioner === 'rescale' || (op.partitioner ?? (up.parallelism === p ? 'forward' : '')) === 'forward');
      channels += pointwise ? Math.max(up.parallelism, p) : up.parallelism * p;
      if (channels > LIMITS.channels && !channelsReported) {
        channelsReported = true;
        issues.add(`${path}.parallelism`, `the job now has ${channels} channels, more than the simulator handles (${LIMITS.channels}); lower the parallelism of this operator or of "${input}"`);
      }
    }
  });

  if (unboundedAt !== null && root.until === undefined) {
    issues.add('until', `the job never finishes: set until (ms) or give every generator a count (operators[${unboundedAt}].generator has no count)`);
  }
}

/** Names every JavaScript object already has: an operator id must not be one of them. */
const RESERVED_IDS = new Set(Object.getOwnPropertyNames(Object.prototype));

const defaultMax = (p: number) => (p >= 1 ? computeDefaultMaxParallelism(p) : computeDefaultMaxParallelism(1));

function parallelismMessage(p: number, limit: number, maxFrom: string | null): string {
  const fix = p < 1 ? 'use at least 1' : maxFrom ? `lower it or raise ${maxFrom}` : `use at most ${limit}`;
  return `must be 1..maxParallelism (${limit}), got ${p}: ${fix} (Flink: 0 < parallelism <= maxParallelism <= ${LIMITS.maxParallelism})`;
}

/** Source rules; returns true when the source is an unbounded generator. */
function checkSource(op: Obj, path: string, p: number, issues: Issues): boolean {
  const hasEvents = op.events !== undefined;
  const hasGen = op.generator !== undefined;
  if (hasEvents && hasGen) issues.add(path, 'a source needs exactly one of events or generator, got both: remove one');
  if (!hasEvents && !hasGen) {
    issues.add(path, 'a source needs exactly one of events or generator: add "events": [{"at": 0, "value": …}] or "generator": {"seed", "ratePerSec", "values", "count"}');
  }
  if (Array.isArray(op.events)) {
    op.events.forEach((e, j) => {
      if (!isPlainObject(e)) return;
      checkKeys(e, KNOWN_KEYS.event, `${path}.events[${j}]`, issues, 'an event');
      if (isInt(e.subtask) && e.subtask >= p) {
        issues.add(`${path}.events[${j}].subtask`, `must be 0..${p - 1} (the source's parallelism is ${p}), got ${e.subtask}`);
      }
    });
  }
  if (isPlainObject(op.generator)) {
    checkKeys(op.generator, KNOWN_KEYS.generator, `${path}.generator`, issues, 'a generator');
    return op.generator.count === undefined;
  }
  return false;
}


/** `fn` names a built-in function of the right kind; its args are known, present and typed. */
function checkFunction(op: Obj, path: string, kind: FunctionKind, issues: Issues): void {
  const table: Record<string, { kinds: string[]; args: Record<string, ArgSpec> }> = kind === 'process' ? PROCESS_FUNCTIONS : FUNCTIONS;
  const names = Object.keys(table);
  const ofKind = names.filter((n) => table[n]!.kinds.includes(kind));
  if (op.fn === undefined) {
    issues.add(`${path}.fn`, `is required for a ${kind} operator: one of ${ofKind.join(', ')}`);
    return;
  }
  if (typeof op.fn !== 'string') return;
  const f = table[op.fn];
  if (!f || !Object.hasOwn(table, op.fn)) {
    issues.add(`${path}.fn`, `unknown function "${op.fn}"; ${didYouMean(op.fn, ofKind)}${kind} functions: ${ofKind.join(', ')}`);
    return;
  }
  if (!f.kinds.includes(kind)) {
    issues.add(`${path}.fn`, `"${op.fn}" is a ${f.kinds.join('/')} function, not a ${kind} function: use type "${f.kinds[0]}" or one of ${ofKind.join(', ')}`);
    return;
  }
  const specs = Object.entries(f.args);
  const args = isPlainObject(op.args) ? op.args : {};
  for (const [name, spec] of specs) {
    if (spec.required && args[name] === undefined) {
      issues.add(`${path}.args.${name}`, `is required by ${op.fn} (${spec.doc}): add "args": {"${name}": ${example(spec)}}`);
    }
  }
  for (const [name, value] of Object.entries(args)) {
    const spec = f.args[name];
    if (!spec || !Object.hasOwn(f.args, name)) {
      const takes = specs.length ? `${op.fn} takes: ${specs.map(([n]) => n).join(', ')}` : `${op.fn} takes no arguments`;
      issues.add(`${path}.args.${name}`, `unknown argument of ${op.fn}; ${didYouMean(name, specs.map(([n]) => n))}${takes}`);
    } else if (!argFits(spec, value)) {
      issues.add(`${path}.args.${name}`, `must be ${ARG_TYPES[spec.type]} (${spec.doc}), got ${JSON.stringify(value)}`);
    } else if (op.fn === 'compare' && name === 'op' && !COMPARE_OPS.includes(value as string)) {
      issues.add(`${path}.args.op`, `must be one of ${COMPARE_OPS.join(' ')}, got ${JSON.stringify(value)}`);
    }
  }
}

const ARG_TYPES: Record<ArgSpec['type'], string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  field: 'a tuple position (integer ≥ 0) or a field name (non-empty string)',
  json: 'a JSON value',
  array: 'a list',
};

function argFits(spec: ArgSpec, x: unknown): boolean {
  switch (spec.type) {
    case 'number': return typeof x === 'number' && Number.isFinite(x);
    case 'string': return typeof x === 'string';
    case 'boolean': return typeof x === 'boolean';
    case 'field': return isFieldRef(x);
    case 'json': return isJson(x);
    case 'array': return Array.isArray(x) && isJson(x);
  }
}

const example = (spec: ArgSpec) => ({ number: '1', string: '"…"', boolean: 'true', field: '0', json: '1', array: '[…]' })[spec.type];

/** Fills in defaults; operators are kept as given (copied). */
function resolve(s: Scenario, config: ResolvedConfig): ResolvedScenario {
  const D = SCENARIO_DEFAULTS;
  return {
    // A JSON round trip, not structuredClone: it also copies proxies (e.g. Svelte state).
    ...(JSON.parse(JSON.stringify(s)) as Scenario),
    seed: s.seed ?? D.seed,
    until: s.until ?? null,
    maxEvents: s.maxEvents ?? D.maxEvents,
    job: {
      parallelism: s.job?.parallelism ?? D.parallelism,
      maxParallelism: s.job?.maxParallelism ?? null,
      chaining: s.job?.chaining ?? true,
      runtimeMode: runtimeMode(s, config),
    },
    network: {
      latencyMs: s.network?.latencyMs ?? D.latencyMs,
      jitterMs: s.network?.jitterMs ?? D.jitterMs,
      recordsPerBuffer: s.network?.recordsPerBuffer ?? D.recordsPerBuffer,
    },
    deploy: {
      deployingMs: s.deploy?.deployingMs ?? D.deployingMs,
      initializingMs: s.deploy?.initializingMs ?? D.initializingMs,
      cancelingMs: s.deploy?.cancelingMs ?? D.cancelingMs,
    },
    config,
    cluster: {
      mode: s.cluster?.mode ?? 'standalone',
      taskManagers: s.cluster?.taskManagers ?? null,
      rpcLatencyMs: s.cluster?.rpcLatencyMs ?? D.rpcLatencyMs,
      processStartMs: s.cluster?.processStartMs ?? D.processStartMs,
      containerAllocationMs: s.cluster?.containerAllocationMs ?? D.containerAllocationMs,
    },
    scheduling: { strategy: s.scheduling?.strategy ?? 'pipelined-region' },
    faults: s.faults ?? [],
  };
}
