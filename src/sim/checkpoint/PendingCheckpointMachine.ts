/**
 * The life of one checkpoint attempt as the Web UI's checkpoint history shows it
 * (flink-runtime/.../rest/messages/checkpoints/CheckpointStatsStatus.java: IN_PROGRESS, COMPLETED,
 * FAILED), plus SUBSUMED for a completed checkpoint the store discarded beyond `num-retained`
 * (flink-runtime/.../checkpoint/CompletedCheckpointStore.java addCheckpointAndSubsumeOldestOne).
 * An xstate machine run only through the pure `transition()`; the coordinator stores the state name.
 */
import { setup, transition } from 'xstate';

/** Flink's CheckpointStatsStatus (without PENDING_OR_FAILED) and SUBSUMED, in drawing order. */
export const CHECKPOINT_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'FAILED', 'SUBSUMED'] as const;
export type CheckpointStatus = (typeof CHECKPOINT_STATUSES)[number];

/** What moves a checkpoint's status, named after the Flink method that causes it. */
export type CheckpointStatusEvent =
  | { type: 'ACKNOWLEDGE' } // PendingCheckpoint.acknowledgeTask: one more task acknowledged (stays IN_PROGRESS)
  | { type: 'FULLY_ACKNOWLEDGED' } // CheckpointCoordinator.completePendingCheckpoint
  | { type: 'ABORT'; reason?: string } // CheckpointCoordinator.abortPendingCheckpoint (a CheckpointFailureReason)
  | { type: 'SUBSUME'; savepoint?: boolean }; // the completed-checkpoint store drops its oldest beyond num-retained

export const pendingCheckpointMachine = setup({
  types: { events: {} as CheckpointStatusEvent },
  guards: {
    // Savepoints are never added to the CompletedCheckpointStore, so never subsumed
    // (CheckpointCoordinator.completePendingCheckpoint: `if (!props.isSavepoint())`).
    notSavepoint: ({ event }) => !(event.type === 'SUBSUME' && event.savepoint === true),
  },
}).createMachine({
  id: 'Checkpoint',
  initial: 'IN_PROGRESS',
  states: {
    IN_PROGRESS: {
      on: { ACKNOWLEDGE: { target: 'IN_PROGRESS' }, FULLY_ACKNOWLEDGED: 'COMPLETED', ABORT: 'FAILED' },
    },
    COMPLETED: { on: { SUBSUME: { target: 'SUBSUMED', guard: 'notSavepoint' } } },
    FAILED: { type: 'final' },
    SUBSUMED: { type: 'final' },
  },
});

/**
 * The status after `event`, or null when the machine refuses it. ACKNOWLEDGE is accepted and keeps
 * IN_PROGRESS (it returns IN_PROGRESS, not null).
 */
export function nextCheckpointStatus(
  status: CheckpointStatus,
  event: CheckpointStatusEvent['type'] | CheckpointStatusEvent,
): CheckpointStatus | null {
  const ev = (typeof event === 'string' ? { type: event } : event) as CheckpointStatusEvent;
  const from = pendingCheckpointMachine.resolveState({ value: status, context: undefined as never });
  if (!from.can(ev)) return null;
  const [to] = transition(pendingCheckpointMachine, from, ev);
  return to.value as CheckpointStatus;
}
