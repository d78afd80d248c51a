/**
 * Colours of the Flink Web UI (flink-runtime-web/web-dashboard: services/config.service.ts and the
 * job graph node card): status colours per ExecutionState and per JobStatus, and the idle → busy
 * fill blend.
 */
import type { ExecutionState } from '../../sim/runtime/ExecutionState.ts';
import type { JobStatus } from '../../sim/world.ts';

export const STATE_COLORS: Record<ExecutionState, string> = {
  CREATED: '#2f54eb',
  SCHEDULED: '#722ed1',
  DEPLOYING: '#13c2c2',
  // Not in the Web UI's table: a darker teal next to DEPLOYING.
  INITIALIZING: '#08979c',
  RUNNING: '#52c41a',
  FINISHED: '#1890ff',
  CANCELING: '#faad14',
  CANCELED: '#fa8c16',
  FAILED: '#f5222d',
  RECONCILING: '#eb2f96',
};

/**
 * Colours of the job status badge: the Web UI's table where it names the status (CREATED, RUNNING,
 * FINISHED, FAILED, CANCELED, RECONCILING; CANCELLING as its CANCELING), the rest chosen next to
 * their neighbours.
 */
export const JOB_STATUS_COLORS: Record<JobStatus, string> = {
  // Not in the Web UI's table: INITIALIZING as the task state of that name.
  INITIALIZING: '#08979c',
  CREATED: '#2f54eb',
  RUNNING: '#52c41a',
  // Not in the table: FAILING as FAILED, RESTARTING as DEPLOYING, SUSPENDED grey.
  FAILING: '#f5222d',
  FAILED: '#f5222d',
  CANCELLING: '#faad14',
  CANCELED: '#fa8c16',
  FINISHED: '#1890ff',
  RESTARTING: '#13c2c2',
  SUSPENDED: '#8c8c8c',
  RECONCILING: '#eb2f96',
};

export const IDLE_FILL = '#5db1ff';
export const BUSY_FILL = '#ee6464';

/** Linear blend of two `#rrggbb` colours, t in [0, 1]. */
export function blend(a: string, b: string, t: number): string {
  const k = Math.min(1, Math.max(0, t));
  const pa = parseHex(a);
  const pb = parseHex(b);
  const mix = pa.map((v, i) => Math.round(v + (pb[i]! - v) * k));
  return '#' + mix.map((v) => v.toString(16).padStart(2, '0')).join('');
}

/** A light tint of a colour (mixed with white), for backgrounds. */
export const tint = (c: string, amount: number) => blend(c, '#ffffff', amount);

function parseHex(c: string): [number, number, number] {
  const h = c.replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** Fill of a subtask box: the node-card blend for running tasks, a tint of the state colour otherwise. */
export function subtaskFill(state: ExecutionState, busy: boolean): string {
  if (state === 'RUNNING') return busy ? BUSY_FILL : IDLE_FILL;
  return tint(STATE_COLORS[state], 0.8);
}
