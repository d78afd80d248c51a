/**
 * The world: the complete, JSON-serializable state of a simulation at one instant. Every pending
 * delayed event is in `queue`; nothing lives in closures or actors, so a `structuredClone` of the
 * world is a full snapshot (rewind, fork and share rely on this).
 */
import type { Json } from './scenario/Scenario.ts';
import type { ExecutionState } from './runtime/ExecutionState.ts';
import type { RngState } from './kernel/Random.ts';
import type { QueuedEvent } from './kernel/EventQueue.ts';
import type { ClusterRuntime } from './cluster/ClusterRuntime.ts';
import type { WatermarkStatus } from './trace.ts';
import type { ValveState } from './eventtime/StatusWatermarkValve.ts';
import type { CombinedWatermarkState } from './eventtime/IndexedCombinedWatermarkStatus.ts';
import type { GeneratorState } from './eventtime/WatermarkGenerator.ts';
import type { EmitterState } from './eventtime/WatermarkEmitter.ts';
import type { TimerServiceState } from './timers/InternalTimerService.ts';
import type { WindowOperatorState } from './windowing/WindowOperator.ts';
import type { TaskMetrics } from './network/BackPressure.ts';
import type { TaskCheckpointState } from './checkpoint/SubtaskCheckpointCoordinator.ts';
import type { ChannelStateEntry } from './checkpoint/TaskSnapshot.ts';
import type { CheckpointingState } from './checkpoint/CheckpointingRuntime.ts';

/** Flink's JobStatus (flink-core/.../api/common/JobStatus.java); the foundation uses a subset. */
export type JobStatus =
  | 'INITIALIZING' | 'CREATED' | 'RUNNING' | 'FAILING' | 'FAILED' | 'CANCELLING'
  | 'CANCELED' | 'FINISHED' | 'RESTARTING' | 'SUSPENDED' | 'RECONCILING';

/** A data record and where it came from. */
export interface StreamRecord {
  /** Unique per run, in creation order. */
  id: number;
  value: Json;
  /** Event-time timestamp, if any. */
  timestamp?: number;
  /** The key, after passing a keyBy edge (or inside a keyed operator). */
  key?: Json;
  /** Key group of `key` (computed with the consuming operator's max parallelism). */
  keyGroup?: number;
  /** The source record this one derives from: source task id and its offset. */
  origin: { task: string; offset: number };
  /** The record this one was produced from (map/flatMap/aggregation output), if not a source record. */
  parent?: number;
  /** Simulated time at which the record was created. */
  createdAt: number;
}

/**
 * What travels in a channel: a record, a watermark, a watermark status (IDLE/ACTIVE), or the
 * end-of-partition event of a finished producer.
 */
export type StreamElement =
  | { kind: 'record'; record: StreamRecord }
  | { kind: 'watermark'; timestamp: number }
  | { kind: 'status'; status: WatermarkStatus }
  | { kind: 'barrier'; barrier: CheckpointBarrier }
  /** CancelCheckpointMarker: checkpoint `id` was aborted upstream. */
  | { kind: 'cancel'; id: number }
  /** End of partition; `stop`: the producer was stopped with a savepoint without draining (EndOfData(NO_DRAIN)). */
  | { kind: 'end'; stop?: true };

/** A CheckpointBarrier: checkpoint id, the time the checkpoint started at the sources, and its options (CheckpointOptions). */
export interface CheckpointBarrier {
  id: number;
  timestamp: number;
  options: BarrierOptions;
}

/** How a barrier must be handled (CheckpointOptions): aligned (optionally switching to unaligned after a timeout), unaligned, or at-least-once. */
export interface BarrierOptions {
  type: 'aligned' | 'unaligned' | 'atLeastOnce';
  /** Aligned with timeout: ms after `timestamp` after which the task switches to unaligned. */
  alignedTimeoutMs?: number;
  /** Savepoints are always aligned, without timeout. */
  savepoint?: boolean;
}

/**
 * A task's event time: how its input channels' watermarks combine (StatusWatermarkValve), and each
 * chained operator's watermark, generator, timers and windows. A restart starts it afresh: Flink
 * does not checkpoint watermarks (reference §3.7).
 */
