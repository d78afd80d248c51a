/**
 * The data behind the execution timeline (the Flink Web UI's job "Timeline" tab): per subtask, the
 * ExecutionState intervals of each execution attempt up to now; the job's JobStatus intervals; the
 * time axis. Pure functions of the plan and a trace prefix (`timeline.traceUntil(step)`).
 *
 * Attempts: Flink numbers them from 0. A restart resets a subtask to CREATED (the simulator emits
 * that `task.state` with the old attempt number, and the next one with the new number); a reset to
 * CREATED, or any event with a higher attempt number, starts a new attempt.
 */
import type { JobPlan } from '../../sim/graph/types.ts';
import type { ExecutionState } from '../../sim/runtime/ExecutionState.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import type { JobStatus } from '../../sim/world.ts';
import { isTerminalJobStatus } from '../../sim/runtime/JobStatus.ts';
import { JOB_STATUS_COLORS, STATE_COLORS } from '../graph/colors.ts';

/** One interval in one state, [from, to] in simulated ms (to = now for the open one). */
export interface Segment<S extends string = ExecutionState> {
  state: S;
  from: number;
  to: number;
}

export interface AttemptSpan {
  attempt: number;
  /** When the attempt started (its first segment's `from`). */
  start: number;
  segments: Segment[];
}

export interface GanttRow {
  /** Subtask id, `<vertex>/<subtask>`. */
  task: string;
  vertex: string;
  /** Flink's task name, `Map -> Sink: Print to Std. Out (1/2)`. */
  name: string;
  /** Empty until the subtask's execution exists (the job's ExecutionGraph is built). */
  attempts: AttemptSpan[];
}

export interface GanttGroup {
  vertex: string;
  /** The job vertex's name (its chained operators). */
  name: string;
  rows: GanttRow[];
}

type Plan = Pick<JobPlan, 'execution'>;

/** When the ExecutionGraph exists (the job's first INITIALIZING → CREATED), else null. */
function graphCreatedAt(trace: readonly TraceEvent[]): number | null {
  for (const e of trace) if (e.type === 'job.status' && e.to === 'CREATED') return e.t;
  return null;
}

/** One row per subtask, in `plan.execution.tasks` order, with its attempts' intervals up to `now`. */
export function ganttRows(plan: Plan, trace: readonly TraceEvent[], now: number): GanttRow[] {
  const created = graphCreatedAt(trace);
  const rows = plan.execution.tasks.map((t): GanttRow => ({ task: t.id, vertex: t.vertex, name: t.name, attempts: [] }));
  const byId = new Map(rows.map((r) => [r.task, r]));
  /** The open segment of each row (the last of its last attempt). */
  const open = new Map<string, Segment>();
  const startAttempt = (row: GanttRow, attempt: number, state: ExecutionState, at: number) => {
    const seg: Segment = { state, from: at, to: at };
    row.attempts.push({ attempt, start: at, segments: [seg] });
    open.set(row.task, seg);
  };
  for (const e of trace) {
    if (e.type !== 'task.state' || e.t > now) continue;
    const row = byId.get(e.task);
    if (!row) continue;
    const cur = row.attempts.at(-1);
    if (!cur) {
      // The subtask's execution existed since the ExecutionGraph was built, in the event's `from`.
      startAttempt(row, e.attempt, e.from, Math.min(created ?? e.t, e.t));
    } else if (e.attempt > cur.attempt && e.to !== 'CREATED') {
      // A new attempt the trace did not show being reset: it starts here in the event's `from`.
      open.get(row.task)!.to = e.t;
      startAttempt(row, e.attempt, e.from, e.t);
    }
    const seg = open.get(row.task)!;
    seg.to = e.t;
    const attempt = row.attempts.at(-1)!;
    if (e.to === 'CREATED') {
      // Only a reset enters CREATED (Flink: a new Execution replaces the old one).
      startAttempt(row, Math.max(e.attempt, attempt.attempt + 1), 'CREATED', e.t);
    } else {
      const next: Segment = { state: e.to, from: e.t, to: e.t };
      attempt.segments.push(next);
      open.set(row.task, next);
    }
  }
  // Subtasks without any state change yet are CREATED since the ExecutionGraph was built.
  if (created !== undefined && created !== null && created <= now) {
    for (const row of rows) if (row.attempts.length === 0) startAttempt(row, 0, 'CREATED', created);
  }
  for (const seg of open.values()) seg.to = Math.max(seg.to, now);
  return rows;
}

