/**
 * The execution timeline's data (`src/lib/gantt/gantt.ts`) on real recorded runs: a subtask fails
 * at 1.5 s and the fixed-delay strategy restarts the job. Intervals must be contiguous, never
 * overlap, end at now, agree with the world at every step, and show the restarted attempts.
 */
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import {
  axisTicks, formatMs, ganttEnd, ganttGroups, ganttItems, ganttRows, jobFailures, jobSegments, rowFailures, rowNow, statesSeen,
  GANTT, type GanttRow, type Segment,
} from '../../src/lib/gantt/gantt.ts';
import { ganttWords } from '../../src/lib/gantt/ganttWords.ts';
import ExecutionGantt from '../../src/lib/gantt/ExecutionGantt.svelte';
import JobStatusMachine from '../../src/lib/machine/JobStatusMachine.svelte';
import { jobStatusLayout, jobStatusOptions } from '../../src/lib/machine/jobStatus.ts';

const RESTART = { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 2, 'restart-strategy.fixed-delay.delay': '200 ms' };

/** source (p = 2) → rebalance → map → print: two job vertices; map/0 fails at 1.5 s. */
function failingRun(extra: Record<string, unknown> = {}): Timeline {
  const scenario = validateScenario({
    version: 1,
    config: RESTART,
    faults: [{ at: 1500, type: 'failTask', task: 'map/0' }],
    operators: [
      { id: 'src', type: 'source', parallelism: 2, events: Array.from({ length: 30 }, (_, i) => ({ at: i * 100, value: `w${i % 3}` })) },
      { id: 'map', type: 'map', input: 'src', fn: 'identity', partitioner: 'rebalance' },
      { id: 'print', type: 'sink', input: 'map' },
    ],
    ...extra,
  });
  return Timeline.record(scenario, { seed: 3 });
}

const flat = (row: GanttRow): Segment[] => row.attempts.flatMap((a) => a.segments);

function expectContiguous(segments: readonly Segment<string>[], now: number, start?: number): void {
  expect(segments.length).toBeGreaterThan(0);
  if (start !== undefined) expect(segments[0]!.from).toBe(start);
  for (const [i, s] of segments.entries()) {
    expect(s.from).toBeLessThanOrEqual(s.to);
    if (i > 0) expect(s.from).toBe(segments[i - 1]!.to); // contiguous, hence non-overlapping
  }
  expect(segments.at(-1)!.to).toBe(now);
}

