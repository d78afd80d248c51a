/**
 * The trace: typed events every kernel step emits. This is the contract between the simulation and
 * everything that reads it (views, lessons, the CLI, tests). The README's "Trace schema" section
 * documents each event; `TRACE_EVENT_TYPES` lists them for validation.
 */
import type { Json } from './scenario/Scenario.ts';
import type { ExecutionState } from './runtime/ExecutionState.ts';
import type { JobStatus, StreamRecord } from './world.ts';
import type { PartitionerKind } from './graph/types.ts';
import type { Action } from './actions.ts';
import type { Endpoint, RpcMessage, RpcName, TaskManagerRuntime } from './cluster/ClusterRuntime.ts';
import type { Window } from './windowing/Window.ts';

/** Flink's WatermarkStatus. */
export type WatermarkStatus = 'IDLE' | 'ACTIVE';
/** Event time or processing time (Flink's TimeDomain). */
export type TimeDomain = 'event' | 'processing';

interface At {
  /** The kernel step that emitted this event (1-based; step n = the n-th kernel event). */
  step: number;
  /** Simulated time (ms). */
  t: number;
}

export type TraceEvent = At &
  (
    | { type: 'job.status'; from: JobStatus; to: JobStatus }
    | { type: 'task.state'; task: string; from: ExecutionState; to: ExecutionState; attempt: number }
    | { type: 'source.emitted'; task: string; operator: string; offset: number; record: StreamRecord }
    | {
        type: 'record.sent';
        task: string;
        to: string;
        channel: string;
        partitioner: PartitionerKind;
        record: StreamRecord;
        sentAt: number;
        arrivesAt: number;
      }
    | { type: 'record.received'; task: string; from: string; channel: string; record: number }
    | { type: 'record.processed'; task: string; operator: string; record: number; outputs: number[] }
    | { type: 'state.changed'; task: string; operator: string; key: Json; keyGroup: number; from: Json | null; to: Json }
    | { type: 'output.emitted'; task: string; operator: string; record: number; value: Json; text: string }
    | { type: 'end.sent'; task: string; to: string; channel: string; sentAt: number; arrivesAt: number }
    | { type: 'end.received'; task: string; from: string; channel: string }
    | { type: 'action.applied'; action: Action }
    | { type: 'rpc.sent'; id: number; from: Endpoint; to: Endpoint; message: RpcMessage; sentAt: number; arrivesAt: number }
    | { type: 'rpc.received'; id: number; from: Endpoint; to: Endpoint; name: RpcName }
    | { type: 'rpc.failed'; id: number; from: Endpoint; to: Endpoint; name: RpcName }
    | { type: 'taskmanager.status'; tm: Endpoint; from: TaskManagerRuntime['status'] | null; to: TaskManagerRuntime['status'] }
    | { type: 'taskmanager.lost'; tm: Endpoint; by: 'resourcemanager' | 'jobmaster'; reason: string }
    | { type: 'slot.allocated'; tm: Endpoint; slot: number; allocationId: string }
    | { type: 'slot.freed'; tm: Endpoint; slot: number; allocationId: string }
    | { type: 'slot.assigned'; tm: Endpoint; slot: number; allocationId: string; group: string; tasks: string[] }
    | { type: 'slot.released'; tm: Endpoint; slot: number; allocationId: string; group: string }
    | { type: 'scheduler.bulk'; tasks: string[] }
    | {
        type: 'job.failure';
        task: string | null;
        cause: string;
        restart: boolean;
        /** Restart: the backoff delay and the tasks the failover strategy restarts. */
        delayMs?: number;
        tasks?: string[];
        numberOfRestarts: number;
        /** No restart: why ("Recovery is suppressed by …"). */
        reason?: string;
      }
    | { type: 'job.restart'; tasks: string[] }
    // Time (watermarks, timers, windows). Long extremes as in util/JavaLong.ts.
    /** A watermark generator (in a source or a timestamp assigner) emitted a watermark (strictly increasing per generator). */
    | { type: 'watermark.emitted'; task: string; operator: string; watermark: number }
    /**
     * A WatermarkStatus change: a generator marked its output IDLE/ACTIVE (`operator` set), or a
     * task's input (its StatusWatermarkValve) became IDLE/ACTIVE (`operator` null).
     */
    | { type: 'watermark.status'; task: string; operator: string | null; status: WatermarkStatus }
    /** A watermark or a watermark status put on a channel (broadcast to every channel of an output). */
    | { type: 'watermark.sent'; task: string; to: string; channel: string; watermark?: number; status?: WatermarkStatus; sentAt: number; arrivesAt: number }
    /** A watermark or status reached its consumer's input queue. */
    | { type: 'watermark.received'; task: string; from: string; channel: string; watermark?: number; status?: WatermarkStatus }
    /**
     * An operator's current event time advanced to `watermark`. Its event-time timers up to it fire
     * right after this event, and only then is the watermark forwarded.
     */
    | { type: 'watermark.advanced'; task: string; operator: string; watermark: number }
    /** A timer was registered; `duplicate` when an equal (time, key, namespace) timer existed, so nothing changed. */
    | { type: 'timer.registered'; task: string; operator: string; domain: TimeDomain; key: Json; namespace: string; time: number; duplicate: boolean }
    | { type: 'timer.deleted'; task: string; operator: string; domain: TimeDomain; key: Json; namespace: string; time: number }
    | { type: 'timer.fired'; task: string; operator: string; domain: TimeDomain; key: Json; namespace: string; time: number }
    /** A record was added to these windows of its key (late windows skipped). */
    | { type: 'window.assigned'; task: string; operator: string; key: Json; record: number; timestamp: number | null; windows: Window[] }
    /** Session windows merged: `from` (the windows before) became `into`. */
    | { type: 'window.merged'; task: string; operator: string; key: Json; into: Window; from: Window[] }
    /**
     * A window fired: the function ran on its contents and emitted `result` with timestamp
     * `maxTimestamp`. `late` for a firing after the watermark passed the window's end (allowed
     * lateness); `stateSize` is the number of values the window state held (1 for an accumulator).
     */
    | { type: 'window.fired'; task: string; operator: string; key: Json; window: Window; result: Json; timestamp: number; late: boolean; stateSize: number; purged: boolean }
    /** An evictor removed `count` elements from a window's buffer. */
    | { type: 'window.evicted'; task: string; operator: string; key: Json; window: Window; count: number }
    /** A window's state was cleaned up (its cleanup timer fired: maxTimestamp + allowed lateness). */
    | { type: 'window.cleared'; task: string; operator: string; key: Json; window: Window }
    /** A record arrived after every window it belongs to was cleaned up: dropped, or sent to the side output `sideOutput`. */
    | { type: 'record.late'; task: string; operator: string; record: number; timestamp: number; sideOutput: string | null }
    // Checkpoints, backpressure and recovery (flink-time-checkpoint reference §5–§7).
    /** The CheckpointCoordinator started checkpoint (or savepoint) `checkpoint`: barriers are injected at `tasks` sources. */
    | { type: 'checkpoint.triggered'; checkpoint: number; savepoint: boolean; tasks: number }
    /** A checkpoint request failed before it got an id (min-pause, too many requests, not all tasks running …); Flink's reason. */
    | { type: 'checkpoint.rejected'; reason: string; task?: string }
    /** A barrier (or, with `cancel`, a CancelCheckpointMarker) was put on a channel; `unaligned` barriers are priority events. */
    | { type: 'barrier.sent'; task: string; to: string; channel: string; checkpoint: number; unaligned?: boolean; cancel?: true; sentAt: number; arrivesAt: number }
    | { type: 'barrier.received'; task: string; from: string; channel: string; checkpoint: number; unaligned?: boolean; cancel?: true }
    /** The input channels barrier alignment blocks now changed (channel ids; empty: none blocked). */
    | { type: 'checkpoint.alignment'; task: string; blocked: string[] }
    /**
     * A task took its snapshot of `checkpoint` (and forwarded the barrier): state size in bytes, the
     * synchronous and asynchronous durations to come, and the records an unaligned barrier overtook in its outputs.
     */
    | { type: 'checkpoint.snapshot'; task: string; checkpoint: number; unaligned: boolean; stateSize: number; syncMs: number; asyncMs: number; outputChannelState: number }
    /** A task acknowledged `checkpoint` to the JobMaster, with the Web UI's per-subtask figures. */
    | {
        type: 'checkpoint.acknowledged'; task: string; checkpoint: number; ackAt: number; stateSize: number; incrementalSize: number;
        persistedData: number; syncMs: number; asyncMs: number; alignmentMs: number; startDelayMs: number; unaligned: boolean;
      }
    /** A task declined `checkpoint` (abortCheckpointOnBarrier) with Flink's CheckpointFailureReason. */
    | { type: 'checkpoint.declined'; task: string; checkpoint: number; reason: string }
    /** Every task acknowledged: the checkpoint is complete (its state is retained for recovery). */
    | { type: 'checkpoint.completed'; checkpoint: number; savepoint: boolean }
    /** The checkpoint was aborted (expired, declined, subsumed, the job failed …). */
    | { type: 'checkpoint.aborted'; checkpoint: number; reason: string }
    /** A new attempt restored its state from `checkpoint`: source offset, keys, in-flight records to replay. */
    | { type: 'checkpoint.restored'; task: string; checkpoint: number; sourceOffset?: number; keys: number; inFlight: number }
    /** A subtask started from a savepoint taken at another parallelism: it got the state of key groups `keyGroups` (first, last). */
    | { type: 'state.redistributed'; task: string; checkpoint: number; from: number; to: number; keyGroups: [number, number] }
    /** A restarted source without a checkpoint skipped to the latest position (`restartFrom: latest`): `records` are lost. */
    | { type: 'source.skipped'; task: string; offset: number; records: number }
    /** A task's output became full (back-pressured) or has room again. */
    | { type: 'task.backpressure'; task: string; backPressured: boolean }
    /** HashMapStateBackend: a write during an asynchronous snapshot copied the entry first (copy-on-write). */
    | { type: 'state.copyOnWrite'; task: string; operator: string; key: Json }
    /** A two-phase-commit sink's transaction step (TwoPhaseCommitSinkFunction); `checkpoint` is null for begin and aborts. */
    | {
        type: 'sink.transaction'; task: string; operator: string;
        action: 'begin' | 'preCommit' | 'commit' | 'abort' | 'recoverAndCommit' | 'recoverAndAbort';
        txn: string; checkpoint: number | null; records: number; outcome: 'done' | 'alreadyCommitted' | 'alreadyAborted' | 'failed';
      }
  );

