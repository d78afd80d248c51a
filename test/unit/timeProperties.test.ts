/**
 * Property tests of event time through whole jobs: random keyed event streams (random timestamps,
 * random arrival order, 1–3 source subtasks with a bounded-out-of-orderness WatermarkStrategy of
 * random bound, sometimes with idleness, in the source or in a `timestamps` operator) into a random tumbling, sliding or session window with
 * random allowed lateness and late-data side output. Whatever happens:
 * (a) watermarks are monotone: strictly increasing per generator (`watermark.emitted`), per channel
 *     (`watermark.sent`) and per operator (`watermark.advanced`); statuses alternate;
 * (b) no window fires before the operator's watermark reached its maxTimestamp;
 * (c) conservation: every record the window operator processed is in the contents of a firing of
 *     each window it was assigned to, or late (dropped or in the side output) — never lost or
 *     duplicated, and firings contain nothing else;
 * (d) order independence: with a bound that makes nothing late, any arrival order gives the same
 *     firings (key, window, contents).
 * The window collects the values (`aggregate: "collect"`), each value `[key, unique id]`, so firings
 * show exactly which records they hold.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Timeline } from '../../src/sim/Timeline.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { canonicalJson } from '../../src/sim/functions/fields.ts';
import type { Json } from '../../src/sim/scenario/Scenario.ts';
import type { TraceOf, TraceEventType } from '../../src/sim/trace.ts';
import type { TimeWindow } from '../../src/sim/windowing/Window.ts';
import { serializeTrace } from '../../src/sim/traceHash.ts';

const RUNS = Number(process.env.FS_RUNS ?? 100);

const events = <T extends TraceEventType>(tl: Timeline, type: T): TraceOf<T>[] =>
  tl.trace.filter((e): e is TraceOf<T> => e.type === type);

type WindowJson =
  | { type: 'tumbling'; size: number; offset: number }
  | { type: 'sliding'; size: number; slide: number; offset: number }
  | { type: 'session'; gap: number };

const windowArb: fc.Arbitrary<WindowJson> = fc.oneof(
  fc.integer({ min: 100, max: 3000 }).chain((size) =>
    fc.record({ type: fc.constant('tumbling' as const), size: fc.constant(size), offset: fc.integer({ min: -(size - 1), max: size - 1 }) })),
  // slide > size is allowed (Flink checks only |offset| < slide and size > 0): hopping windows with gaps
  fc.record({ slide: fc.integer({ min: 100, max: 1500 }), factor: fc.integer({ min: 2, max: 16 }) }).chain(({ slide, factor }) =>
    fc.record({
      type: fc.constant('sliding' as const),
      size: fc.constant(Math.max(1, Math.round((slide * factor) / 4))),
      slide: fc.constant(slide),
      offset: fc.integer({ min: -(slide - 1), max: slide - 1 }),
    })),
  fc.record({ type: fc.constant('session' as const), gap: fc.integer({ min: 50, max: 2000 }) }),
);

const KEYS = ['a', 'b', 'c'];
const evArb = fc.record({ key: fc.constantFrom(...KEYS), ts: fc.integer({ min: 0, max: 6000 }), at: fc.integer({ min: 0, max: 3000 }), sub: fc.nat() });

const jobArb = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  sourceP: fc.integer({ min: 1, max: 3 }),
  windowP: fc.integer({ min: 1, max: 3 }),
  evs: fc.array(evArb, { minLength: 1, maxLength: 25 }),
  bound: fc.integer({ min: 0, max: 3000 }),
  idleness: fc.option(fc.integer({ min: 100, max: 1000 }), { nil: undefined }),
  interval: fc.constantFrom(50, 100, 200),
  window: windowArb,
  lateness: fc.constantFrom(0, 0, 100, 500, 2000),
  lateOutput: fc.boolean(),
  latency: fc.integer({ min: 0, max: 30 }),
  jitter: fc.integer({ min: 0, max: 20 }),
  cost: fc.integer({ min: 0, max: 3 }),
  /** Where the WatermarkStrategy runs: in the source, or in a `timestamps` operator after a rebalance (with its parallelism). */
  assigner: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined, freq: 3 }),
});
type Job = typeof jobArb extends fc.Arbitrary<infer T> ? T : never;

