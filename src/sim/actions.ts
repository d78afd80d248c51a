/**
 * Learner actions: inputs recorded on the timeline. A fork applies one at a point in the run and
 * drops the future; replaying the recorded actions reproduces the fork exactly.
 */
export type Action =
  /** Change a generator source's rate (records/s per subtask; all subtasks unless `subtask`). */
  | { type: 'setSourceRate'; operator: string; ratePerSec: number; subtask?: number }
  /** Stop a subtask: it neither processes input nor emits; input queues up. */
  | { type: 'pauseTask'; task: string }
  | { type: 'resumeTask'; task: string };

/** An action pinned to the point of the run where it was taken. */
export type TimedAction = Action & {
  /** Applied when the world has processed exactly this many kernel events … */
  step: number;
  /** … at this simulated time (≥ the time of that step). */
  time: number;
};
