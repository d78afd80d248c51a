/**
 * The Flink configuration options Flinkscope understands: key, type, default in Flink's own textual
 * form (as Flink's docs print it: `MemorySize.toString`, `TimeUtils.formatWithHighestUnit`), accepted
 * values and deprecated keys. Keys and defaults are Flink 1.20's (reference §5.1, §7.2–7.3, §8.1).
 */

/** How a value is written and parsed. `float` holds both Java `Float` and (`double: true`) `Double` options. */
export type OptionType = 'duration' | 'memory' | 'int' | 'float' | 'boolean' | 'enum';

/** One supported option. */
export interface ConfigOptionSpec {
  readonly key: string;
  readonly type: OptionType;
  /** Default in Flink's textual form ("1 s", "128 mb", "0.4", "region"), or null for none. */
  readonly default: string | null;
  /** Enum only: accepted spelling (matched case-insensitively) → canonical value. */
  readonly values?: Readonly<Record<string, string>>;
  /** Older keys Flink still reads for this option (`withDeprecatedKeys`). */
  readonly deprecatedKeys?: readonly string[];
  /** `float` only: the Flink option is a Java `double`, so no `Math.fround`. */
  readonly double?: boolean;
  /** One line of English. */
  readonly description: string;
  /** The Flink options class that declares it. */
  readonly source: string;
}

const CORE = 'flink-core/src/main/java/org/apache/flink/configuration/';
const RESTART = CORE + 'RestartStrategyOptions.java';
const TM = CORE + 'TaskManagerOptions.java';
const JM = CORE + 'JobManagerOptions.java';
const HB = CORE + 'HeartbeatManagerOptions.java';
const CP = CORE + 'CheckpointingOptions.java';
const NET = CORE + 'NettyShuffleEnvironmentOptions.java';

const same = (...v: string[]): Record<string, string> => Object.fromEntries(v.map((x) => [x, x]));