function scenarioOf(j: Job) {
  const strategy = { strategy: 'boundedOutOfOrderness', maxOutOfOrderness: j.bound, ...(j.idleness ? { idleness: j.idleness } : {}) };
  const inSource = j.assigner === undefined;
  return {
    version: 1,
    seed: j.seed,
    network: { latencyMs: j.latency, jitterMs: j.jitter },
    config: { 'pipeline.auto-watermark-interval': `${j.interval} ms` },
    operators: [
      {
        id: 'src', type: 'source', parallelism: j.sourceP, costMs: 0,
        ...(inSource ? { watermarks: strategy } : {}),
        events: j.evs.map((e, i) => ({ at: e.at, subtask: e.sub % j.sourceP, value: [e.key, i], timestamp: e.ts })),
      },
      // assignTimestampsAndWatermarks: upstream watermarks (none here but the end of input) are ignored
      ...(inSource ? [] : [{ id: 'ts', type: 'timestamps', input: 'src', partitioner: 'rebalance', parallelism: j.assigner, costMs: 0, watermarks: strategy }]),
      {
        id: 'win', type: 'window', input: inSource ? 'src' : 'ts', keyBy: 0, parallelism: j.windowP, costMs: j.cost,
        window: j.window, allowedLateness: j.lateness, aggregate: 'collect', ...(j.lateOutput ? { lateOutput: 'late' } : {}),
      },
      { id: 'sink', type: 'sink', input: 'win', parallelism: j.windowP, costMs: 0 },
      ...(j.lateOutput ? [{ id: 'lateSink', type: 'sink', input: 'win', sideOutput: 'late', parallelism: j.windowP, costMs: 0 }] : []),
    ],
  };
}

const run = (j: Job) => Timeline.record(validateScenario(scenarioOf(j)));
const covers = (outer: TimeWindow, inner: TimeWindow) => outer.start <= inner.start && outer.end >= inner.end;
/** Whether some window of the assigner contains `ts` (false only in the gaps of hopping windows, slide > size). */
function inSomeWindow(w: WindowJson, ts: number): boolean {
  if (w.type !== 'sliding') return true;
  const r = (((ts - w.offset) % w.slide) + w.slide) % w.slide; // position in its slide
  return r < w.size || w.size >= w.slide;
}

/** (a) Monotone watermarks and alternating statuses. */
function checkMonotone(tl: Timeline): void {
  const strictlyIncreasing = (what: string, pairs: [string, number][]) => {
    const last = new Map<string, number>();
    for (const [k, v] of pairs) {
      if (last.has(k)) expect(v, `${what} ${k}: ${last.get(k)} then ${v}`).toBeGreaterThan(last.get(k)!);
      last.set(k, v);
    }
  };
  strictlyIncreasing('generator', events(tl, 'watermark.emitted').map((e) => [`${e.task}/${e.operator}`, e.watermark]));
  strictlyIncreasing('channel', events(tl, 'watermark.sent').flatMap((e) => (e.watermark === undefined ? [] : [[e.channel, e.watermark] as [string, number]])));
  strictlyIncreasing('operator', events(tl, 'watermark.advanced').map((e) => [`${e.task}/${e.operator}`, e.watermark]));
  // FIFO channels: what is received on a channel is what was sent, in order
  const sent = new Map<string, string[]>();
  const received = new Map<string, string[]>();
  for (const e of events(tl, 'watermark.sent')) (sent.get(e.channel) ?? sent.set(e.channel, []).get(e.channel)!).push(String(e.watermark ?? e.status));
  for (const e of events(tl, 'watermark.received')) (received.get(e.channel) ?? received.set(e.channel, []).get(e.channel)!).push(String(e.watermark ?? e.status));
  expect(received).toEqual(sent);
  // statuses alternate per generator and per task input, starting from ACTIVE
  const status = new Map<string, string>();
  for (const e of events(tl, 'watermark.status')) {
    const k = `${e.task}/${e.operator}`;
    expect(e.status, `${k} repeated ${e.status}`).not.toBe(status.get(k) ?? 'ACTIVE');
    status.set(k, e.status);
  }
}

