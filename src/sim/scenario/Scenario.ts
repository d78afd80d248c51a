/**
 * The scenario format: a Flink job described the way a DataStream program builds it, plus the
 * simulated environment it runs in. Scenarios are plain JSON; `validateScenario` checks them and
 * fills in defaults (see `ResolvedScenario`). The README documents every field.
 */

import type { Action } from '../actions.ts';
import type { ResolvedConfig } from '../config/Configuration.ts';
import type { SchedulingStrategyName } from '../scheduler/SchedulingStrategy.ts';

/** Any JSON value. Tuples are arrays (Flink's `Tuple2<String,Integer>` is `["hello", 1]`). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Selects a field of a record: a number is a tuple position (`keyBy(0)`, `sum(1)`), a string a
 * POJO field name (`keyBy("word")`), `"$"` the whole value (`keyBy(value -> value)`).
 */
export type FieldRef = number | string;

/** Partitioners of `DataStream` (`forward()`, `rebalance()` …); `keyBy` is given separately. */
export type PartitionerName = 'forward' | 'rebalance' | 'rescale' | 'shuffle' | 'broadcast' | 'global';

/** `disableChaining()` = `never`, `startNewChain()` = `head`; default `always` (Flink's ChainingStrategy). */
export type ChainingName = 'always' | 'never' | 'head';

/** A built-in user function, by name, with arguments (no code is ever evaluated). */
export interface FunctionSpec {
  fn: string;
  args?: { [key: string]: Json };
}

/**
 * One event a source subtask emits at a given simulated time: a record (`value`), or, as a legacy
 * `SourceFunction` can emit them through its `SourceContext`, a watermark (`watermark`) or an
 * idleness mark (`idle`: `markAsTemporarilyIdle`, `false` = active again). Exactly one of the three.
 */
export interface SourceEvent {
  /** Simulated millisecond at which the event becomes available to the source. */
  at: number;
  value?: Json;
  /** Source subtask that reads it (default: the event's index modulo the source parallelism). */
  subtask?: number;
  /** Event-time timestamp (milliseconds) the source attaches to the record (like Kafka's record timestamp). */
  timestamp?: number;
  /** A watermark the source emits (`"MAX"` = Long.MAX_VALUE, end of event time). */
  watermark?: number | 'MAX';
  /** The source marks itself idle (true) or active (false). */
  idle?: boolean;
}

/**
 * A `WatermarkStrategy` (flink-core/.../api/common/eventtime/WatermarkStrategy.java), on a source
 * (`fromSource(source, strategy, name)`) or on an `assignTimestampsAndWatermarks` operator.
 */
export interface WatermarkStrategyJson {
  /**
   * `boundedOutOfOrderness` (forBoundedOutOfOrderness), `monotonous` (forMonotonousTimestamps),
   * `punctuated` (a generator that emits on events), `ingestionTime` (IngestionTimeAssigner: the
   * timestamp is the source's clock) or `noWatermarks`.
   */
  strategy: 'boundedOutOfOrderness' | 'monotonous' | 'punctuated' | 'ingestionTime' | 'noWatermarks';
  /** The bound B of out-of-orderness (ms or a duration such as "3 s"); watermark = max timestamp − B − 1. */
  maxOutOfOrderness?: number | string;
  /** `withIdleness(timeout)`: mark the output idle after this long without records (ms or duration). */
  idleness?: number | string;
  /** `withTimestampAssigner`: take the timestamp from this field of the value (default: the event's own `timestamp`). */
  timestampField?: FieldRef;
  /** punctuated: emit a watermark only after records whose field is truthy (default: after every record). */
  marker?: FieldRef;
}

/** A seeded generator: each source subtask emits `count` values picked from `values`. */
export interface GeneratorSpec {
  seed: number;
  /** Records per second per source subtask; the `setSourceRate` action changes it. */
  ratePerSec: number;
  /** Records per subtask; omitted means unbounded (then the scenario needs `until`). */
  count?: number;
  values: Json[];
}

interface OperatorBase {
  /** Unique id, used in task ids and trace events: letters, digits, `-` and `_`. */
  id: string;
  /** Display name; defaults to Flink's (`Flat Map`, `Keyed Aggregation`, `Print to Std. Out`). */
  name?: string;
  parallelism?: number;
  maxParallelism?: number;
  /** Simulated processing time per record in this operator (ms). */
  costMs?: number;
  slotSharingGroup?: string;
  chaining?: ChainingName;
}

