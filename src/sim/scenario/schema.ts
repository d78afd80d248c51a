/**
 * The structure of a scenario as valibot schemas: JSON shape, types and fixed ranges. Every message
 * says what is expected and what was found. Checks that relate fields to each other (parallelism vs
 * max parallelism, inputs, functions …) live in `validate.ts`. Objects are loose here: unknown keys
 * are reported by `validate.ts`, which can suggest the closest known key.
 */
import * as v from 'valibot';
import { UPPER_BOUND_MAX_PARALLELISM } from '../state/KeyGroupRangeAssignment.ts';

/** Operator types, in the order the docs and messages list them. */
export const OPERATOR_TYPES = ['source', 'map', 'flatMap', 'filter', 'coMap', 'sum', 'min', 'max', 'reduce', 'timestamps', 'window', 'process', 'sink'] as const;
/** Operator types with keyed state: they need `keyBy` on their input edge. */
export const KEYED_TYPES: readonly string[] = ['sum', 'min', 'max', 'reduce', 'window', 'process'];
/** Operator types that take a built-in function (`fn`, `args`). */
export const FUNCTION_TYPES: readonly string[] = ['map', 'flatMap', 'filter', 'reduce', 'process'];
/** Operators with two inputs (TwoInputStreamOperator): `input` lists exactly two ids. */
export const TWO_INPUT_TYPES: readonly string[] = ['coMap'];
export const PARTITIONER_NAMES = ['forward', 'rebalance', 'rescale', 'shuffle', 'broadcast', 'global'] as const;
export const CHAINING_NAMES = ['always', 'never', 'head'] as const;

/** Upper bounds the scenario format enforces. */
export const LIMITS = {
  maxEvents: 5_000_000,
  ratePerSec: 100_000,
  /** Subtasks per operator the simulator shows (Flink allows up to maxParallelism). */
  subtasks: 64,
  /** Channels in the whole job (every producer/consumer pair of an edge). */
  channels: 8192,
  /** Nesting depth of a JSON value. */
  jsonDepth: 32,
  maxParallelism: UPPER_BOUND_MAX_PARALLELISM,
  int32Min: -2147483648,
  int32Max: 2147483647,
} as const;

/** Operator ids: a letter, then letters, digits, `-` and `_`. */
export const OPERATOR_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

type Issue = v.BaseIssue<unknown>;
const got = (i: Issue) => `got ${i.received}`;
const list = (xs: readonly string[]) => xs.join(', ');

/** An integer in [min, max]; `what` completes "must be …". */
function int(min: number, max: number, what: string) {
  const msg = (i: Issue) => `must be ${what}, ${got(i)}`;
  return v.pipe(v.number(msg), v.integer(msg), v.minValue(min, msg), v.maxValue(max, msg));
}
const ms = (what: string) => int(0, Number.MAX_SAFE_INTEGER, `an integer ≥ 0 (${what}, in ms)`);
const str = (what: string) => v.string((i: Issue) => `must be a string (${what}), ${got(i)}`);
const picklist = <T extends readonly string[]>(options: T, what: string) =>
  v.picklist(options, (i: Issue) => `must be one of ${list(options)} (${what}), ${got(i)}`);

/** Required-key messages: the fix for a missing key. */
const REQUIRED_HINTS: Record<string, string> = {
  operators: 'list the operators, each after its input, starting with a source',
  id: 'give the operator a unique id such as "source" or "count"',
  type: `set it to one of ${list(OPERATOR_TYPES)}`,
  at: 'the simulated ms at which the source reads the event',
  value: 'the record (any JSON value)',
  seed: 'an integer that makes the generated values reproducible',
  ratePerSec: 'records per second per source subtask',
  values: 'a non-empty list of values to pick from',
};

/**
 * A plain JSON object (not an array) with these entries, loose about other keys; `keys` lists the
 * known ones. A non-object and a missing required key get clear messages.
 */
function obj<E extends v.ObjectEntries>(entries: E, what: string) {
  const schema = v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, (i: Issue) => `must be ${what}, ${got(i)}`),
    v.looseObject(entries, (i: Issue) => {
      const key = String(i.path?.[i.path.length - 1]?.key);
      return `is required: ${REQUIRED_HINTS[key] ?? 'add it'}`;
    }),
  );
  return Object.assign(schema, { keys: Object.keys(entries) as readonly string[] });
}