/** Rows grouped under their job vertex, in the job graph's order. */
export function ganttGroups(plan: Pick<JobPlan, 'jobGraph'>, rows: readonly GanttRow[]): GanttGroup[] {
  return plan.jobGraph.vertices.map((v) => ({ vertex: v.id, name: v.name, rows: rows.filter((r) => r.vertex === v.id) }));
}

/** The job's status intervals from 0 to `now`; before any `job.status` event the job is `initial`. */
export function jobSegments(trace: readonly TraceEvent[], now: number, initial: JobStatus = 'INITIALIZING'): Segment<JobStatus>[] {
  let seg: Segment<JobStatus> | null = null;
  const out: Segment<JobStatus>[] = [];
  for (const e of trace) {
    if (e.type !== 'job.status' || e.t > now) continue;
    if (!seg) {
      seg = { state: e.from, from: 0, to: 0 };
      out.push(seg);
    }
    seg.to = e.t;
    seg = { state: e.to, from: e.t, to: e.t };
    out.push(seg);
  }
  if (!seg) out.push({ state: initial, from: 0, to: now });
  else seg.to = Math.max(seg.to, now);
  return out;
}

/** Times of the job's failures (`job.failure`) up to `now`. */
export const jobFailures = (trace: readonly TraceEvent[], now: number): number[] =>
  trace.flatMap((e) => (e.type === 'job.failure' && e.t <= now ? [e.t] : []));

/** Times at which a row's attempts failed: each FAILED segment's start. */
export const rowFailures = (row: GanttRow): number[] =>
  row.attempts.flatMap((a) => a.segments.filter((s) => s.state === 'FAILED').map((s) => s.from));

/** The row's state and attempt now (its last segment), or null before its execution exists. */
export function rowNow(row: GanttRow): { state: ExecutionState; attempt: number; since: number } | null {
  const a = row.attempts.at(-1);
  const s = a?.segments.at(-1);
  return a && s ? { state: s.state, attempt: a.attempt, since: s.from } : null;
}

/**
 * The end of the time axis. A run goes on after its job ends (heartbeat timeouts, idle slots), so
 * when the job reaches a terminal status the axis ends a little after its last lifecycle event
 * (`task.state` or `job.status`); otherwise at the end of the run.
 */
export function ganttEnd(trace: readonly TraceEvent[], endTime: number): number {
  let last = 0;
  let status: JobStatus | null = null;
  for (const e of trace) {
    if (e.type === 'task.state' || e.type === 'job.status') last = e.t;
    if (e.type === 'job.status') status = e.to;
  }
  if (status !== null && isTerminalJobStatus(status)) return Math.max(1, Math.ceil(last * 1.06), last + 10);
  return Math.max(1, endTime, last);
}

/** States seen anywhere in a trace (for a legend that does not change while scrubbing). */
export function statesSeen(trace: readonly TraceEvent[]): { task: Set<ExecutionState>; job: Set<JobStatus> } {
  const task = new Set<ExecutionState>();
  const job = new Set<JobStatus>();
  for (const e of trace) {
    if (e.type === 'task.state') task.add(e.from).add(e.to);
    else if (e.type === 'job.status') job.add(e.from).add(e.to);
  }
  return { task, job };
}