interface ConsumerBase extends OperatorBase {
  /**
   * Id of the upstream operator; a list is a union of streams (`a.union(b)`), or, for a `coMap`,
   * its two inputs in order (`a.connect(b)`).
   */
  input: string | string[];
  /** Partitioner on the edge from `input` (default: forward if parallelisms match, else rebalance). */
  partitioner?: PartitionerName;
  /** `keyBy(field)`: hash partitioning by key group; required by keyed operators. */
  keyBy?: FieldRef;
  /**
   * StreamExchangeMode of the edge from `input`: `pipelined` (PIPELINED_BOUNDED result) or `batch`
   * (BLOCKING: the consumer reads only after the producer finished). Default: from
   * `execution.runtime-mode` (STREAMING → pipelined, BATCH → batch).
   */
  exchange?: 'pipelined' | 'batch';
  /** Read the side output with this tag of `input` (`getSideOutput(tag)`), e.g. a window's late data. */
  sideOutput?: string;
}

export interface SourceOperatorSpec extends OperatorBase {
  type: 'source';
  events?: SourceEvent[];
  generator?: GeneratorSpec;
  /** The source's WatermarkStrategy (default: none, i.e. only the end-of-input watermark). */
  watermarks?: WatermarkStrategyJson;
  /**
   * Where a restarted source reads when there is no checkpoint to restore (like a Kafka source's
   * starting offsets): `earliest` (default) replays from the start, `latest` skips what arrived before now.
   */
  restartFrom?: 'earliest' | 'latest';
}
/** `assignTimestampsAndWatermarks(strategy)` in the pipeline (Flink's TimestampsAndWatermarksOperator). */
export interface TimestampsOperatorSpec extends ConsumerBase {
  type: 'timestamps';
  watermarks: WatermarkStrategyJson;
}
/**
 * `keyBy(…).window(assigner)[.trigger][.evictor][.allowedLateness][.sideOutputLateData]` and a
 * window function (Flink's WindowOperator). The window keys are checked and resolved by
 * `windowing/WindowSpec.ts`.
 */
export interface WindowOperatorJson extends ConsumerBase {
  type: 'window';
  window: { [key: string]: Json };
  trigger?: { [key: string]: Json };
  evictor?: { [key: string]: Json };
  allowedLateness?: number | string;
  lateOutput?: string;
  aggregate?: string;
  field?: FieldRef;
  function?: 'aggregate' | 'process' | 'aggregate+process';
}
/** `keyBy(…).process(KeyedProcessFunction)` with a built-in process function (`fn`, `args`). */
export interface ProcessOperatorSpec extends ConsumerBase, FunctionSpec {
  type: 'process';
}
export interface MapOperatorSpec extends ConsumerBase, FunctionSpec {
  type: 'map' | 'flatMap' | 'filter';
}
/** `a.connect(b).map(CoMapFunction)`: two inputs, the map function (default identity) applied to each (CoStreamMap). */
export interface CoMapOperatorSpec extends ConsumerBase {
  type: 'coMap';
  fn?: string;
  args?: { [key: string]: Json };
}
/** Keyed running aggregation: `keyBy(…).sum(field)` / `.min(field)` / `.max(field)`. */
export interface AggregationOperatorSpec extends ConsumerBase {
  type: 'sum' | 'min' | 'max';
  field: FieldRef;
}
/** Keyed `reduce` with a built-in reduce function. */
export interface ReduceOperatorSpec extends ConsumerBase, FunctionSpec {
  type: 'reduce';
}
/** `print()`: writes `"<subtask+1>> value"` like Flink's PrintSinkFunction. */
export interface SinkOperatorSpec extends ConsumerBase {
  type: 'sink';
  /** `print(identifier)` prefix. */
  identifier?: string;
  /**
   * An exactly-once sink (TwoPhaseCommitSinkFunction): records go into a transaction, pre-committed
   * at each checkpoint and committed when the checkpoint completes; a `read_committed` reader sees
   * only committed records. Without it the sink writes every record at once (like `print()`).
   */
  transactional?: boolean;
}

export type OperatorSpec =
  | SourceOperatorSpec
  | MapOperatorSpec
  | AggregationOperatorSpec
  | ReduceOperatorSpec
  | SinkOperatorSpec
  | CoMapOperatorSpec
  | TimestampsOperatorSpec
  | WindowOperatorJson
  | ProcessOperatorSpec;
