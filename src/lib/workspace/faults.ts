/**
 * Learner actions applied as forks at the playhead, and what the live region says about them. The
 * What-if controls and the cluster view's fault buttons both go through `forkAndAnnounce`, so that
 * every fork is announced the same way (en and zh) and a refusal shows in the What-if group.
 */
import type { Action } from '../../sim/actions.ts';
import type { Lang } from '../../lesson/types.ts';
import type { ExecutionState } from '../../sim/runtime/ExecutionState.ts';
import type { JobStatus, TaskRuntime, World } from '../../sim/world.ts';
import { workspaceStrings, type WorkspaceStrings } from './workspaceWords.ts';
import { announcer } from '../announce.svelte.ts';
import type { RunSession } from './Session.svelte.ts';

/** What the live region says once `action` was applied at simulated time `t` (ms, whole). */
export function forkMessage(action: Action, s: WorkspaceStrings, t: number): string {
  switch (action.type) {
    case 'pauseTask':
      return s.forkedPause(action.task, t);
    case 'resumeTask':
      return s.forkedResume(action.task, t);
    case 'setSourceRate':
      return s.forkedRate(action.subtask === undefined ? action.operator : `${action.operator} (${action.subtask + 1})`, action.ratePerSec, t);
    case 'failTask':
      return s.forkedFail(action.task, t);
    case 'killTaskManager':
      return s.forkedKill(action.taskManager, t);
    case 'addTaskManager':
      return s.forkedAddTm(t);
    case 'cancelJob':
      return s.forkedCancel(t);
    case 'loseLeadership':
      return s.forkedLeadership(t);
    case 'triggerSavepoint':
      return s.forkedSavepoint(t);
    case 'stopWithSavepoint':
      return s.forkedStop(t);
  }
}

/**
 * Forks the run with `action` at the playhead and says so (or says why not, and keeps the reason in
 * `session.forkError`). `message` replaces the default sentence. Returns true when applied.
 */
export function forkAndAnnounce(session: RunSession, action: Action, lang: Lang, message?: string): boolean {
  const s = workspaceStrings(lang);
  const t = Math.floor(session.player.time);
  const err = session.fork(action);
  if (err) {
    session.forkError = s.forkFailed(err);
    announcer.say(session.forkError);
    return false;
  }
  session.forkError = '';
  announcer.say(message ?? forkMessage(action, s, t));
  return true;
}

/** Local states in which a `failTask` fault makes the subtask fail (its Task runs user code or is being set up). */
const FAILABLE: readonly ExecutionState[] = ['DEPLOYING', 'INITIALIZING', 'RUNNING'];

/**
 * Whether a `failTask` fault would hit the subtask: its TaskExecutor runs it in DEPLOYING,
 * INITIALIZING or RUNNING (the action reads the TaskExecutor's state; the JobMaster's view may lag).
 */
export const canFail = (rt: TaskRuntime | undefined): boolean => !!rt && rt.local !== null && FAILABLE.includes(rt.local);

/** The TaskManager running the subtask's current attempt, if its process is up. */
export function runningTaskManager(world: World, rt: TaskRuntime | undefined): string | null {
  const tm = rt?.location?.tm;
  if (!tm) return null;
  const status = world.cluster.taskManagers.find((x) => x.id === tm)?.status;
  return status === 'running' || status === 'starting' ? tm : null;
}

/** Job statuses after which cancelling or losing leadership changes nothing. */
const SETTLED: readonly JobStatus[] = ['FINISHED', 'CANCELED', 'FAILED', 'SUSPENDED'];

/** Cancel and losing leadership need a job the Dispatcher has (before submission there is none). */
export const canCancel = (world: World): boolean => world.cluster.jobSubmitted && !SETTLED.includes(world.jobStatus) && world.jobStatus !== 'CANCELLING';
export const canLoseLeadership = (world: World): boolean => world.cluster.jobSubmitted && !world.cluster.leadershipLost && !SETTLED.includes(world.jobStatus);