/** True for values JSON can represent (finite numbers, plain objects …). */
/** A JSON value nested at most `LIMITS.jsonDepth` levels (deeper values would overflow the stack). */
export function isJson(x: unknown, depth = 0): boolean {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return true;
  if (typeof x === 'number') return Number.isFinite(x);
  if (depth >= LIMITS.jsonDepth) return false;
  if (Array.isArray(x)) return x.every((y) => isJson(y, depth + 1));
  return isPlainObject(x) && Object.values(x).every((y) => isJson(y, depth + 1));
}

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A tuple position (integer ≥ 0) or a field name (non-empty string). */
export const isFieldRef = (x: unknown): x is number | string =>
  (typeof x === 'number' && Number.isInteger(x) && x >= 0) || (typeof x === 'string' && x.length > 0);

const json = v.custom<unknown>((x) => isJson(x), (i: Issue) => `must be a JSON value nested at most ${LIMITS.jsonDepth} levels deep, ${got(i)}`);
/** A record value: JSON, never null (Flink does not allow null records). */
const recordValue = v.custom<unknown>((x) => x !== null && isJson(x), (i: Issue) => i.input === null ? 'must not be null: Flink records are never null; use a value such as 0 or ""' : `must be a JSON value nested at most ${LIMITS.jsonDepth} levels deep, ${got(i)}`);
const fieldRef = (what: string) =>
  v.custom<number | string>(isFieldRef, (i: Issue) => `must be ${what}: a tuple position (integer ≥ 0) or a field name (non-empty string), ${got(i)}`);

export const EventSchema = obj(
  {
    at: ms('the time the source reads the event'),
    value: v.optional(recordValue),
    watermark: v.optional(v.union([v.literal('MAX'), int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'x')], (i: Issue) => `must be an integer (ms) or "MAX" (Long.MAX_VALUE, end of event time), ${got(i)}`)),
    idle: v.optional(v.boolean((i: Issue) => `must be true (markAsTemporarilyIdle) or false (active again), ${got(i)}`)),
    subtask: v.optional(int(0, Number.MAX_SAFE_INTEGER, 'an integer ≥ 0 (the source subtask that reads it)')),
    timestamp: v.optional(int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'an integer (event time, ms)')),
  },
  'an event object {"at": ms, "value": …}',
);

export const GeneratorSchema = obj(
  {
    seed: int(LIMITS.int32Min, LIMITS.int32Max, 'a 32-bit integer'),
    ratePerSec: v.pipe(
      v.number((i: Issue) => `must be a number > 0 (records per second), ${got(i)}`),
      v.check((n: number) => n > 0 && n <= LIMITS.ratePerSec, (i: Issue) => `must be > 0 and ≤ ${LIMITS.ratePerSec} (records per second per subtask), ${got(i)}`),
    ),
    count: v.optional(int(0, Number.MAX_SAFE_INTEGER, 'an integer ≥ 0 (records per subtask; omit for an unbounded source)')),
    values: v.pipe(
      v.array(recordValue, (i: Issue) => `must be a list of values to pick from, ${got(i)}`),
      v.nonEmpty('must not be empty: list at least one value'),
    ),
  },
  'a generator object {"seed", "ratePerSec", "values", "count"}',
);

const parallelism = int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 'an integer 1..maxParallelism');
const maxParallelism = int(1, LIMITS.maxParallelism, `an integer 1..${LIMITS.maxParallelism} (Flink's upper bound for max parallelism)`);