export interface TaskTime {
  /**
   * Combines the watermarks and statuses of the input channels (null for sources): of all of them
   * for a one-input chain head, of input 1's channels for a two-input one.
   */
  valve: ValveState | null;
  /** A two-input chain head: the valve of input 2's channels, and how the two inputs combine. */
  valve2: ValveState | null;
  combined: CombinedWatermarkState | null;
  /** Per operator id of the chain. */
  operators: Record<string, OperatorTime>;
}

/** One operator's event-time state. */
export interface OperatorTime {
  /** The operator's current watermark: the last one it processed or generated (Long.MIN_VALUE before any). */
  watermark: number;
  /** Watermark generator of a source or a `timestamps` operator. */
  generator?: GeneratorState;
  /** What the generator's output last emitted (TimestampsAndWatermarksOperator.WatermarkEmitter). */
  emitter?: EmitterState;
  /** Timers of a window or process operator (InternalTimerServiceImpl). */
  timers?: TimerServiceState;
  /** Window contents per key (WindowOperator). */
  windows?: WindowOperatorState;
  /** The operator's output last announced IDLE: it forwards no watermark until it announces ACTIVE. */
  outputIdle?: boolean;
}

/** An element in a channel, with the times that place it on the wire. */
export interface InFlight {
  element: StreamElement;
  sentAt: number;
  arrivesAt: number;
  /** Data buffers: the sender's backlog when it sent this one (credit-based flow control). */
  backlog?: number;
}

/** An element that arrived at a task and waits in its input queue. */
export interface Queued {
  channel: number;
  element: StreamElement;
  arrivedAt: number;
  /** A priority event (an unaligned barrier): read even while the channel is blocked or the task back-pressured. */
  priority?: boolean;
  /** A priority barrier: the records queued on its channel that it overtook. */
  overtaken?: StreamRecord[];
  /** In-flight data restored from an unaligned checkpoint (it holds no network buffer). */
  restored?: true;
}

/** A keyed-state entry of one operator: the key, its key group and the current value. */
export interface KeyedEntry {
  key: Json;
  keyGroup: number;
  value: Json;
}

/** Runtime state of one subtask (Flink: a Task running a StreamTask with an OperatorChain). */
export interface TaskRuntime {
  /** The JobMaster's view: the state of the current Execution (what the Web UI shows). */
  state: ExecutionState;
  /**
   * The TaskExecutor's view: the state of the Task running this attempt (Task.java), or null when no
   * TaskExecutor runs it. The task processes data only while this is RUNNING; the JobMaster learns of
   * each change through an `updateTaskExecutionState` RPC.
   */
  local: ExecutionState | null;
  /** Where the current attempt is deployed: TaskManager id and slot index. */
  location: { tm: string; slot: number } | null;
  /** Execution attempt number (0 for the first). */
  attempt: number;
  /** Why the last attempt failed (Flink's root cause), if it did. */
  failure?: string;
  /** Paused by the learner: processes nothing, emits nothing. */
  paused: boolean;
  /** True while a `task.process` event for this task is in the queue. */
  busy: boolean;
  /**
   * Arrived elements not yet processed: one FIFO queue per input channel, in `TaskPlan.inputs`
   * order (Flink's InputChannels of a SingleInputGate).
   */
  inputQueues: Queued[][];
  /**
   * Input positions that hold data, in the order the task reads them: a channel joins the tail when
   * it gets data and rejoins it after each element while it has more, so channels take turns
   * (SingleInputGate.inputChannelsWithData).
   */
  available: number[];
  /** Number of input channels that delivered end-of-partition. */
  endedInputs: number;
  /** Keyed state per operator id, keyed by the key's canonical JSON. */
  keyed: Record<string, Record<string, KeyedEntry>>;
  /** Partitioner state per output (rebalance/rescale: last channel chosen). */
  partitioners: number[];
  /** Pipelined result partitions (ids) this attempt has written data to (they became consumable). */
  producedOutputs: string[];
  /** Source subtasks only. */
  source?: SourceRuntime;
  /** Records read from the inputs and processed (Flink's numRecordsIn; 0 for a source, see `source.offset`). */
  recordsIn: number;
  /** Records emitted to the network, once per record and output edge (numRecordsOut; a broadcast counts once). */
  recordsOut: number;
  /** Watermarks, timers and windows. */
  time: TaskTime;
  /**
   * Per input position, in record slots: floating buffers borrowed from the gate, the sender's last
   * announced backlog, records processed of the buffer being read, and records queued holding a buffer.
   */
  inputBuffers: { floating: number; backlog: number; consumed: number; queued: number }[];
  /** Per input gate: record slots of floating buffers not lent to any channel. */
  floatingFree: number[];
  /** Busy and back-pressured time (the Web UI's busy and backpressure ratios). */
  metrics: TaskMetrics;
  /** Barrier handling, snapshots in progress and the last checkpoint taken (SubtaskCheckpointCoordinator). */
  checkpoint: TaskCheckpointState;
  /** Transactional sinks' TwoPhaseCommitSinkFunction state, per operator id. */
  sinks: Record<string, Json>;
  /** Channel state restored from an unaligned checkpoint, replayed once the task runs. */
  restoredChannelState?: { input: ChannelStateEntry[]; output: ChannelStateEntry[] };
}

