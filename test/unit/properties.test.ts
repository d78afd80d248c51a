/**
 * Properties of the kernel and timeline over random jobs: determinism, seek ≡ straight run, forks
 * replay from their export, and records are neither lost nor duplicated end to end.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scenarioArb } from '../support/arbitraries.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import { parseActions } from '../../src/sim/share.ts';
import type { Json, Scenario } from '../../src/sim/scenario/Scenario.ts';
import type { Action } from '../../src/sim/actions.ts';
import { FUNCTIONS } from '../../src/sim/functions/index.ts';

const RUNS = 60;
const record = (s: Scenario, seed?: number, keyframeEvery?: number) =>
  Timeline.record(validateScenario(s), { ...(seed !== undefined ? { seed } : {}), ...(keyframeEvery ? { keyframeEvery } : {}) });

describe('determinism', () => {
  it('same scenario + seed ⇒ identical trace (and keyframe spacing does not matter)', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), (s, seed) => {
        const a = record(s, seed);
        const b = record(structuredClone(s), seed, 7);
        expect(JSON.stringify(b.trace)).toBe(JSON.stringify(a.trace));
      }),
      { numRuns: RUNS },
    );
  });

  it('the seed matters when the job draws random numbers', () => {
    const s: Scenario = {
      version: 1,
      network: { latencyMs: 10, jitterMs: 20 },
      operators: [
        { id: 'src', type: 'source', events: Array.from({ length: 20 }, (_, i) => ({ at: i, value: i })) },
        { id: 'm', type: 'map', fn: 'identity', input: 'src', parallelism: 3, partitioner: 'shuffle' },
        { id: 'print', type: 'sink', input: 'm', parallelism: 3 },
      ],
    };
    expect(JSON.stringify(record(s, 1).trace)).not.toBe(JSON.stringify(record(s, 2).trace));
  });
});

describe('seek', () => {
  it('seek(step) from any previous position ≡ the world of a straight run', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }), (s, fractions) => {
        const tl = record(s, undefined, 5);
        const straight: string[] = [];
        const fresh = record(s, undefined, 1_000_000);
        for (let i = 0; i <= fresh.steps; i++) straight.push(JSON.stringify(fresh.worldAt(i)));
        for (const f of fractions) {
          const step = Math.floor(f * tl.steps);
          expect(JSON.stringify(tl.worldAt(step))).toBe(straight[step]);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('seek(time) lands after every event at or before that time', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(2000), (s, t) => {
        const tl = record(s);
        const step = tl.stepAtTime(t);
        expect(tl.timeOfStep(step)).toBeLessThanOrEqual(Math.max(t, 0));
        if (step < tl.steps) expect(tl.timeOfStep(step + 1)).toBeGreaterThan(t);
        expect(tl.worldAtTime(t).step).toBe(step);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fork', () => {
  const actionArb = (tl: Timeline) => {
    const tasks = tl.plan.execution.tasks.map((t) => t.id);
    return fc.oneof(
      fc.constantFrom(...tasks).map((task): Action => ({ type: 'pauseTask', task })),
      fc.constantFrom(...tasks).map((task): Action => ({ type: 'resumeTask', task })),
    );
  };

  it('a fork replayed from its exported actions ≡ the fork', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((s) => {
          const tl = record(s);
          return fc.tuple(fc.constant(s), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), actionArb(tl), fc.nat(30)), { minLength: 1, maxLength: 3 }));
        }),
        ([s, forks]) => {
          let tl = record(s);
          for (const [f, action, dt] of forks.sort((a, b) => a[0] - b[0])) {
            const step = Math.floor(f * tl.steps);
            const next = step < tl.steps ? tl.timeOfStep(step + 1) : tl.timeOfStep(step) + dt;
            tl = tl.fork(action, { step, time: Math.min(tl.timeOfStep(step) + dt, next) });
          }
          const exported = JSON.parse(JSON.stringify({ seed: tl.seed, actions: tl.actions }));
          const replay = Timeline.record(validateScenario(s), { seed: exported.seed, actions: parseActions(exported.actions) });
          expect(JSON.stringify(replay.trace)).toBe(JSON.stringify(tl.trace));
          expect(JSON.stringify(replay.worldAt(replay.steps))).toBe(JSON.stringify(tl.worldAt(tl.steps)));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('pausing a subtask holds its input until it resumes, then the job still finishes', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const base = record(s);
        // A consumer task if the job has one, else the (fully chained) source task.
        const consumer = base.plan.execution.tasks.find((t) => t.inputs.length > 0) ?? base.plan.execution.tasks[0]!;
        const paused = base.fork({ type: 'pauseTask', task: consumer.id }, { step: 0, time: 0 });
        expect(paused.worldAt(paused.steps).tasks[consumer.index]!.state).not.toBe('FINISHED');
        const resumed = paused.fork({ type: 'resumeTask', task: consumer.id }, { step: paused.steps, time: paused.endTime + 100 });
        expect(resumed.worldAt(resumed.steps).jobStatus).toBe('FINISHED');
      }),
      { numRuns: 30 },
    );
  });
});

describe('records end to end', () => {
  /** Reference interpreter: the job's operators applied to all source values with no distribution at all. */
  function reference(s: Scenario) {
    let values: Json[] = s.operators[0]!.type === 'source' ? s.operators[0]!.events!.map((e) => e.value!) : [];
    let prevP = s.operators[0]!.parallelism ?? 1;
    let final: Map<string, number> | undefined;
    for (const op of s.operators.slice(1)) {
      const p = op.parallelism ?? 1;
      const copies = 'partitioner' in op && op.partitioner === 'broadcast' ? p : 1;
      if (op.type === 'flatMap') values = values.flatMap((v) => FUNCTIONS[op.fn]!.apply(op.args ?? {}, v) as Json[]);
      else if (op.type === 'map') values = values.map((v) => FUNCTIONS[op.fn]!.apply(op.args ?? {}, v) as Json);
      else if (op.type === 'filter') values = values.filter((v) => FUNCTIONS[op.fn]!.apply(op.args ?? {}, v));
      else if (op.type === 'sum') {
        final = new Map();
        for (const v of values) {
          const [w, n] = v as [string, number];
          final.set(w, (final.get(w) ?? 0) + n);
        }
      }
      values = values.flatMap((v) => Array.from({ length: copies }, () => v));
      prevP = p;
    }
    void prevP;
    return { outputs: values, final };
  }

  it('every sent element is received exactly once, and the sink prints what the job computes', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const tl = record(s);
        expect(tl.stopReason).toBe('finished');
        const sent = new Map<string, number>();
        const received = new Map<string, number>();
        for (const e of tl.trace) {
          if (e.type === 'record.sent') sent.set(`${e.record.id}@${e.channel}`, (sent.get(`${e.record.id}@${e.channel}`) ?? 0) + 1);
          if (e.type === 'record.received') received.set(`${e.record}@${e.channel}`, (received.get(`${e.record}@${e.channel}`) ?? 0) + 1);
        }
        expect([...sent.values()].every((n) => n === 1)).toBe(true);
        expect(received).toEqual(sent);
        const printed = tl.trace.filter((e) => e.type === 'output.emitted').map((e) => (e.type === 'output.emitted' ? e.value : null));
        const ref = reference(s);
        if (!ref.final) {
          const canon = (xs: Json[]) => xs.map((x) => JSON.stringify(x)).sort();
          expect(canon(printed)).toEqual(canon(ref.outputs));
        } else {
          expect(printed.length).toBe(ref.outputs.length);
          // The last printed count of each word is its total.
          const last = new Map<string, number>();
          for (const v of printed) last.set((v as [string, number])[0], Math.max(last.get((v as [string, number])[0]) ?? 0, (v as [string, number])[1]));
          const totals = new Map<string, number>();
          for (const [w, n] of ref.final) totals.set(w, n);
          expect(last).toEqual(totals);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fork at a playhead between two events', () => {
  it('keeps simulated time in integer milliseconds, so the fork can be shared', () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }), (s, f, frac) => {
        const tl = record(s);
        const step = Math.floor(f * tl.steps);
        const time = tl.timeOfStep(step) + frac;
        const forked = tl.fork({ type: 'pauseTask', task: tl.plan.execution.tasks[0]!.id }, { step, time });
        expect(forked.trace.every((e) => Number.isInteger(e.t))).toBe(true);
        expect(() => parseActions(JSON.parse(JSON.stringify(forked.actions)))).not.toThrow();
      }),
      { numRuns: 40 },
    );
  });
});

describe('the world is plain data', () => {
  it('a JSON round trip of the world at any step continues exactly like the recorded run', async () => {
    const { createContext } = await import('../../src/sim/runtime/SimContext.ts');
    const { step } = await import('../../src/sim/runtime/Kernel.ts');
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0, max: 1, noNaN: true }), (s, f) => {
        const tl = record(s);
        const at = Math.floor(f * tl.steps);
        // Nothing lives outside the world: no closures, timers or actors to lose in JSON.
        const world = JSON.parse(JSON.stringify(tl.worldAt(at)));
        const ctx = createContext(tl.scenario);
        const trace: unknown[] = [];
        // The recorded run ends where only heartbeats and stale timers remain (Kernel.isQuiescent).
        while (world.step < tl.steps && step(ctx, world, (e) => trace.push(e))) {}
        expect(JSON.stringify(trace)).toBe(JSON.stringify(tl.traceBetween(at, tl.steps)));
        expect(JSON.stringify(world)).toBe(JSON.stringify(tl.worldAt(tl.steps)));
      }),
      { numRuns: 40 },
    );
  });
});
