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
];

/** Narrow a trace event by its type. */
export type TraceOf<T extends TraceEventType> = Extract<TraceEvent, { type: T }>;