describe('ganttRows and jobSegments on a run with a restart', () => {
  const tl = failingRun();
  const restartAt = tl.trace.find((e) => e.type === 'job.restart')!.t;
  const failAt = tl.trace.find((e) => e.type === 'task.state' && e.to === 'FAILED')!.t;

  it('the run failed map/0 once and restarted every subtask (one pipelined region)', () => {
    expect(tl.stopReason).toBe('finished');
    expect(failAt).toBeGreaterThanOrEqual(1500);
    expect(restartAt).toBe(failAt + 200);
    expect(tl.plan.execution.tasks.map((t) => t.id)).toEqual(['src/0', 'src/1', 'map/0']);
  });

  it('at every step: intervals are contiguous, end at now, and agree with the world', () => {
    for (let step = 0; step <= tl.steps; step++) {
      const now = tl.timeOfStep(step);
      const trace = tl.traceUntil(step);
      const world = tl.worldAt(step);
      const rows = ganttRows(tl.plan, trace, now);
      for (const [i, row] of rows.entries()) {
        const at = rowNow(row);
        if (!at) {
          expect(trace.some((e) => e.type === 'task.state' && e.task === row.task)).toBe(false);
          continue;
        }
        expectContiguous(flat(row), now);
        for (const a of row.attempts) expect(a.start).toBe(a.segments[0]!.from);
        expect(row.attempts.map((a) => a.attempt)).toEqual(row.attempts.map((_, k) => k));
        expect(at.state).toBe(world.tasks[i]!.state);
        expect(at.attempt).toBe(world.tasks[i]!.attempt);
      }
      const job = jobSegments(trace, now, world.jobStatus);
      expectContiguous(job, now, 0);
      expect(job.at(-1)!.state).toBe(world.jobStatus);
    }
  });

  it('the restarted subtask has attempts 0 and 1: FAILED, then a new attempt from CREATED at the restart', () => {
    const rows = ganttRows(tl.plan, tl.trace, tl.endTime);
    const map = rows.find((r) => r.task === 'map/0')!;
    expect(map.attempts.map((a) => a.attempt)).toEqual([0, 1]);
    const [first, second] = map.attempts;
    expect(first!.segments.map((s) => s.state)).toEqual(['CREATED', 'SCHEDULED', 'DEPLOYING', 'INITIALIZING', 'RUNNING', 'FAILED']);
    expect(first!.segments.at(-1)).toEqual({ state: 'FAILED', from: failAt, to: restartAt });
    expect(second!.start).toBe(restartAt);
    expect(second!.segments.map((s) => s.state)).toEqual(['CREATED', 'SCHEDULED', 'DEPLOYING', 'INITIALIZING', 'RUNNING', 'FINISHED']);
    expect(rowFailures(map)).toEqual([failAt]);
    // The sources were cancelled, not failed, and restarted too.
    const src = rows.find((r) => r.task === 'src/0')!;
    expect(src.attempts.map((a) => a.attempt)).toEqual([0, 1]);
    expect(src.attempts[0]!.segments.slice(-2).map((s) => s.state)).toEqual(['CANCELING', 'CANCELED']);
    expect(rowFailures(src)).toEqual([]);
  });

  it('rows start when the ExecutionGraph is created; the job row from 0', () => {
    const created = tl.trace.find((e) => e.type === 'job.status' && e.to === 'CREATED')!.t;
    const rows = ganttRows(tl.plan, tl.trace, tl.endTime);
    for (const r of rows) expect(r.attempts[0]!.start).toBe(created);
    expect(ganttRows(tl.plan, tl.traceUntil(0), 0).every((r) => r.attempts.length === 0)).toBe(true);
    expect(jobSegments([], 0)).toEqual([{ state: 'INITIALIZING', from: 0, to: 0 }]);
    const job = jobSegments(tl.trace, tl.endTime);
    expect(job.map((s) => s.state)).toEqual(['INITIALIZING', 'CREATED', 'RUNNING', 'RESTARTING', 'RUNNING', 'FINISHED']);
    expect(job.find((s) => s.state === 'RESTARTING')).toEqual({ state: 'RESTARTING', from: failAt, to: restartAt });
    expect(jobFailures(tl.trace, tl.endTime)).toEqual([failAt]);
    expect(jobFailures(tl.trace, failAt - 1)).toEqual([]);
  });

  it('a prefix cut between events ends the open interval at now', () => {
    const now = failAt + 50;
    const rows = ganttRows(tl.plan, tl.traceUntil(tl.stepAtTime(now)), now);
    const map = rows.find((r) => r.task === 'map/0')!;
    expect(map.attempts).toHaveLength(1);
    expect(map.attempts[0]!.segments.at(-1)).toEqual({ state: 'FAILED', from: failAt, to: now });
  });

  it('groups rows under their job vertex, and stacks the drawing', () => {
    const groups = ganttGroups(tl.plan, ganttRows(tl.plan, tl.trace, tl.endTime));
    expect(groups.map((g) => [g.vertex, g.rows.map((r) => r.task)])).toEqual([
      ['src', ['src/0', 'src/1']],
      ['map', ['map/0']],
    ]);
    expect(groups[1]!.name).toBe('Map -> Sink: Print to Std. Out');
    const { items, height } = ganttItems(groups);
    expect(items.map((i) => i.kind)).toEqual(['job', 'group', 'task', 'task', 'group', 'task']);
    expect(height).toBe(GANTT.jobRow + 2 * GANTT.groupRow + 3 * GANTT.taskRow);
    for (const [k, it] of items.entries()) if (k > 0) expect(it.y).toBe(items[k - 1]!.y + items[k - 1]!.h);
  });

  it('the axis ends a little after the job ends, not at the end of the run (heartbeat timeouts)', () => {
    const lastLifecycle = tl.trace.filter((e) => e.type === 'task.state' || e.type === 'job.status').at(-1)!.t;
    const end = ganttEnd(tl.trace, tl.endTime);
    expect(end).toBeGreaterThan(lastLifecycle);
    expect(end).toBeLessThan(lastLifecycle * 1.1 + 11);
    // A run that goes on long after the job ended (say, until TaskManagers time out) keeps the axis.
    expect(ganttEnd(tl.trace, 300_000)).toBe(end);
    const seen = statesSeen(tl.trace);
    expect([...seen.task]).toEqual(expect.arrayContaining(['FAILED', 'CANCELED', 'FINISHED']));
    expect([...seen.job]).toContain('RESTARTING');
  });
});