/** (b) Every firing happens when the operator's watermark is at or past the window's maxTimestamp. */
function checkNoEarlyFiring(tl: Timeline, j: Job): void {
  const wm = new Map<string, number>();
  const lastCause = new Map<string, TraceOf<'timer.fired'> | TraceOf<'window.assigned'>>();
  let fired = 0;
  for (const e of tl.trace) {
    if (e.type === 'watermark.advanced' && e.operator === 'win') wm.set(e.task, e.watermark);
    if ((e.type === 'timer.fired' || e.type === 'window.assigned') && e.operator === 'win') lastCause.set(e.task, e);
    if (e.type !== 'window.fired') continue;
    fired++;
    const w = e.window as TimeWindow;
    // a non-late firing comes from the timer of that very window (the trigger's or the cleanup timer);
    // a late one from an element just added to it (EventTimeTrigger.onElement: maxTs <= watermark → FIRE)
    const cause = lastCause.get(e.task);
    if (!e.late) expect(cause).toMatchObject({ type: 'timer.fired', domain: 'event', key: e.key, namespace: `[${w.start},${w.end})` });
    else expect(cause?.type === 'window.assigned' && cause.windows.some((x) => covers(x as TimeWindow, w) && covers(w, x as TimeWindow))).toBe(true);
    expect(e.timestamp).toBe(w.end - 1);
    expect(wm.get(e.task) ?? -Infinity, `${e.task} fired [${w.start},${w.end}) late=${e.late}`).toBeGreaterThanOrEqual(w.end - 1);
    // with no allowed lateness a window past its maxTimestamp is already cleaned up: no late firing
    if (j.lateness === 0) expect(e.late).toBe(false);
  }
  // every record is eventually in some window or late, and the end of input fires every window
  if (events(tl, 'window.assigned').length > 0) expect(fired).toBeGreaterThan(0);
}

/** (c) Conservation of the records that reached the window operator. */
function checkConservation(tl: Timeline, j: Job): void {
  const finished = events(tl, 'job.status').at(-1)?.to;
  expect(finished).toBe('FINISHED');
  const byId = new Map<number, { value: Json; timestamp: number }>();
  for (const e of events(tl, 'record.sent')) if (e.to.startsWith('win/')) byId.set(e.record.id, { value: e.record.value, timestamp: e.record.timestamp! });
  const processed = events(tl, 'record.processed').filter((e) => e.operator === 'win');
  expect(processed.length).toBe(j.evs.length); // every source record reached the window operator once
  const fired = events(tl, 'window.fired').filter((e) => e.operator === 'win');
  const contents = (f: TraceOf<'window.fired'>) => ((f.result as Json[])[1] as Json[]).map(canonicalJson);
  const lateSink = new Set(events(tl, 'output.emitted').filter((e) => e.operator === 'lateSink').map((e) => e.record));
  const wm = new Map<string, number>();
  const lateSeen = new Set<number>();
  const assignedTo = new Map<string, { value: string; step: number; window: TimeWindow; key: Json }[]>(); // by key
  for (const e of tl.trace) {
    if (e.type === 'watermark.advanced' && e.operator === 'win') wm.set(e.task, e.watermark);
    if (e.type === 'record.late' && e.operator === 'win') {
      lateSeen.add(e.record);
      // WindowOperator.isElementLate: ts + allowedLateness <= watermark
      expect(e.timestamp + j.lateness).toBeLessThanOrEqual(wm.get(e.task)!);
      expect(e.sideOutput).toBe(j.lateOutput ? 'late' : null);
      expect(lateSink.has(e.record)).toBe(j.lateOutput);
    }
    if (e.type === 'window.assigned' && e.operator === 'win') {
      const value = canonicalJson(byId.get(e.record)!.value);
      for (const w of e.windows as TimeWindow[]) {
        const k = canonicalJson(e.key);
        (assignedTo.get(k) ?? assignedTo.set(k, []).get(k)!).push({ value, step: e.step, window: w, key: e.key });
      }
    }
  }
  for (const p of processed) {
    const r = byId.get(p.record)!;
    const value = canonicalJson(r.value);
    const key = (r.value as Json[])[0]!;
    const assigned = events(tl, 'window.assigned').filter((e) => e.operator === 'win' && e.record === p.record);
    const late = lateSeen.has(p.record);
    expect(assigned.length > 0 && late, `record ${value} both assigned and late`).toBe(false);
    if (!late && assigned.length === 0) {
      expect(inSomeWindow(j.window, r.timestamp), `record ${value} (ts ${r.timestamp}) lost: neither in a window nor late`).toBe(false);
      continue;
    }
    for (const a of assigned) {
      expect(a.key).toEqual(key);
      for (const w of a.windows as TimeWindow[]) {
        // every window a record joined fires later with the record in it
        const f = fired.find((x) => x.step >= a.step && x.key === key && covers(x.window as TimeWindow, w) && contents(x).includes(value));
        expect(f, `record ${value} joined [${w.start},${w.end}) of ${String(key)} but no firing holds it`).toBeDefined();
      }
    }
    // a sliding/tumbling record joins exactly the windows containing its timestamp that were not late
    if (j.window.type !== 'session' && assigned.length > 0) {
      for (const w of assigned[0]!.windows as TimeWindow[]) expect(w.start <= r.timestamp && r.timestamp < w.end).toBe(true);
    }
  }
  // firings hold only records assigned to (windows inside) that window before, each at most once
  for (const f of fired) {
    const c = contents(f);
    expect(new Set(c).size, 'a record twice in one firing').toBe(c.length);
    const w = f.window as TimeWindow;
    const candidates = (assignedTo.get(canonicalJson(f.key)) ?? []).filter((a) => a.step <= f.step && covers(w, a.window));
    if (j.window.type === 'session') {
      for (const v of c) expect(candidates.some((a) => a.value === v), `firing [${w.start},${w.end}) holds ${v} it was never given`).toBe(true);
    } else {
      const exact = candidates.filter((a) => a.window.start === w.start && a.window.end === w.end).map((a) => a.value);
      expect([...c].sort()).toEqual([...exact].sort());
    }
  }
  // nothing is left in any window at the end (the end-of-input watermark fired and cleaned up everything)
  const world = tl.worldAt(tl.steps);
  for (const t of world.tasks) expect(Object.keys(t.time.operators.win?.windows?.keys ?? {})).toEqual([]);
}