/** Every key any operator may have; `OPERATOR_KEYS` says which keys each type accepts. */
export const OperatorSchema = obj(
  {
    id: v.pipe(
      str('the operator id'),
      v.regex(OPERATOR_ID_PATTERN, (i: Issue) => `must start with a letter and contain only letters, digits, "-" and "_", ${got(i)}`),
    ),
    type: picklist(OPERATOR_TYPES, 'the operator type'),
    name: v.optional(str('the display name')),
    parallelism: v.optional(parallelism),
    maxParallelism: v.optional(maxParallelism),
    costMs: v.optional(ms('processing time per record')),
    slotSharingGroup: v.optional(v.pipe(str('the slot sharing group'), v.nonEmpty('must not be empty: omit it for "default"'))),
    chaining: v.optional(picklist(CHAINING_NAMES, 'never = disableChaining(), head = startNewChain()')),
    input: v.optional(v.union([v.string(), v.array(v.string())], (i: Issue) => `must be the id of the upstream operator, or a list of ids (union, or the two inputs of a coMap), ${got(i)}`)),
    partitioner: v.optional(picklist(PARTITIONER_NAMES, 'the partitioner of the input edge')),
    keyBy: v.optional(fieldRef('the key')),
    exchange: v.optional(picklist(['pipelined', 'batch'] as const, 'the exchange mode of the input edge')),
    events: v.optional(v.array(EventSchema, (i: Issue) => `must be a list of events [{"at": ms, "value": …}], ${got(i)}`)),
    generator: v.optional(GeneratorSchema),
    fn: v.optional(str('the name of a built-in function')),
    args: v.optional(obj({}, 'an object of function arguments')),
    field: v.optional(fieldRef('the aggregated field')),
    identifier: v.optional(str('the print() prefix')),
    transactional: v.optional(v.boolean((i: Issue) => `must be true (an exactly-once two-phase-commit sink) or false, ${got(i)}`)),
    restartFrom: v.optional(picklist(['earliest', 'latest'] as const, 'where the source reads after a restart without a checkpoint: earliest = from the start, latest = from now')),
    sideOutput: v.optional(v.pipe(str('the side output tag to read'), v.nonEmpty('must not be empty: name the tag, e.g. "late"'))),
    watermarks: v.optional(obj({}, 'a watermark strategy object {"strategy", "maxOutOfOrderness", "idleness", …}')),
    window: v.optional(obj({}, 'a window object {"type": "tumbling", "size": …}')),
    trigger: v.optional(obj({}, 'a trigger object {"type": "eventTime" | "processingTime" | "count" | …}')),
    evictor: v.optional(obj({}, 'an evictor object {"type": "count" | "time", …}')),
    allowedLateness: v.optional(v.union([v.string(), v.number()], (i: Issue) => `must be ms or a duration such as "2 s", ${got(i)}`)),
    lateOutput: v.optional(v.pipe(str('the side output tag for late data'), v.nonEmpty('must not be empty: name the tag, e.g. "late"'))),
    aggregate: v.optional(str('the window aggregation')),
    function: v.optional(picklist(['aggregate', 'process', 'aggregate+process'] as const, 'aggregate = incremental AggregateFunction, process = ProcessWindowFunction buffering every element')),
  },
  'an operator object {"id", "type", …}',
);

const COMMON_KEYS = ['id', 'type', 'name', 'parallelism', 'maxParallelism', 'costMs', 'slotSharingGroup', 'chaining'];
const CONSUMER_KEYS = [...COMMON_KEYS, 'input', 'partitioner', 'keyBy', 'exchange', 'sideOutput'];

/** The keys each operator type accepts. */
export const OPERATOR_KEYS: Record<(typeof OPERATOR_TYPES)[number], readonly string[]> = {
  source: [...COMMON_KEYS, 'events', 'generator', 'watermarks', 'restartFrom'],
  timestamps: [...CONSUMER_KEYS, 'watermarks'],
  window: [...CONSUMER_KEYS, 'window', 'trigger', 'evictor', 'allowedLateness', 'lateOutput', 'aggregate', 'field', 'function'],
  process: [...CONSUMER_KEYS, 'fn', 'args'],
  map: [...CONSUMER_KEYS, 'fn', 'args'],
  flatMap: [...CONSUMER_KEYS, 'fn', 'args'],
  coMap: [...CONSUMER_KEYS, 'fn', 'args'],
  filter: [...CONSUMER_KEYS, 'fn', 'args'],
  reduce: [...CONSUMER_KEYS, 'fn', 'args'],
  sum: [...CONSUMER_KEYS, 'field'],
  min: [...CONSUMER_KEYS, 'field'],
  max: [...CONSUMER_KEYS, 'field'],
  sink: [...CONSUMER_KEYS, 'identifier', 'transactional'],
};

export const JobSchema = obj(
  {
    parallelism: v.optional(parallelism),
    maxParallelism: v.optional(maxParallelism),
    chaining: v.optional(v.boolean((i: Issue) => `must be true or false (false = env.disableOperatorChaining()), ${got(i)}`)),
  },
  'an object {"parallelism", "maxParallelism", "chaining"}',
);

export const NetworkSchema = obj(
  {
    latencyMs: v.optional(ms('channel latency')),
    jitterMs: v.optional(ms('extra random latency')),
    recordsPerBuffer: v.optional(v.pipe(
      v.number((i: Issue) => `must be a whole number of records ≥ 1 (1 = one record per network buffer), ${got(i)}`),
      v.integer('must be a whole number of records ≥ 1'), v.minValue(1, 'must be at least 1 record'), v.maxValue(100_000, 'must be at most 100000 records'),
    )),
  },
  'an object {"latencyMs", "jitterMs", "recordsPerBuffer"}',
);

