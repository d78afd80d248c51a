/**
 * ExecutionState: the lifecycle of one execution attempt of a subtask, as an xstate machine.
 * Transitions follow Flink's Execution.java and Task.java
 * (flink-runtime/src/main/java/org/apache/flink/runtime/executiongraph/Execution.java).
 * The machine is run only through xstate's pure `transition()`; the world stores the state name.
 */
import { setup, transition } from 'xstate';

/** flink-runtime/.../execution/ExecutionState.java, in declaration order. */
export const EXECUTION_STATES = [
  'CREATED', 'SCHEDULED', 'DEPLOYING', 'RUNNING', 'FINISHED',
  'CANCELING', 'CANCELED', 'FAILED', 'RECONCILING', 'INITIALIZING',
] as const;
export type ExecutionState = (typeof EXECUTION_STATES)[number];

export type ExecutionEvent =
  | { type: 'SCHEDULE' } // DefaultExecutionDeployer.transitionToScheduled
  | { type: 'DEPLOY' } // Execution.deploy(), once a slot is assigned
  | { type: 'INITIALIZE' } // TM reports INITIALIZING
  | { type: 'RUN' } // TM reports RUNNING
  | { type: 'FINISH' } // TM reports FINISHED (markFinished)
  | { type: 'CANCEL' } // Execution.cancel()
  | { type: 'COMPLETE_CANCELLING' } // TM reports CANCELED
  | { type: 'FAIL' }; // markFailed / processFail

/** `ExecutionState.isTerminal()`. */
export const isTerminal = (s: ExecutionState) => s === 'FINISHED' || s === 'CANCELED' || s === 'FAILED';

const running = {
  FINISH: 'FINISHED',
  CANCEL: 'CANCELING', // a cancel RPC goes to the TaskManager
  COMPLETE_CANCELLING: 'CANCELED',
  FAIL: 'FAILED',
} as const;

export const executionStateMachine = setup({
  types: { events: {} as ExecutionEvent },
}).createMachine({
  id: 'ExecutionState',
  initial: 'CREATED',
  states: {
    // cancel() before deployment needs no RPC: the caller completes CANCELING → CANCELED at once
    // (Execution.cancelAtomically).
    CREATED: { on: { SCHEDULE: 'SCHEDULED', CANCEL: 'CANCELING', FAIL: 'FAILED' } },
    SCHEDULED: { on: { DEPLOY: 'DEPLOYING', CANCEL: 'CANCELING', FAIL: 'FAILED' } },
    DEPLOYING: { on: { INITIALIZE: 'INITIALIZING', ...running } },
    INITIALIZING: { on: { RUN: 'RUNNING', ...running } },
    RUNNING: { on: running },
    // markFinished or fail while CANCELING ends in CANCELED.
    CANCELING: { on: { COMPLETE_CANCELLING: 'CANCELED', FINISH: 'CANCELED', FAIL: 'CANCELED' } },
    // Declared by Flink 1.20 but set by no main code (reference §2.1).
    RECONCILING: {
      on: { INITIALIZE: 'INITIALIZING', RUN: 'RUNNING', FINISH: 'FINISHED', COMPLETE_CANCELLING: 'CANCELED', FAIL: 'FAILED' },
    },
    FINISHED: { type: 'final' },
    CANCELED: { type: 'final' },
    FAILED: { type: 'final' },
  },
});

/**
 * The state after `event`, or null when the machine does not accept the event in `state`
 * (Flink ignores such calls or throws; callers decide).
 */
export function nextExecutionState(state: ExecutionState, event: ExecutionEvent['type']): ExecutionState | null {
  const from = executionStateMachine.resolveState({ value: state, context: undefined as never });
  const [to] = transition(executionStateMachine, from, { type: event });
  const value = to.value as ExecutionState;
  return value === state ? null : value;
}