export type TraceEventType = TraceEvent['type'];

export const TRACE_EVENT_TYPES: readonly TraceEventType[] = [
  'job.status',
  'task.state',
  'source.emitted',
  'record.sent',
  'record.received',
  'record.processed',
  'state.changed',
  'output.emitted',
  'end.sent',
  'end.received',
  'action.applied',
  'rpc.sent',
  'rpc.received',
  'rpc.failed',
  'taskmanager.status',
  'taskmanager.lost',
  'slot.allocated',
  'slot.freed',
  'slot.assigned',
  'slot.released',
  'scheduler.bulk',
  'job.failure',
  'job.restart',
  'watermark.emitted',
  'watermark.status',
  'watermark.sent',
  'watermark.received',
  'watermark.advanced',
  'timer.registered',
  'timer.deleted',
  'timer.fired',
  'window.assigned',
  'window.merged',
  'window.fired',
  'window.evicted',
  'window.cleared',
  'record.late',
  'checkpoint.triggered',
  'checkpoint.rejected',
  'barrier.sent',
  'barrier.received',
  'checkpoint.alignment',
  'checkpoint.snapshot',
  'checkpoint.acknowledged',
  'checkpoint.declined',
  'checkpoint.completed',
  'checkpoint.aborted',
  'checkpoint.restored',
  'source.skipped',
  'task.backpressure',
  'state.copyOnWrite',
  'sink.transaction',
  'state.redistributed',
];

/** Narrow a trace event by its type. */
export type TraceOf<T extends TraceEventType> = Extract<TraceEvent, { type: T }>;