/** Every supported option, in documentation order. */
export const CONFIG_OPTIONS = [
  // Restart strategies (reference §5.1). Aliases: RestartBackoffTimeStrategyFactoryLoader#getRestartStrategyFactoryFromConfig.
  {
    key: 'restart-strategy.type', type: 'enum', default: null, deprecatedKeys: ['restart-strategy'],
    values: {
      none: 'none', off: 'none', disable: 'none',
      'fixed-delay': 'fixed-delay', fixeddelay: 'fixed-delay',
      'failure-rate': 'failure-rate', failurerate: 'failure-rate',
      'exponential-delay': 'exponential-delay', exponentialdelay: 'exponential-delay',
    },
    description: 'Restart strategy on job failure; unset means exponential-delay with checkpointing, else none.', source: RESTART,
  },
  { key: 'restart-strategy.fixed-delay.attempts', type: 'int', default: '1', description: 'Restarts allowed by fixed-delay before the job fails.', source: RESTART },
  { key: 'restart-strategy.fixed-delay.delay', type: 'duration', default: '1 s', description: 'Delay between two restarts with fixed-delay.', source: RESTART },
  { key: 'restart-strategy.failure-rate.max-failures-per-interval', type: 'int', default: '1', description: 'Restarts allowed within one interval by failure-rate.', source: RESTART },
  { key: 'restart-strategy.failure-rate.failure-rate-interval', type: 'duration', default: '1 min', description: 'Interval over which failure-rate counts failures.', source: RESTART },
  { key: 'restart-strategy.failure-rate.delay', type: 'duration', default: '1 s', description: 'Delay between two restarts with failure-rate.', source: RESTART },
  { key: 'restart-strategy.exponential-delay.initial-backoff', type: 'duration', default: '1 s', description: 'First backoff of exponential-delay.', source: RESTART },
  { key: 'restart-strategy.exponential-delay.max-backoff', type: 'duration', default: '1 min', description: 'Largest backoff of exponential-delay.', source: RESTART },
  { key: 'restart-strategy.exponential-delay.backoff-multiplier', type: 'float', double: true, default: '1.5', description: 'Factor applied to the backoff after each restart.', source: RESTART },
  { key: 'restart-strategy.exponential-delay.reset-backoff-threshold', type: 'duration', default: '1 h', description: 'Quiet time after which the backoff returns to its initial value.', source: RESTART },
  { key: 'restart-strategy.exponential-delay.jitter-factor', type: 'float', double: true, default: '0.1', description: 'Random share of the backoff added or removed, in [0, 1].', source: RESTART },
  { key: 'restart-strategy.exponential-delay.attempts-before-reset-backoff', type: 'int', default: '2147483647', description: 'Restarts allowed by exponential-delay before the job fails.', source: RESTART },
  // Failover and execution.
  {
    key: 'jobmanager.execution.failover-strategy', type: 'enum', default: 'region', values: same('region', 'full'),
    description: 'Which tasks restart after a task failure: its pipelined region, or all tasks.', source: JM,
  },
  {
    key: 'execution.runtime-mode', type: 'enum', default: 'STREAMING', values: same('STREAMING', 'BATCH', 'AUTOMATIC'),
    description: 'Runtime execution mode of DataStream programs.', source: CORE + 'ExecutionOptions.java',
  },
  // Checkpointing (flink-time-checkpoint reference §5.1; Flink 1.20 keys, deprecated 1.x keys accepted).
  { key: 'execution.checkpointing.interval', type: 'duration', default: null, description: 'Interval between checkpoints; unset means checkpointing is off.', source: CP },
  {
    key: 'execution.checkpointing.mode', type: 'enum', default: 'EXACTLY_ONCE', values: { EXACTLY_ONCE: 'EXACTLY_ONCE', 'exactly-once': 'EXACTLY_ONCE', AT_LEAST_ONCE: 'AT_LEAST_ONCE', 'at-least-once': 'AT_LEAST_ONCE' },
    description: 'Checkpointing guarantee: EXACTLY_ONCE (barriers aligned) or AT_LEAST_ONCE (no alignment).', source: CP,
  },
  { key: 'execution.checkpointing.timeout', type: 'duration', default: '10 min', description: 'Time after which a checkpoint in progress is aborted (CHECKPOINT_EXPIRED).', source: CP },
  { key: 'execution.checkpointing.max-concurrent-checkpoints', type: 'int', default: '1', description: 'Checkpoints that may be in progress at the same time.', source: CP },
  { key: 'execution.checkpointing.min-pause', type: 'duration', default: '0 ms', description: 'Minimal pause between the end of one checkpoint and the start of the next.', source: CP },
  { key: 'execution.checkpointing.tolerable-failed-checkpoints', type: 'int', default: '0', description: 'Consecutive checkpoint failures tolerated before the job fails.', source: CP },
  { key: 'execution.checkpointing.num-retained', type: 'int', default: '1', deprecatedKeys: ['state.checkpoints.num-retained'], description: 'Completed checkpoints retained (older ones are subsumed).', source: CP },
  { key: 'execution.checkpointing.unaligned.enabled', type: 'boolean', default: 'false', deprecatedKeys: ['execution.checkpointing.unaligned'], description: 'Unaligned checkpoints: barriers overtake in-flight data, which is stored as channel state.', source: CP },
  {
    key: 'execution.checkpointing.aligned-checkpoint-timeout', type: 'duration', default: '0 ms', deprecatedKeys: ['execution.checkpointing.alignment-timeout'],
    description: 'With unaligned checkpoints: start aligned and switch to unaligned after this time (0: always unaligned).', source: CP,
  },
  { key: 'execution.checkpointing.checkpoints-after-tasks-finish', type: 'boolean', default: 'true', description: 'Keep checkpointing after some tasks finished.', source: CP },
  { key: 'execution.checkpointing.incremental', type: 'boolean', default: 'false', deprecatedKeys: ['state.backend.incremental'], description: 'Incremental checkpoints (RocksDB: upload only new SST files).', source: CP },
  {
    key: 'state.backend.type', type: 'enum', default: 'hashmap', deprecatedKeys: ['state.backend'], values: { hashmap: 'hashmap', rocksdb: 'rocksdb' },
    description: 'State backend: hashmap (objects on the JVM heap) or rocksdb (serialized, in SST files).', source: CORE + 'StateBackendOptions.java',
  },
  // Network buffers and credit-based flow control (NettyShuffleEnvironmentOptions). Flinkscope puts one record in each buffer.
  { key: 'taskmanager.network.memory.buffers-per-channel', type: 'int', default: '2', description: 'Exclusive buffers of each input channel: its initial credit.', source: NET },
  { key: 'taskmanager.network.memory.floating-buffers-per-gate', type: 'int', default: '8', description: 'Buffers an input gate lends to channels with a backlog.', source: NET },
  { key: 'taskmanager.network.memory.max-buffers-per-channel', type: 'int', default: '10', description: 'Buffers one output subpartition may fill before the task is back-pressured.', source: NET },
  // Heartbeats, slots and registration (reference §7.2–7.3).
  // PipelineOptions.AUTO_WATERMARK_INTERVAL (reference flink-time-checkpoint §1.1): 0 disables periodic watermarks.
  { key: 'pipeline.auto-watermark-interval', type: 'duration', default: '200 ms', description: 'Interval of periodic watermark emission (0 disables it).', source: CORE + 'PipelineOptions.java' },
  { key: 'heartbeat.interval', type: 'duration', default: '10 s', description: 'Time between heartbeat requests from sender to receiver.', source: HB },
  { key: 'heartbeat.timeout', type: 'duration', default: '50 s', description: 'Time without a heartbeat after which the target counts as lost.', source: HB },
  { key: 'heartbeat.rpc-failure-threshold', type: 'int', default: '2', description: 'Consecutive failed heartbeat RPCs that mark a target unreachable (-1 disables).', source: HB },
  { key: 'slot.request.timeout', type: 'duration', default: '5 min', description: 'Time a slot request may wait before it fails.', source: JM },
  { key: 'slot.idle.timeout', type: 'duration', default: '50 s', description: 'Time an idle slot stays in the slot pool.', source: JM },
  { key: 'taskmanager.numberOfTaskSlots', type: 'int', default: '1', description: 'Task slots offered by each TaskManager.', source: TM },
  {
    key: 'resourcemanager.taskmanager-timeout', type: 'duration', default: '30 s', deprecatedKeys: ['slotmanager.taskmanager-timeout'],
    description: 'Time after which an idle TaskManager is released.', source: CORE + 'ResourceManagerOptions.java',
  },
  {
    key: 'taskmanager.registration.timeout', type: 'duration', default: '5 min', deprecatedKeys: ['taskmanager.maxRegistrationDuration'],
    description: 'Time a TaskManager may take to register before it terminates.', source: TM,
  },
  { key: 'cluster.evenly-spread-out-slots', type: 'boolean', default: 'false', description: 'Spread slots evenly across all TaskManagers.', source: CORE + 'ClusterOptions.java' },
  // TaskExecutor memory (reference §8.1).
  { key: 'taskmanager.memory.process.size', type: 'memory', default: null, description: 'Total Process Memory of a TaskExecutor (the shipped config.yaml sets 1728m).', source: TM },
  { key: 'taskmanager.memory.flink.size', type: 'memory', default: null, description: 'Total Flink Memory: everything except JVM Metaspace and JVM Overhead.', source: TM },
  { key: 'taskmanager.memory.framework.heap.size', type: 'memory', default: '128 mb', description: 'JVM heap reserved for the TaskExecutor framework.', source: TM },
  { key: 'taskmanager.memory.framework.off-heap.size', type: 'memory', default: '128 mb', description: 'Off-heap memory reserved for the TaskExecutor framework.', source: TM },
  { key: 'taskmanager.memory.task.heap.size', type: 'memory', default: null, description: 'JVM heap for tasks; derived when unset.', source: TM },
  { key: 'taskmanager.memory.task.off-heap.size', type: 'memory', default: '0 bytes', description: 'Off-heap memory for tasks.', source: TM },
  {
    key: 'taskmanager.memory.managed.size', type: 'memory', default: null, deprecatedKeys: ['taskmanager.memory.size'],
    description: 'Managed (off-heap) memory; derived from the fraction when unset.', source: TM,
  },
  { key: 'taskmanager.memory.managed.fraction', type: 'float', default: '0.4', description: 'Share of Total Flink Memory used as Managed Memory.', source: TM },
  {
    key: 'taskmanager.memory.network.fraction', type: 'float', default: '0.1', deprecatedKeys: ['taskmanager.network.memory.fraction'],
    description: 'Share of Total Flink Memory used as Network Memory.', source: TM,
  },
  {
    key: 'taskmanager.memory.network.min', type: 'memory', default: '64 mb', deprecatedKeys: ['taskmanager.network.memory.min'],
    description: 'Smallest Network Memory.', source: TM,
  },
  {
    key: 'taskmanager.memory.network.max', type: 'memory', default: '9223372036854775807 bytes', deprecatedKeys: ['taskmanager.network.memory.max'],
    description: 'Largest Network Memory (default Long.MAX_VALUE, "infinite").', source: TM,
  },
  { key: 'taskmanager.memory.jvm-metaspace.size', type: 'memory', default: '256 mb', description: 'JVM Metaspace of a TaskExecutor.', source: TM },
  { key: 'taskmanager.memory.jvm-overhead.fraction', type: 'float', default: '0.1', description: 'Share of Total Process Memory reserved for JVM Overhead.', source: TM },
  { key: 'taskmanager.memory.jvm-overhead.min', type: 'memory', default: '192 mb', description: 'Smallest JVM Overhead.', source: TM },
  { key: 'taskmanager.memory.jvm-overhead.max', type: 'memory', default: '1 gb', description: 'Largest JVM Overhead.', source: TM },
  { key: 'taskmanager.memory.segment-size', type: 'memory', default: '32 kb', description: 'Size of the memory buffers of the network stack and memory manager.', source: TM },
] as const satisfies readonly ConfigOptionSpec[];

