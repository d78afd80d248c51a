/**
 * Learner actions: inputs recorded on the timeline. A fork applies one at a point in the run and
 * drops the future; replaying the recorded actions reproduces the fork exactly.
 */
export type Action =
  /** Change a generator source's rate (records/s per subtask; all subtasks unless `subtask`). */
  | { type: 'setSourceRate'; operator: string; ratePerSec: number; subtask?: number }
  /** Stop a subtask: it neither processes input nor emits; input queues up. */
  | { type: 'pauseTask'; task: string }
  | { type: 'resumeTask'; task: string }
  /** The subtask's user code throws: its TaskExecutor reports FAILED and the scheduler handles the failure. */
  | { type: 'failTask'; task: string }
  /** The TaskManager process dies: its tasks stop at once; heartbeats tell the JobMaster and ResourceManager. */
  | { type: 'killTaskManager'; taskManager: string }
  /** Start one more TaskManager; it registers its slots with the ResourceManager. */
  | { type: 'addTaskManager' }
  /** Cancel the job (Web UI "Cancel Job", `flink cancel`). */
  | { type: 'cancelJob' }
  /** The JobMaster loses leadership (high availability): the job is SUSPENDED. */
  | { type: 'loseLeadership' }
  /** `flink savepoint`: an intermediate savepoint (always aligned; commits nothing, not used for recovery). */
  | { type: 'triggerSavepoint' }
  /** `flink stop`: a synchronous savepoint, then the job finishes (sources stop, nothing is drained). */
  | { type: 'stopWithSavepoint' };

export type ActionType = Action['type'];

/** Every action type, in the order messages list them. */
export const ACTION_TYPES: readonly ActionType[] = [
  'setSourceRate', 'pauseTask', 'resumeTask', 'failTask', 'killTaskManager', 'addTaskManager', 'cancelJob', 'loseLeadership',
  'triggerSavepoint', 'stopWithSavepoint',
];

/** An action pinned to the point of the run where it was taken. */
export type TimedAction = Action & {
  /** Applied when the world has processed exactly this many kernel events … */
  step: number;
  /** … at this simulated time (≥ the time of that step). */
  time: number;
};