/** Axis ticks from 0 to `end` at a 1-2-5 step, about `count` of them. */
export function axisTicks(end: number, count: number): number[] {
  if (!(end > 0) || count < 1) return [0];
  const raw = end / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let i = 0; i * step <= end + 1e-9; i++) out.push(Math.round(i * step * 1e6) / 1e6);
  return out;
}

/** Simulated time for the axis and the summary: "850 ms", "1.51 s", "50 s". */
export function formatMs(ms: number): string {
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : ms < 100_000 ? 1 : 0))} s`;
}

/** Heights (px) of the drawing's rows; a subtask row has a band for markers above its bar. */
export const GANTT = { jobRow: 30, groupRow: 20, taskRow: 30, markBand: 11, barBottom: 3, axis: 30, padLeft: 4, padRight: 10 };

/** One line of the drawing, top to bottom: the job row, then each job vertex and its subtasks. */
export type GanttItem = { y: number; h: number } & (
  | { kind: 'job' }
  | { kind: 'group'; group: GanttGroup }
  | { kind: 'task'; row: GanttRow }
);

export function ganttItems(groups: readonly GanttGroup[]): { items: GanttItem[]; height: number } {
  const items: GanttItem[] = [{ kind: 'job', y: 0, h: GANTT.jobRow }];
  let y = GANTT.jobRow;
  for (const group of groups) {
    items.push({ kind: 'group', group, y, h: GANTT.groupRow });
    y += GANTT.groupRow;
    for (const row of group.rows) {
      items.push({ kind: 'task', row, y, h: GANTT.taskRow });
      y += GANTT.taskRow;
    }
  }
  return { items, height: y };
}

/** A texture over a state's colour, so that states are told apart without colour. */
export type GanttPattern = 'solid' | 'dots' | 'diagonal' | 'backDiagonal' | 'vertical' | 'horizontal' | 'cross' | 'grid' | 'checker' | 'dense';

/** Pattern per ExecutionState and JobStatus name (shared names share a pattern). */
export const STATE_PATTERNS: Readonly<Record<ExecutionState | JobStatus, GanttPattern>> = {
  CREATED: 'dots',
  SCHEDULED: 'diagonal',
  DEPLOYING: 'backDiagonal',
  INITIALIZING: 'vertical',
  RUNNING: 'solid',
  FINISHED: 'horizontal',
  CANCELING: 'cross',
  CANCELLING: 'cross',
  CANCELED: 'grid',
  FAILED: 'dense',
  FAILING: 'diagonal',
  RESTARTING: 'checker',
  SUSPENDED: 'horizontal',
  RECONCILING: 'dots',
};

/** Tile size and path of each pattern (drawn in the text colour on the fill, faintly). */
export const PATTERN_TILES: Readonly<Record<Exclude<GanttPattern, 'solid'>, { size: number; d: string; filled?: boolean }>> = {
  dots: { size: 6, d: 'M2 2h1.8v1.8H2z', filled: true },
  diagonal: { size: 7, d: 'M-1 8L8 -1M-1 1L1 -1M6 8L8 6' },
  backDiagonal: { size: 7, d: 'M-1 -1L8 8M-1 6L1 8M6 -1L8 1' },
  vertical: { size: 5, d: 'M2.5 0V5' },
  horizontal: { size: 5, d: 'M0 2.5H5' },
  cross: { size: 8, d: 'M0 0L8 8M8 0L0 8' },
  grid: { size: 6, d: 'M0 0.5H6M0.5 0V6' },
  checker: { size: 8, d: 'M0 0h4v4H0zM4 4h4v4H4z', filled: true },
  dense: { size: 4, d: 'M0 0L4 4M4 0L0 4' },
};

/** Colour per ExecutionState and JobStatus name: the Web UI's (`colors.ts`); shared names agree. */
export const GANTT_COLORS: Readonly<Record<string, string>> = { ...JOB_STATUS_COLORS, ...STATE_COLORS };

export const patternOf = (state: string): GanttPattern => STATE_PATTERNS[state as keyof typeof STATE_PATTERNS] ?? 'solid';
