/**
 * Sharing a run: (scenario, seed, actions, position) as a JSON document and as a compact URL-safe
 * string. Decoding validates everything and names the bad field; it never trusts its input.
 */
import { ACTION_TYPES } from './actions.ts';
import type { Action, TimedAction } from './actions.ts';
import type { Scenario } from './scenario/Scenario.ts';
import type { Position } from './Timeline.ts';

export interface SharedRun {
  format: 'flinkscope-run';
  version: 1;
  /** The scenario itself, or omitted when `lesson` names it. */
  scenario?: Scenario;
  /** A lesson scenario by reference: lesson id and scenario name. */
  lesson?: { id: string; scenario: string };
  seed: number;
  actions: TimedAction[];
  position: Position;
}

/** A shared run that cannot be read; `message` names the field and the fix. */
export class ShareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareError';
  }
}

/** UTF-8 text → base64url without padding (URL-safe). */
export function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The inverse of `encodeBase64Url`; a damaged string gives a ShareError. */
export function decodeBase64Url(s: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new ShareError('the link is damaged: it has characters base64url does not use; copy the whole link again');
  let bin: string;
  try {
    bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  } catch {
    throw new ShareError('the link is damaged: it is cut short; copy the whole link again');
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ShareError('the link is damaged: it does not decode to text; copy the whole link again');
  }
}

export const encodeActions = (actions: readonly TimedAction[]) => encodeBase64Url(JSON.stringify(actions));

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Checks the shape of timed actions (what they refer to is checked by the timeline when it forks). */
export function parseActions(value: unknown, path = 'actions'): TimedAction[] {
  if (!Array.isArray(value)) throw new ShareError(`${path}: must be a list of actions, got ${typeof value}`);
  return value.map((a, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(a)) throw new ShareError(`${p}: must be an object like {"type":"pauseTask","task":"count/0","step":12,"time":300}`);
    if (!isInt(a.step) || a.step < 0) throw new ShareError(`${p}.step: must be an integer ≥ 0, got ${JSON.stringify(a.step)}`);
    if (!isInt(a.time) || a.time < 0) throw new ShareError(`${p}.time: must be an integer ≥ 0 (ms), got ${JSON.stringify(a.time)}`);
    let action: Action;
    if (a.type === 'pauseTask' || a.type === 'resumeTask' || a.type === 'failTask') {
      if (typeof a.task !== 'string') throw new ShareError(`${p}.task: must be a task id such as "count/0"`);
      action = { type: a.type, task: a.task };
    } else if (a.type === 'killTaskManager') {
      if (typeof a.taskManager !== 'string') throw new ShareError(`${p}.taskManager: must be a TaskManager id such as "tm-1"`);
      action = { type: a.type, taskManager: a.taskManager };
    } else if (a.type === 'addTaskManager' || a.type === 'cancelJob' || a.type === 'loseLeadership' || a.type === 'triggerSavepoint' || a.type === 'stopWithSavepoint') {
      action = { type: a.type };
    } else if (a.type === 'setSourceRate') {
      if (typeof a.operator !== 'string') throw new ShareError(`${p}.operator: must be a source operator id`);
      if (typeof a.ratePerSec !== 'number' || !(a.ratePerSec > 0)) throw new ShareError(`${p}.ratePerSec: must be a number of records per second > 0`);
      action = { type: a.type, operator: a.operator, ratePerSec: a.ratePerSec };
      if (a.subtask !== undefined) {
        if (!isInt(a.subtask) || a.subtask < 0) throw new ShareError(`${p}.subtask: must be an integer ≥ 0`);
        action.subtask = a.subtask;
      }
    } else {
      throw new ShareError(`${p}.type: unknown action ${JSON.stringify(a.type)}; use ${ACTION_TYPES.join(', ')}`);
    }
    return { ...action, step: a.step, time: a.time };
  });
}

/** Reads a shared-run JSON document (the scenario inside is validated separately by the caller). */
export function parseSharedRun(value: unknown): SharedRun {
  if (!isObj(value)) throw new ShareError('the file is not a Flinkscope run: expected a JSON object with "format": "flinkscope-run"');
  if (value.format !== 'flinkscope-run') throw new ShareError(`format: expected "flinkscope-run", got ${JSON.stringify(value.format)}`);
  if (value.version !== 1) throw new ShareError(`version: this Flinkscope reads version 1, got ${JSON.stringify(value.version)}`);
  if (!isInt(value.seed) || value.seed < -2147483648 || value.seed > 2147483647) {
    throw new ShareError(`seed: must be a 32-bit integer, got ${JSON.stringify(value.seed)}`);
  }
  if (value.lesson !== undefined && value.scenario !== undefined) {
    throw new ShareError('scenario: give either "scenario" or "lesson", not both');
  }
  const pos = value.position;
  if (!isObj(pos) || !isInt(pos.step) || pos.step < 0 || !isInt(pos.time) || pos.time < 0) {
    throw new ShareError('position: must be {"step": integer ≥ 0, "time": integer ≥ 0}');
  }
  const run: SharedRun = {
    format: 'flinkscope-run',
    version: 1,
    seed: value.seed,
    actions: parseActions(value.actions ?? []),
    position: { step: pos.step, time: pos.time },
  };
  if (value.lesson !== undefined) {
    const l = value.lesson;
    if (!isObj(l) || typeof l.id !== 'string' || typeof l.scenario !== 'string') {
      throw new ShareError('lesson: must be {"id": "01-anatomy", "scenario": "main"}');
    }
    run.lesson = { id: l.id, scenario: l.scenario };
  } else if (value.scenario !== undefined) {
    run.scenario = value.scenario as Scenario;
  } else {
    throw new ShareError('scenario: the run names no scenario; include "scenario" (the scenario JSON) or "lesson"');
  }
  return run;
}

export const encodeSharedRun = (run: SharedRun) => encodeBase64Url(JSON.stringify(run));

export function decodeSharedRun(s: string): SharedRun {
  let json: unknown;
  try {
    json = JSON.parse(decodeBase64Url(s));
  } catch (e) {
    if (e instanceof ShareError) throw e;
    throw new ShareError('the link is damaged: its run is not valid JSON; copy the whole link again');
  }
  return parseSharedRun(json);
}