describe('a run stopped by "until" while the job runs', () => {
  it('the axis runs to the end of the run', () => {
    const tl = failingRun({ until: 2500 });
    expect(tl.worldAt(tl.steps).jobStatus).toBe('RUNNING');
    expect(ganttEnd(tl.trace, tl.endTime)).toBe(tl.endTime);
  });
});

describe('axis and words', () => {
  it('ticks at a 1-2-5 step from 0 to the end', () => {
    expect(axisTicks(3000, 6)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000]);
    expect(axisTicks(180, 4)).toEqual([0, 50, 100, 150]);
    expect(axisTicks(0, 5)).toEqual([0]);
  });
  it('formats simulated time', () => {
    expect([formatMs(850), formatMs(1510), formatMs(50_010), formatMs(300_010)]).toEqual(['850 ms', '1.51 s', '50 s', '300 s']);
  });
  it('has the same words in English and Chinese', () => {
    expect(Object.keys(ganttWords('zh')).sort()).toEqual(Object.keys(ganttWords('en')).sort());
    expect(ganttWords('zh').title).toBe('时间线');
  });
});

describe('views (server render)', () => {
  const tl = failingRun();
  const frame = (step: number, lang: 'en' | 'zh' = 'en') => ({ plan: tl.plan, world: tl.worldAt(step), timeline: tl, step, lang });

  it('ExecutionGantt: a button per subtask, the selected one pressed, markers and a summary table', () => {
    const { body } = render(ExecutionGantt, { props: { ...frame(tl.steps), selectedTask: 'map/0', onselect: () => {} } });
    const buttons = body.split('<button').slice(1);
    expect(buttons).toHaveLength(3);
    expect(buttons.filter((b) => b.includes('aria-pressed="true"')).map((b) => b.match(/class="id[^"]*">([^<]+)</)?.[1])).toEqual(['map/0']);
    expect(body).toContain('execution attempt #1 starts at');
    expect(body).toContain('✕');
    expect(body).toContain('<table');
    expect(body.match(/<tr/g)).toHaveLength(4);
  });

  it('JobStatusMachine: lit at the world\'s status; the legacy machine on request is not lit', () => {
    const { body } = render(JobStatusMachine, { props: { ...frame(tl.steps), animate: false } });
    expect(body).toMatch(/aria-pressed="true"[^>]*>[^<]*1\.10 \(simulated\)/);
    expect(body).toContain('RUNNING → FINISHED');
    expect(jobStatusOptions('en').omit).toEqual(['RECONCILING']);
    for (const legacy of [false, true]) {
      const l = jobStatusLayout('zh', legacy);
      expect(l.states.length).toBe(legacy ? 9 : 10);
      for (const n of [l.x, l.y, l.width, l.height]) expect(Number.isFinite(n)).toBe(true);
    }
  });
});