export type OperatorType = OperatorSpec['type'];

export interface Scenario {
  /** Format version; 1. */
  version?: 1;
  name?: string;
  description?: string;
  /** Default seed (the CLI's `--seed` and the URL override it). */
  seed?: number;
  /** Stop the run at this simulated time (ms); the run also stops when the job finishes. */
  until?: number;
  /** Event cap: the run fails with a clear error past this many kernel events. */
  maxEvents?: number;
  job?: {
    /** `env.setParallelism` (default 1). */
    parallelism?: number;
    /** `env.setMaxParallelism` (default: Flink's per-vertex default, 128 for p ≤ 85). */
    maxParallelism?: number;
    /** `env.disableOperatorChaining()` when false. */
    chaining?: boolean;
  };
  network?: {
    /** Channel latency between tasks (ms). */
    latencyMs?: number;
    /** Extra latency drawn uniformly from [0, jitterMs] per element; FIFO order is kept. */
    jitterMs?: number;
    /**
     * Records one network buffer holds (credit-based flow control counts buffers). Flink's 32 KiB
     * buffers hold about a thousand small records (default 1000); 1 lets a learner count buffers.
     */
    recordsPerBuffer?: number;
  };
  /**
   * Start from a savepoint (`flink run -s`): a savepoint file as Flinkscope writes it (`savepointFile`),
   * possibly taken at other parallelisms: keyed state moves by key group.
   */
  restore?: Json;
  /** Simulated durations of a task's steps on its TaskExecutor (ms). */
  deploy?: { deployingMs?: number; initializingMs?: number; cancelingMs?: number };
  /** Flink configuration, with Flink's keys and value forms (`"restart-strategy.type": "fixed-delay"`, `"heartbeat.timeout": "5 s"`). */
  config?: { [key: string]: string | number | boolean };
  cluster?: ClusterSpec;
  /** The scheduling strategy (legacy ones run as Flink ≤ 1.12 did). */
  scheduling?: { strategy?: SchedulingStrategyName };
  /** Faults at given simulated times: the same inputs a learner can apply from the UI. */
  faults?: ScheduledFault[];
  operators: OperatorSpec[];
}

/** Where the job runs. */
export interface ClusterSpec {
  /** `standalone`: a fixed set of TaskManagers. `yarn`: the ResourceManager asks YARN for workers when it needs slots. */
  mode?: 'standalone' | 'yarn';
  /** Standalone: TaskManagers started at t = 0 (default: enough for the job's slots). YARN: none at start. */
  taskManagers?: number;
  /** One RPC's latency between cluster components (ms). */
  rpcLatencyMs?: number;
  /** Time from process launch to a TaskManager (or the YARN application master) being up (ms). */
  processStartMs?: number;
  /** YARN: time to allocate a container (ms). */
  containerAllocationMs?: number;
}

/** A fault injected at time `at` (ms). */
export type ScheduledFault = Action & { at: number };

/** A scenario after validation: defaults filled in. */
export interface ResolvedScenario
  extends Omit<Scenario, 'seed' | 'until' | 'maxEvents' | 'job' | 'network' | 'deploy' | 'config' | 'cluster' | 'scheduling' | 'faults'> {
  seed: number;
  until: number | null;
  maxEvents: number;
  job: { parallelism: number; maxParallelism: number | null; chaining: boolean; runtimeMode: 'STREAMING' | 'BATCH' };
  network: { latencyMs: number; jitterMs: number; recordsPerBuffer: number };
  deploy: { deployingMs: number; initializingMs: number; cancelingMs: number };
  /** Given Flink options, by canonical key, parsed (durations in ms, memory sizes as byte strings). */
  config: ResolvedConfig;
  cluster: Required<Omit<ClusterSpec, 'taskManagers'>> & { taskManagers: number | null };
  scheduling: { strategy: SchedulingStrategyName };
  faults: ScheduledFault[];
}

export const SCENARIO_DEFAULTS = {
  seed: 1,
  maxEvents: 200_000,
  parallelism: 1,
  latencyMs: 40,
  jitterMs: 0,
  recordsPerBuffer: 1000,
  costMs: 10,
  deployingMs: 20,
  initializingMs: 20,
  cancelingMs: 10,
  rpcLatencyMs: 10,
  processStartMs: 1000,
  containerAllocationMs: 500,
} as const;
