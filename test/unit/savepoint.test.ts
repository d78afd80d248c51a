/**
 * Savepoints through jobs: stop with savepoint, an intermediate savepoint committing nothing
 * (reference §6.4, CheckpointCoordinatorTest#testSavepointsAreNotSubsumed's rule at job level), a
 * savepoint file restored at another parallelism (StateAssignmentOperation: key groups move), and
 * the restore checks. Lesson 20's savepoint file must be what its scenario really writes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import { createContext } from '../../src/sim/runtime/SimContext.ts';
import { savepointFile, type SavepointFile } from '../../src/sim/checkpoint/Savepoint.ts';
import { assignToKeyGroup, computeKeyGroupRangeForOperatorIndex } from '../../src/sim/state/KeyGroupRangeAssignment.ts';
import type { Scenario } from '../../src/sim/scenario/Scenario.ts';

const LESSON = 'lessons/20-backends-savepoints';
const read = (f: string) => JSON.parse(readFileSync(`${LESSON}/${f}`, 'utf8'));

function job(faults: Scenario['faults'], parallelism = 2, restore?: SavepointFile): Scenario {
  return {
    version: 1, seed: 4, job: { parallelism },
    config: { 'execution.checkpointing.interval': '300 ms' },
    operators: [
      { id: 'src', type: 'source', parallelism: 1, generator: { seed: 2, ratePerSec: 50, count: 60, values: [['a', 1], ['b', 1], ['c', 1], ['d', 1], ['e', 1]] } },
      { id: 'count', type: 'sum', input: 'src', keyBy: 0, field: 1, costMs: 1 },
      { id: 'out', type: 'sink', input: 'count', transactional: true, chaining: 'never', costMs: 1 },
    ],
    faults,
    ...(restore ? { restore: restore as never } : {}),
  } as Scenario;
}

describe('savepoints in a running job', () => {
  it('stop with savepoint: sources stop, the savepoint completes and commits, the job finishes without draining', () => {
    const tl = Timeline.record(validateScenario(job([{ at: 700, type: 'stopWithSavepoint' }])));
    const sp = tl.trace.find((e) => e.type === 'checkpoint.triggered' && e.savepoint)!;
    const done = tl.trace.find((e) => e.type === 'checkpoint.completed' && e.type === 'checkpoint.completed' && e.savepoint)!;
    expect(sp && done).toBeTruthy();
    const emittedAfter = tl.trace.filter((e) => e.type === 'source.emitted' && e.t > sp.t);
    expect(emittedAfter).toHaveLength(0);
    const end = tl.worldAt(tl.steps);
    expect(end.jobStatus).toBe('FINISHED');
    // No end-of-input watermark (not drained) and no commit after the savepoint's own.
    expect(tl.trace.some((e) => e.type === 'watermark.emitted' && e.t > sp.t)).toBe(false);
    const commitsAfter = tl.trace.filter((e) => e.type === 'sink.transaction' && e.action === 'commit' && e.t > done.t && e.checkpoint === null);
    expect(commitsAfter).toHaveLength(0);
  });

  it('an intermediate savepoint commits nothing; the next checkpoint commits its transactions', () => {
    const tl = Timeline.record(validateScenario(job([{ at: 500, type: 'triggerSavepoint' }])));
    const sp = tl.trace.find((e) => e.type === 'checkpoint.completed' && e.savepoint)!;
    expect(sp).toBeDefined();
    const id = sp.type === 'checkpoint.completed' ? sp.checkpoint : -1;
    const commitsOfSavepoint = tl.trace.filter((e) => e.type === 'sink.transaction' && e.action === 'commit' && e.checkpoint === id);
    const next = tl.trace.find((e) => e.type === 'checkpoint.completed' && !e.savepoint && e.t > sp.t)!;
    // Its pre-committed transactions are committed, but only after a later checkpoint completed.
    for (const c of commitsOfSavepoint) expect(c.t).toBeGreaterThan(next.t);
    expect(tl.worldAt(tl.steps).jobStatus).toBe('FINISHED');
  });

  it('a savepoint restored at parallelism 3: every key lands on the subtask owning its key group, values kept', () => {
    const a = validateScenario(job([{ at: 800, type: 'stopWithSavepoint' }]));
    const ta = Timeline.record(a);
    const file = savepointFile(createContext(a), ta.worldAt(ta.steps))!;
    expect(file.savepoint).toBe(true);
    const before: Record<string, unknown> = {};
    for (const t of ta.worldAt(ta.steps).tasks) for (const e of Object.values(t.keyed.count ?? {})) before[String(e.key)] = e.value;
    const b = validateScenario({ ...job([], 3, file) });
    const tb = Timeline.record(b);
    const first = tb.trace.findIndex((e) => e.type === 'source.emitted');
    const w = tb.worldAt(tb.trace[first - 1]!.step);
    const counts = tb.plan.execution.tasks.filter((t) => t.vertex === 'count');
    expect(counts).toHaveLength(3);
    const after: Record<string, unknown> = {};
    for (const t of counts) {
      const { start, end } = computeKeyGroupRangeForOperatorIndex(128, 3, t.subtask);
      for (const e of Object.values(w.tasks[t.index]!.keyed.count ?? {})) {
        const kg = assignToKeyGroup(e.key, 128);
        expect(kg >= start && kg <= end, `${String(e.key)} (key group ${kg}) on count/${t.subtask}`).toBe(true);
        after[String(e.key)] = e.value;
      }
    }
    expect(after).toEqual(before);
    expect(tb.trace.filter((e) => e.type === 'state.redistributed')).toHaveLength(3);
  });

  it('bad restores are clear errors naming the field and the fix', () => {
    const a = validateScenario(job([{ at: 800, type: 'stopWithSavepoint' }]));
    const ta = Timeline.record(a);
    const file = savepointFile(createContext(a), ta.worldAt(ta.steps))!;
    const wrongMax = { ...job([], 2, file), job: { parallelism: 2, maxParallelism: 256 } } as Scenario;
    expect(() => validateScenario(wrongMax)).toThrow(/restore\.vertices\["count"\]\.maxParallelism: The maximum parallelism \(256\)/);
    const renamed = job([], 2, { ...file, vertices: { ...file.vertices, ghost: file.vertices.count! } });
    expect(() => validateScenario(renamed)).toThrow(/restore\.vertices\["ghost"\]: the savepoint has state for "ghost"/);
    const srcRescaled = { ...job([], 2, file) };
    srcRescaled.operators = srcRescaled.operators.map((o) => (o.id === 'src' ? { ...o, parallelism: 2 } : o));
    expect(() => validateScenario(srcRescaled)).toThrow(/restore\.vertices\["src"\]\.parallelism: source "src" had parallelism 1/);
    expect(() => validateScenario({ ...job([]), restore: 'nope' } as unknown as Scenario)).toThrow(/restore: must be a savepoint file/);
  });
});

describe('lesson 20', () => {
  it('its savepoint file is exactly what savepoint.json writes, and rescaled.json restores that file', () => {
    const scenario = validateScenario(read('savepoint.json'));
    const tl = Timeline.record(scenario);
    const file = savepointFile(createContext(scenario), tl.worldAt(tl.steps));
    expect(file).toEqual(read('savepoint-5.json'));
    expect(read('rescaled.json').restore).toEqual(file);
  });
});