/** Canonical key of a supported option. */
export type FlinkOptionKey = (typeof CONFIG_OPTIONS)[number]['key'];

/** Parsed value type of an option type: ms, decimal bytes, number, boolean, canonical enum value. */
export interface OptionValueOfType {
  duration: number;
  memory: string;
  int: number;
  float: number;
  boolean: boolean;
  enum: string;
}

/** Parsed value type of one option key. */
export type OptionValue<K extends FlinkOptionKey> = OptionValueOfType[Extract<(typeof CONFIG_OPTIONS)[number], { key: K }>['type']];

const BY_KEY = new Map<string, ConfigOptionSpec>();
for (const o of CONFIG_OPTIONS as readonly ConfigOptionSpec[]) {
  BY_KEY.set(o.key, o);
  for (const d of o.deprecatedKeys ?? []) BY_KEY.set(d, o);
}

/** The option of a canonical or deprecated key, or undefined. */
export function findOption(key: string): ConfigOptionSpec | undefined {
  return BY_KEY.get(key);
}

/** Every key Flinkscope accepts: canonical keys, then deprecated keys. */
export function allOptionKeys(): string[] {
  return [...BY_KEY.keys()];
}

/** The enum value a text names (case-insensitive, aliases allowed), or undefined. */
export function enumValue(option: ConfigOptionSpec, text: string): string | undefined {
  const lower = text.toLowerCase();
  for (const [alias, canonical] of Object.entries(option.values ?? {})) if (alias.toLowerCase() === lower) return canonical;
  return undefined;
}