describe('event-time properties (random keyed streams into random windows)', () => {
  it('(a) watermarks are monotone per generator, channel and operator', () => {
    fc.assert(fc.property(jobArb, (j) => checkMonotone(run(j))), { numRuns: RUNS });
  });

  it('(b) no window fires before the watermark reaches its maxTimestamp', () => {
    fc.assert(fc.property(jobArb, (j) => checkNoEarlyFiring(run(j), j)), { numRuns: RUNS });
  });

  it('(c) conservation: every record is in a fired window, late-dropped or side-output — never lost', () => {
    fc.assert(fc.property(jobArb, (j) => checkConservation(run(j), j)), { numRuns: RUNS });
  });

  it('the same job gives the same trace (event time is deterministic)', () => {
    fc.assert(fc.property(jobArb, (j) => {
      expect(serializeTrace(run(j).trace)).toBe(serializeTrace(run(j).trace));
    }), { numRuns: Math.ceil(RUNS / 4) });
  });

  it('(d) order independence: with a bound ≥ the timestamp spread, any arrival order gives the same firings', () => {
    const arb = jobArb.chain((j) =>
      fc.record({
        j: fc.constant(j),
        // the same (key, timestamp, value) events, re-timed and re-split among subtasks in another order
        order: fc.shuffledSubarray(j.evs.map((_, i) => i), { minLength: j.evs.length, maxLength: j.evs.length }),
        ats: fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: j.evs.length, maxLength: j.evs.length }),
        subs: fc.array(fc.nat(), { minLength: j.evs.length, maxLength: j.evs.length }),
      }));
    fc.assert(
      fc.property(arb, ({ j, order, ats, subs }) => {
        const spread = Math.max(...j.evs.map((e) => e.ts)) - Math.min(...j.evs.map((e) => e.ts));
        const base: Job = { ...j, bound: spread + j.bound, idleness: undefined };
        const firings = (tl: Timeline) =>
          events(tl, 'window.fired')
            .map((f) => canonicalJson([f.key, f.window as unknown as Json, [...((f.result as Json[])[1] as Json[]).map(canonicalJson)].sort()]))
            .sort();
        // values name the original event (its index), so both runs give equal values to equal events
        const a = run(base);
        const sortedAts = [...ats].sort((x, y) => x - y);
        const tl2 = Timeline.record(validateScenario({
          ...scenarioOf(base),
          operators: scenarioOf(base).operators.map((op) => op.id !== 'src' ? op : {
            ...op,
            events: order.map((i, n) => ({ at: sortedAts[n]!, subtask: subs[n]! % base.sourceP, value: [j.evs[i]!.key, i], timestamp: j.evs[i]!.ts })),
          }),
        }));
        expect(events(a, 'record.late')).toEqual([]);
        expect(events(tl2, 'record.late')).toEqual([]);
        expect(firings(tl2)).toEqual(firings(a));
        expect(events(a, 'window.fired').every((f) => !f.late)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
