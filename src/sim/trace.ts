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
];

/** Narrow a trace event by its type. */
export type TraceOf<T extends TraceEventType> = Extract<TraceEvent, { type: T }>;
