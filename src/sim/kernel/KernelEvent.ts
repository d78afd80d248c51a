/** The events the kernel schedules. Plain data: an event names what happens, never a callback. */
import type { TimedAction } from '../actions.ts';
import type { ExecutionEvent } from '../runtime/ExecutionState.ts';

export type KernelEvent =
  /** Submit the job: CREATED → RUNNING, then schedule every task. */
  | { kind: 'job.start' }
  /**
   * Drive a task's ExecutionState machine (deployment steps). Task events name the execution
   * `attempt` they belong to; once a task restarts, events of older attempts are ignored.
   */
  | { kind: 'task.transition'; task: number; attempt: number; event: ExecutionEvent['type'] }
  /** A source subtask emits its next record; stale when its `epoch` is not the source's (rate changed). */
  | { kind: 'source.emit'; task: number; epoch: number }
  /** The head element of a channel reaches its consumer. */
  | { kind: 'channel.deliver'; channel: number }
  /** A task finishes processing the head of its input queue. */
  | { kind: 'task.process'; task: number; attempt: number }
  /** A learner action recorded on the timeline. */
  | { kind: 'action'; action: TimedAction };
