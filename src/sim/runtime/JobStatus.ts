/**
 * JobStatus: the lifecycle of a job, as an xstate machine run only through the pure `transition()`.
 * Transitions follow Flink 1.20's DefaultScheduler and DefaultExecutionGraph
 * (flink-runtime/src/main/java/org/apache/flink/runtime/executiongraph/DefaultExecutionGraph.java;
 * reference §1.2–1.3). A second machine draws the pre-1.10 path the course describes (via FAILING).
 */
import { setup, transition } from 'xstate';
import type { JobStatus } from '../world.ts';

/** flink-core/.../api/common/JobStatus.java, in declaration (ordinal) order. */
export const JOB_STATUSES = [
  'INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'FAILED', 'CANCELLING',
  'CANCELED', 'FINISHED', 'RESTARTING', 'SUSPENDED', 'RECONCILING',
] as const satisfies readonly JobStatus[];

/** `isGloballyTerminalState()`: the job is over for the whole cluster. */
export const isGloballyTerminal = (s: JobStatus) => s === 'FAILED' || s === 'CANCELED' || s === 'FINISHED';
/** `isTerminalState()`: also SUSPENDED, which is only locally terminal (HA keeps the job for another JobManager). */
export const isTerminalJobStatus = (s: JobStatus) => isGloballyTerminal(s) || s === 'SUSPENDED';

/** What moves a job's status, named after the Flink method that does it. */
export type JobStatusEvent =
  | { type: 'JOB_MASTER_STARTED' } // the ExecutionGraph exists: INITIALIZING → CREATED
  | { type: 'START_SCHEDULING' } // DefaultScheduler.startSchedulingInternal → transitionToRunning
  | { type: 'RESTART_PENDING' } // DefaultScheduler.addVerticesToRestartPending: RUNNING → RESTARTING
  | { type: 'RESTARTED' } // DefaultScheduler.removeVerticesFromRestartPending: RESTARTING → RUNNING
  | { type: 'FAIL_JOB' } // DefaultExecutionGraph.failJob: restart not allowed
  | { type: 'CANCEL' } // DefaultExecutionGraph.cancel
  | { type: 'ALL_VERTICES_TERMINAL' } // failJob's / cancel's completion: FAILING → FAILED, CANCELLING → CANCELED
  | { type: 'CANCEL_FAILED' } // the vertex-cancel future completed exceptionally: CANCELLING → FAILED
  | { type: 'ALL_FINISHED' } // DefaultExecutionGraph.jobFinished
  | { type: 'SUSPEND' } // SchedulerBase.closeAsync → suspend, e.g. leadership lost
  | { type: 'RECONCILE' } // AdaptiveBatchScheduler job recovery only
  | { type: 'RECONCILED' };

const suspend = { SUSPEND: 'SUSPENDED' } as const;

export const jobStatusMachine = setup({ types: { events: {} as JobStatusEvent } }).createMachine({
  id: 'JobStatus',
  initial: 'INITIALIZING',
  states: {
    // Reported by the Dispatcher while the JobMaster starts (JobMasterServiceLeadershipRunner.requestJob).
    // Leadership lost before the JobMaster ran: "any non-terminal state → SUSPENDED" (reference §1.2).
    INITIALIZING: { on: { JOB_MASTER_STARTED: 'CREATED', FAIL_JOB: 'FAILED', CANCEL: 'CANCELLING', ...suspend } },
    CREATED: {
      on: { START_SCHEDULING: 'RUNNING', CANCEL: 'CANCELLING', FAIL_JOB: 'FAILING', RECONCILE: 'RECONCILING', ...suspend },
    },
    RECONCILING: { on: { RECONCILED: 'RUNNING' } },
    RUNNING: {
      on: { RESTART_PENDING: 'RESTARTING', FAIL_JOB: 'FAILING', CANCEL: 'CANCELLING', ALL_FINISHED: 'FINISHED', ...suspend },
    },
    RESTARTING: { on: { RESTARTED: 'RUNNING', CANCEL: 'CANCELLING', FAIL_JOB: 'FAILING', ...suspend } },
    FAILING: { on: { ALL_VERTICES_TERMINAL: 'FAILED', CANCEL: 'CANCELLING', ...suspend } },
    CANCELLING: { on: { ALL_VERTICES_TERMINAL: 'CANCELED', FAIL_JOB: 'FAILING', CANCEL_FAILED: 'FAILED', ...suspend } },
    FAILED: { type: 'final' },
    CANCELED: { type: 'final' },
    FINISHED: { type: 'final' },
    SUSPENDED: { type: 'final' },
  },
});

/** The status after `event`, or null when the machine does not accept it (Flink: no-op or CAS failure). */
export function nextJobStatus(status: JobStatus, event: JobStatusEvent['type']): JobStatus | null {
  const from = jobStatusMachine.resolveState({ value: status, context: undefined as never });
  const [to] = transition(jobStatusMachine, from, { type: event });
  const value = to.value as JobStatus;
  return value === status ? null : value;
}

/**
 * Before Flink 1.10 (legacy scheduler, ExecutionGraph.failGlobal/tryRestartOrFail): a recoverable
 * failure went RUNNING → FAILING (cancel everything) → RESTARTING → CREATED → RUNNING. Drawn as a
 * labelled legacy variant; the simulation runs the 1.20 machine above.
 */
export const legacyJobStatusMachine = setup({ types: { events: {} as { type: string } } }).createMachine({
  id: 'JobStatus (Flink < 1.10)',
  initial: 'CREATED',
  states: {
    CREATED: { on: { START_SCHEDULING: 'RUNNING', CANCEL: 'CANCELLING' } },
    RUNNING: { on: { FAIL: 'FAILING', CANCEL: 'CANCELLING', ALL_FINISHED: 'FINISHED', SUSPEND: 'SUSPENDED' } },
    FAILING: { on: { ALL_CANCELED_RECOVERABLE: 'RESTARTING', ALL_CANCELED_UNRECOVERABLE: 'FAILED', CANCEL: 'CANCELLING' } },
    RESTARTING: { on: { RESET: 'CREATED', CANCEL: 'CANCELED' } },
    CANCELLING: { on: { ALL_CANCELED: 'CANCELED' } },
    FAILED: { type: 'final' },
    CANCELED: { type: 'final' },
    FINISHED: { type: 'final' },
    SUSPENDED: { type: 'final' },
  },
});