export const DeploySchema = obj(
  {
    deployingMs: v.optional(ms('time in DEPLOYING')),
    initializingMs: v.optional(ms('time in INITIALIZING')),
    cancelingMs: v.optional(ms('time a TaskExecutor takes to cancel a task')),
  },
  'an object {"deployingMs", "initializingMs", "cancelingMs"}',
);

export const CLUSTER_MODES = ['standalone', 'yarn'] as const;
export const SCHEDULING_STRATEGY_NAMES = ['pipelined-region', 'eager', 'lazy-from-sources'] as const;
export const FAULT_TYPES = [
  'failTask', 'killTaskManager', 'addTaskManager', 'cancelJob', 'loseLeadership', 'setSourceRate', 'pauseTask', 'resumeTask', 'triggerSavepoint', 'stopWithSavepoint',
] as const;
/** TaskManagers the simulator shows at most (started at once or added later). */
export const MAX_TASK_MANAGERS = 32;

export const ClusterSchema = obj(
  {
    mode: v.optional(picklist(CLUSTER_MODES, 'standalone = fixed TaskManagers, yarn = the ResourceManager starts workers')),
    taskManagers: v.optional(int(0, MAX_TASK_MANAGERS, `an integer 0..${MAX_TASK_MANAGERS} (TaskManagers started with the cluster)`)),
    rpcLatencyMs: v.optional(ms('latency of one RPC')),
    processStartMs: v.optional(ms('time for a TaskManager or JobManager process to start')),
    containerAllocationMs: v.optional(ms('time YARN takes to allocate a container')),
  },
  'an object {"mode", "taskManagers", "rpcLatencyMs", "processStartMs", "containerAllocationMs"}',
);

export const SchedulingSchema = obj(
  { strategy: v.optional(picklist(SCHEDULING_STRATEGY_NAMES, 'pipelined-region is Flink ≥ 1.13; eager and lazy-from-sources are legacy')) },
  'an object {"strategy"}',
);

export const FaultSchema = obj(
  {
    at: ms('the simulated time of the fault'),
    type: picklist(FAULT_TYPES, 'the fault'),
    task: v.optional(str('a subtask id such as "map/0"')),
    taskManager: v.optional(str('a TaskManager id such as "tm-1"')),
    operator: v.optional(str('a source operator id')),
    ratePerSec: v.optional(v.number()),
    subtask: v.optional(int(0, Number.MAX_SAFE_INTEGER, 'a subtask index')),
  },
  'a fault object {"at", "type", …}',
);

/** The whole scenario. */
export const ScenarioSchema = obj(
  {
    version: v.optional(v.literal(1, (i: Issue) => `must be 1 (the only scenario format version), ${got(i)}`)),
    name: v.optional(str('the scenario name')),
    description: v.optional(str('a description')),
    seed: v.optional(int(LIMITS.int32Min, LIMITS.int32Max, 'a 32-bit integer (-2147483648..2147483647)')),
    until: v.optional(int(1, Number.MAX_SAFE_INTEGER, 'an integer > 0 (the simulated ms at which the run stops)')),
    maxEvents: v.optional(int(1, LIMITS.maxEvents, `an integer 1..${LIMITS.maxEvents} (the kernel event cap)`)),
    job: v.optional(JobSchema),
    network: v.optional(NetworkSchema),
    deploy: v.optional(DeploySchema),
    config: v.optional(v.record(v.string(), v.union([v.string(), v.number(), v.boolean()]), (i: Issue) => `must be an object of Flink options with string, number or boolean values, ${got(i)}`)),
    cluster: v.optional(ClusterSchema),
    scheduling: v.optional(SchedulingSchema),
    faults: v.optional(v.array(FaultSchema, (i: Issue) => `must be a list of faults [{"at": ms, "type": …}], ${got(i)}`)),
    restore: v.optional(v.looseObject({}, (i: Issue) => `must be a savepoint file {"checkpoint", "savepoint", "vertices"}, ${got(i)}`)),
    operators: v.pipe(
      v.array(OperatorSchema, (i: Issue) => `must be a list of operators, ${got(i)}`),
      v.nonEmpty('must not be empty: list the operators, starting with a source'),
    ),
  },
  'a JSON object with "operators"',
);

/** Known keys of each nested object, for unknown-key checks. */
export const KNOWN_KEYS = {
  scenario: ScenarioSchema.keys,
  job: JobSchema.keys,
  network: NetworkSchema.keys,
  deploy: DeploySchema.keys,
  cluster: ClusterSchema.keys,
  scheduling: SchedulingSchema.keys,
  fault: FaultSchema.keys,
  event: EventSchema.keys,
  generator: GeneratorSchema.keys,
  operator: OperatorSchema.keys,
} as const;