/** A source subtask's reading position and, for generators, its rate. */
export interface SourceRuntime {
  /** Index of the next event to emit (the source offset). */
  offset: number;
  /** Generator rate (records/s), changed by the `setSourceRate` action. */
  ratePerSec: number;
  /**
   * Where the current rate took effect: generated record n is due at
   * `rateSince.time + floor((n - rateSince.offset) × 1000 / ratePerSec)`.
   */
  rateSince: { time: number; offset: number };
  /** Time of the last emitted record (null before the first). */
  lastEmitAt: number | null;
  /** True once a `source.emit` event is queued. */
  scheduled: boolean;
  /** Bumped when the timing changes (rate, pause); queued `source.emit` events of older epochs are ignored. */
  epoch: number;
  done: boolean;
  /** Stop with savepoint: the synchronous savepoint's id while the source waits for it (it emits nothing more). */
  stopping?: number;
}

/** The wire of one channel: what is in flight, FIFO. The receiver's queue is in `TaskRuntime.inputQueues`. */
export interface ChannelRuntime {
  /** Bumped when the channel is reset by a restart; deliveries of older epochs are dropped. */
  epoch: number;
  /**
   * BLOCKING edges: the result subpartition. The producer writes here; the consumer reads it once
   * the partition is complete (its producer FINISHED) and the consumer runs. Survives a consumer
   * restart (blocking results are re-consumable).
   */
  stored: StreamElement[];
  /** BLOCKING edges: the stored data was put on the wire for the consumer's current attempt. */
  flushed: boolean;
  /**
   * The sender's subpartition: elements waiting to go on the wire (data buffers wait for credit).
   * Pipelined channels only.
   */
  outQueue: StreamElement[];
  /** Data buffers (records) in `outQueue`: the backlog the sender announces. */
  backlog: number;
  /** Credit the receiver granted, in record slots: records the sender may still put on the wire. */
  credit: number;
  /** Elements on the wire, FIFO (head arrives first). */
  inFlight: InFlight[];
  /** Priority events on the wire (unaligned barriers): they overtake `inFlight`. */
  priority: InFlight[];
  /** Latest arrival time handed out, so that jitter never reorders a channel. */
  lastArrivesAt: number;
  sent: number;
  delivered: number;
}

export interface World {
  /** Simulated time in integer milliseconds. */
  time: number;
  /** Number of kernel events processed so far (0 = nothing happened yet). */
  step: number;
  /** Next sequence number for the event queue (ties in time keep insertion order). */
  seq: number;
  rng: RngState;
  queue: QueuedEvent[];
  nextRecordId: number;
  jobStatus: JobStatus;
  tasks: TaskRuntime[];
  channels: ChannelRuntime[];
  /** Dispatcher, JobMaster, ResourceManager, TaskManagers and the RPCs between them. */
  cluster: ClusterRuntime;
  /** The CheckpointCoordinator's state and what lies outside the job (the transactional sink's external system). */
  checkpointing: CheckpointingState;
}

/** A task's queued input in the order it will be processed (the round-robin over `available`). */
export function queuedInOrder(task: TaskRuntime): Queued[] {
  const next = task.inputQueues.map(() => 0);
  const order = [...task.available];
  const out: Queued[] = [];
  while (order.length) {
    const pos = order.shift()!;
    const q = task.inputQueues[pos]!;
    out.push(q[next[pos]!]!);
    next[pos]! += 1;
    if (next[pos]! < q.length) order.push(pos);
  }
  return out;
}

/** Number of elements waiting in a task's input queues. */
export const queuedCount = (task: TaskRuntime) => task.inputQueues.reduce((n, q) => n + q.length, 0);
