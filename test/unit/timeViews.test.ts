/**
 * The event-time views' pure parts on real recorded runs: the plot's data and drawing
 * (`src/lib/time/plotLayout.ts`: dots, the watermark step line, panes that fill only once they fired,
 * late records, Long sentinels, and scrubbing = recomputing from a trace prefix), the Windows tab's
 * model (`windowInspect.ts`), watermarks and statuses in flight on the job graph (`inFlight.ts`), the
 * subtask watermarks (`timeModel.ts`) and the log's sentences (`describeTime.ts`).
 */
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import type { TraceEvent, TraceOf } from '../../src/sim/trace.ts';
import { LONG_MAX, LONG_MIN } from '../../src/sim/util/JavaLong.ts';
import { canonicalJson } from '../../src/sim/functions/fields.ts';
import { windowId } from '../../src/sim/windowing/Window.ts';
import { heldWindows, layoutPlot, niceTicks, plotData, plotDomain, textWidth, X_END_ROOM, type PlotData } from '../../src/lib/time/plotLayout.ts';
import {
  defaultPlotOperator, hasEventTime, holdingChannel, plottableOperators, subtaskWatermark, vertexWatermark, watermarkText, worldHasEventTime,
} from '../../src/lib/time/timeModel.ts';
import { defaultTarget, inspectTime, timeTargets } from '../../src/lib/time/windowInspect.ts';
import { describeTimeEvent, isTimeEvent, plainTimeContext } from '../../src/lib/time/describeTime.ts';
import { describeContext, describeEvent } from '../../src/lib/describe.ts';
import { elementLabel, markerWidth, placeInFlight } from '../../src/lib/graph/inFlight.ts';
import { layoutGraph } from '../../src/lib/graph/layout.ts';
import { checkView, VIEW_PANELS, VIEW_STAGES } from '../../src/lesson/compile.ts';
import EventTimePlot from '../../src/lib/time/EventTimePlot.svelte';
import WindowInspector from '../../src/lib/time/WindowInspector.svelte';

/** Two sources (bounded out-of-orderness 1 s) → keyBy → 5 s tumbling windows with 1 s lateness and a late side output. */
const WINDOWED = {
  version: 1,
  seed: 7,
  job: { parallelism: 1 },
  network: { latencyMs: 20 },
  operators: [
    {
      id: 'source', type: 'source', name: 'Clicks', parallelism: 2,
      watermarks: { strategy: 'boundedOutOfOrderness', maxOutOfOrderness: 1000 },
      events: [
        [100, 0, 'a', 1000], [300, 1, 'b', 1500], [600, 0, 'a', 3200], [900, 1, 'a', 2500], [1300, 0, 'b', 5500], [1500, 1, 'a', 6100],
        [1800, 0, 'a', 6600], [2000, 1, 'a', 4500], [2200, 1, 'b', 7400], [2600, 0, 'a', 11000], [2900, 1, 'b', 12000], [3300, 0, 'a', 2000], [3400, 1, 'a', 5200],
        [3600, 1, 'b', 9000],
      ].map(([at, subtask, k, ts]) => ({ at, subtask, value: [k, 1], timestamp: ts })),
    },
    { id: 'win', type: 'window', input: 'source', keyBy: 0, parallelism: 2, window: { type: 'tumbling', size: 5000 }, aggregate: 'sum', field: 1, allowedLateness: 1000, lateOutput: 'late' },
    { id: 'print', type: 'sink', input: 'win' },
    { id: 'lateprint', type: 'sink', name: 'Late', input: 'win', sideOutput: 'late' },
  ],
};

const windowed = Timeline.record(validateScenario(WINDOWED));
/** The same job with a ProcessWindowFunction: every element is buffered. */
const buffered = Timeline.record(
  validateScenario({ ...WINDOWED, operators: WINDOWED.operators.map((o) => (o.id === 'win' ? { ...o, function: 'process' } : o)) }),
);

/** Sources that go idle (withIdleness) → a KeyedProcessFunction with event-time timers. */
const idling = Timeline.record(
  validateScenario({
    version: 1,
    seed: 3,
    job: { parallelism: 2 },
    network: { latencyMs: 20 },
    operators: [
      {
        id: 'source', type: 'source', name: 'Events',
        watermarks: { strategy: 'boundedOutOfOrderness', maxOutOfOrderness: 500, idleness: 400 },
        events: [[100, 0, 'a', 1000], [150, 1, 'b', 1100], [300, 0, 'a', 1800], [1500, 0, 'b', 4000], [1700, 0, 'a', 6000], [1900, 1, 'a', 6100]]
          .map(([at, subtask, k, ts]) => ({ at, subtask, value: [k, 1], timestamp: ts })),
      },
      { id: 'proc', type: 'process', name: 'Timeout', input: 'source', keyBy: 0, fn: 'countWithTimeout', args: { timeout: 1500 } },
      { id: 'print', type: 'sink', input: 'proc' },
    ],
  }),
);

/** A word count without event time. */
const plain = Timeline.record(
  validateScenario({
    version: 1,
    operators: [
      { id: 'source', type: 'source', events: [{ at: 10, value: 'to be' }] },
      { id: 'split', type: 'flatMap', input: 'source', fn: 'splitWords' },
      { id: 'count', type: 'sum', input: 'split', keyBy: 0, field: 1 },
      { id: 'print', type: 'sink', input: 'count' },
    ],
  }),
);

const of = <T extends TraceEvent['type']>(tl: Timeline, type: T, pred: (e: TraceOf<T>) => boolean = () => true): TraceOf<T>[] =>
  tl.trace.filter((e): e is TraceOf<T> => e.type === type && pred(e as TraceOf<T>));
const at = (tl: Timeline, step: number, op = 'win', key: string | null = null): PlotData => plotData(tl.plan, tl.traceUntil(step), tl.timeOfStep(step), op, key);

describe('the runs the views are checked on', () => {
  it('fire windows, drop nothing silently, send late records to the side output, and go idle', () => {
    expect(windowed.stopReason).toBe('finished');
    expect(of(windowed, 'window.fired').length).toBeGreaterThanOrEqual(4);
    expect(of(windowed, 'record.late').some((e) => e.sideOutput === 'late')).toBe(true);
    expect(of(windowed, 'window.fired', (e) => e.late).length).toBeGreaterThanOrEqual(1);
    expect(of(idling, 'watermark.status', (e) => e.status === 'IDLE').length).toBeGreaterThan(0);
    expect(of(idling, 'timer.fired').length).toBeGreaterThan(0);
  });
});

describe('timeModel: which jobs and operators have event time', () => {
  it('event time needs a watermark strategy, a window or a process operator', () => {
    expect(hasEventTime(windowed.plan)).toBe(true);
    expect(hasEventTime(idling.plan)).toBe(true);
    expect(hasEventTime(plain.plan)).toBe(false);
    expect(worldHasEventTime(windowed.worldAt(windowed.steps))).toBe(true);
    expect(worldHasEventTime(plain.worldAt(plain.steps))).toBe(false);
  });

  it('the plot shows the first window operator, else the first process operator, else the last one with a watermark', () => {
    expect(defaultPlotOperator(windowed.plan, windowed.trace)).toBe('win');
    expect(defaultPlotOperator(idling.plan, idling.trace)).toBe('proc');
    expect(defaultPlotOperator(plain.plan, plain.trace)).toBe('count');
    expect(plottableOperators(windowed.plan, windowed.trace).map((n) => n.id)).toEqual(['source', 'win', 'print', 'lateprint']);
  });

  it('a subtask watermark is its valve output, a source its generator output; No Watermark for Long.MIN_VALUE', () => {
    const w = windowed.worldAt(windowed.steps);
    const tasks = windowed.plan.execution.tasks;
    for (const t of tasks) {
      const wm = subtaskWatermark(t.operators, w.tasks[t.index]);
      const expected = w.tasks[t.index]!.time.valve?.lastOutputWatermark ?? w.tasks[t.index]!.time.operators[t.operators[0]!]!.watermark;
      expect(wm?.watermark).toBe(expected);
    }
    expect(subtaskWatermark(tasks[0]!.operators, windowed.worldAt(0).tasks[0])?.watermark).toBe(LONG_MIN);
    expect(watermarkText(LONG_MIN, 'No Watermark')).toBe('No Watermark');
    expect(watermarkText(LONG_MAX, 'No Watermark')).toBe('+∞');
    expect(watermarkText(4999, 'No Watermark')).toBe('4999');
  });

  it('an idle input shows as idle; the vertex low watermark is the minimum over active subtasks', () => {
    const idleStep = of(idling, 'watermark.status', (e) => e.operator === null && e.status === 'IDLE')[0]!.step;
    const w = idling.worldAt(idleStep);
    const proc = idling.plan.execution.tasks.filter((t) => t.vertex === 'proc');
    expect(proc.some((t) => subtaskWatermark(t.operators, w.tasks[t.index])!.idle)).toBe(true);
    const low = vertexWatermark(['proc', 'print'], proc.map((t) => w.tasks[t.index]));
    expect(low).not.toBeNull();
    const end = windowed.worldAt(windowed.steps);
    const winTasks = windowed.plan.execution.tasks.filter((t) => t.vertex === 'win').map((t) => end.tasks[t.index]);
    expect(vertexWatermark(['win'], winTasks)!.watermark).toBe(Math.min(...winTasks.map((t) => t!.time.valve!.lastOutputWatermark)));
  });

  it('the channel holding a watermark back is the minimum over active, aligned channels that disagree', () => {
    let seen = 0;
    for (let s = 0; s <= windowed.steps; s += 7) {
      const w = windowed.worldAt(s);
      for (const t of w.tasks) {
        const i = holdingChannel(t);
        if (i === null) continue;
        seen++;
        const v = t.time.valve!;
        const active = v.channels.filter((c) => c.status === 'ACTIVE' && c.aligned);
        expect(v.channels[i]!.watermark).toBe(Math.min(...active.map((c) => c.watermark)));
        expect(Math.max(...active.map((c) => c.watermark))).toBeGreaterThan(v.channels[i]!.watermark);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe('plotData: dots, watermark line, panes, late records', () => {
  const end = at(windowed, windowed.steps);

  it('one dot per record that reached the window operator, at (arrival, timestamp)', () => {
    const ids = new Set([...of(windowed, 'window.assigned', (e) => e.operator === 'win').map((e) => e.record), ...of(windowed, 'record.late').map((e) => e.record)]);
    expect(end.dots.map((d) => d.record).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    for (const e of of(windowed, 'window.assigned')) {
      const d = end.dots.find((x) => x.record === e.record)!;
      expect([d.t, d.ts, d.key]).toEqual([e.t, e.timestamp, e.key]);
    }
  });

  it('late records are flagged with where they went', () => {
    const late = of(windowed, 'record.late');
    expect(end.dots.filter((d) => d.late).map((d) => [d.record, d.late!.sideOutput])).toEqual(late.map((e) => [e.record, e.sideOutput]));
    expect(end.sideOutputs).toEqual(['late']);
  });

  it('the watermark step line follows watermark.advanced per subtask, up to now; equal subtasks share a line', () => {
    for (const step of [40, 120, 200, windowed.steps]) {
      const d = at(windowed, step);
      const advanced = windowed.traceUntil(step).filter((e): e is TraceOf<'watermark.advanced'> => e.type === 'watermark.advanced' && e.operator === 'win');
      const tasks = [...new Set(advanced.map((e) => e.task))].sort();
      expect(d.lines.flatMap((l) => l.tasks).sort()).toEqual(tasks);
      for (const l of d.lines) {
        for (const task of l.tasks) {
          expect(l.points).toEqual(advanced.filter((e) => e.task === task && e.watermark !== LONG_MIN).map((e) => ({ t: e.t, wm: e.watermark })));
        }
      }
      for (let i = 0; i < d.lines.length; i++) for (let j = i + 1; j < d.lines.length; j++) expect(d.lines[i]!.points).not.toEqual(d.lines[j]!.points);
    }
  });

  it('a pane appears with its first element and fills only at the step it fired', () => {
    for (const f of of(windowed, 'window.fired')) {
      const id = windowId(f.window);
      const fired = (d: PlotData) => d.panes.find((p) => p.id === id)?.firings.filter((x) => canonicalJson(x.key) === canonicalJson(f.key) && x.step === f.step).length ?? 0;
      expect(fired(at(windowed, f.step - 1))).toBe(0);
      expect(fired(at(windowed, f.step))).toBe(1);
    }
    const first = of(windowed, 'window.assigned')[0]!;
    expect(at(windowed, first.step - 1).panes.length).toBe(0);
    const opened = at(windowed, first.step).panes;
    expect(opened.map((p) => p.id)).toEqual([windowId(first.windows[0]!)]);
    expect(opened[0]!.firings).toEqual([]);
    expect(end.panes.some((p) => p.firings.some((x) => x.late))).toBe(true);
  });

  it('a key filter keeps that key only', () => {
    const a = at(windowed, windowed.steps, 'win', canonicalJson('a'));
    expect(a.dots.length).toBeGreaterThan(0);
    expect(a.dots.every((d) => d.key === 'a')).toBe(true);
    expect(a.panes.every((p) => p.keys.every((k) => k === '"a"'))).toBe(true);
  });

  it('a process operator plots the records it processed, with the timestamps they carry', () => {
    const d = at(idling, idling.steps, 'proc');
    const processed = of(idling, 'record.processed', (e) => e.operator === 'proc');
    expect(d.dots.length).toBe(processed.length);
    expect(d.dots.every((x) => Number.isFinite(x.ts))).toBe(true);
    expect(d.panes).toEqual([]);
  });

  it('scrubbing: the frame at a step is the same computed fresh, after the end, or after another step', () => {
    const steps = [0, 30, 90, 160, 250, windowed.steps];
    const fresh = steps.map((s) => at(windowed, s));
    at(windowed, windowed.steps);
    const again = [...steps].reverse().map((s) => at(windowed, s)).reverse();
    expect(again).toEqual(fresh);
    // Earlier frames are prefixes of later ones: nothing that happened disappears, nothing in the future shows.
    for (let i = 1; i < steps.length; i++) {
      const prev = new Set(fresh[i - 1]!.dots.map((d) => d.record));
      expect(fresh[i]!.dots.filter((d) => prev.has(d.record)).length).toBe(prev.size);
      for (const d of fresh[i - 1]!.dots) expect(d.step).toBeLessThanOrEqual(steps[i - 1]!);
    }
  });
});

describe('plotData: session merges', () => {
  /** Clicks at 1, 2, 3 s then 7, 8 s (two sessions, 3 s gap), then 5 s bridges them (lessons/11-windows). */
  const session = Timeline.record(
    validateScenario({
      version: 1,
      seed: 11,
      job: { parallelism: 1 },
      network: { latencyMs: 10 },
      operators: [
        {
          id: 'clicks', type: 'source', costMs: 0,
          watermarks: { strategy: 'boundedOutOfOrderness', maxOutOfOrderness: 3000 },
          events: [[200, 1000], [300, 2000], [400, 3000], [500, 7000], [600, 8000], [700, 5000]].map(([at, ts]) => ({ at, value: ['u1', 1], timestamp: ts })),
        },
        { id: 'win', type: 'window', input: 'clicks', keyBy: 0, window: { type: 'session', gap: 3000 }, aggregate: 'sum', field: 1, costMs: 0 },
        { id: 'print', type: 'sink', input: 'win', costMs: 0 },
      ],
    }),
  );
  const merges = of(session, 'window.merged');
  const bridge = merges.at(-1)!;

  it('shows the two sessions apart before the bridge, and after it one live pane with the replaced ones ending at the merge', () => {
    expect(bridge.from.map(windowId)).toContain('[5000,8000)');
    const before = at(session, bridge.step - 1);
    const live = (d: PlotData) => d.panes.filter((p) => p.mergedAt === null);
    expect(live(before).map((p) => p.id)).toEqual(['[1000,6000)', '[7000,11000)']);
    // The first sessions' own earlier merges are there too, as merged-away outlines.
    const firstMerge = merges[0]!;
    const early = before.panes.find((p) => p.id === '[1000,4000)')!;
    expect(early.mergedAt).toBe(firstMerge.t);
    expect(early.mergedInto).toBe('[1000,5000)');
    expect(live(before)[0]!.openedAt).toBe(merges[1]!.t);

    const after = at(session, bridge.step);
    expect(live(after).map((p) => p.id)).toEqual(['[1000,11000)']);
    expect(live(after)[0]!.openedAt).toBe(bridge.t);
    const replaced = after.panes.filter((p) => p.mergedAt === bridge.t);
    expect(replaced.map((p) => p.id)).toEqual(['[1000,6000)', '[7000,11000)']);
    for (const p of replaced) expect(p.mergedInto).toBe('[1000,11000)');
    // The bridging click's own window [5000,8000) never showed, so it is not drawn.
    expect(after.panes.some((p) => p.id === '[5000,8000)')).toBe(false);
    // Records plotted are unchanged by the merge.
    expect(after.dots.map((d) => d.ts)).toEqual([1000, 2000, 3000, 7000, 8000, 5000]);

    const geo = layoutPlot(after, plotDomain(session.plan, session.trace, 'win', session.endTime), 800, 400);
    const outline = geo.panes.find((p) => p.id === '[7000,11000)')!;
    expect(outline.merged).toBe(true);
    expect(outline.open).toBe(false);
    expect(outline.x + outline.width).toBeCloseTo(geo.panes.find((p) => p.id === '[1000,11000)')!.x, 5);
    expect(new Set(geo.panes.map((p) => p.uid)).size).toBe(geo.panes.length);
    const body = render(EventTimePlot, { props: { plan: session.plan, world: session.worldAt(bridge.step), timeline: session, step: bridge.step, lang: 'en' } }).body;
    expect(body).toMatch(/<g class="pane[^"]*merged"><title>Window pane ?\[7000,11000\): → \[1000,11000\)/);
  });
});

describe('layoutPlot: the drawing', () => {
  const domain = plotDomain(windowed.plan, windowed.trace, 'win', windowed.endTime);
  const g = layoutPlot(at(windowed, windowed.steps), domain, 800, 400);

  it('axes cover every timestamp and window bound; ticks are inside', () => {
    const ts = of(windowed, 'window.assigned').map((e) => e.timestamp!);
    expect(domain.y[0]).toBeLessThanOrEqual(Math.min(...ts));
    expect(domain.y[1]).toBeGreaterThanOrEqual(15000);
    for (const tk of g.yTicks) expect(tk.y).toBeGreaterThanOrEqual(g.area.y - 1e-9);
    expect(niceTicks(0, 10000, 5)).toEqual([0, 2000, 4000, 6000, 8000, 10000]);
  });

  it('Long.MAX_VALUE (end of input) is clamped to the top and labelled, never plotted as a number', () => {
    const last = g.lines.map((l) => l.last);
    expect(last).toContain(LONG_MAX);
    for (const l of g.lines) {
      expect(l.d).not.toMatch(/NaN|Infinity|e\+/);
      if (l.endOfInput) expect(l.end.y).toBe(g.area.y);
    }
  });

  it('every dot and pane is inside the area; late side-output records also sit in the lane', () => {
    for (const d of g.dots) {
      expect(d.x).toBeGreaterThanOrEqual(g.area.x - 1e-9);
      expect(d.y).toBeLessThanOrEqual(g.area.y + g.area.height + 1e-9);
      expect(d.laneX !== null).toBe(d.late?.sideOutput === 'late');
    }
    expect(g.lane).not.toBeNull();
    expect(g.lane!.y).toBeGreaterThan(g.area.y + g.area.height);
    for (const p of g.panes) {
      expect(p.height).toBeGreaterThan(0);
      expect(p.fired).toBe(p.firings.length > 0);
      expect(p.labels.length).toBeLessThanOrEqual(p.firings.length);
    }
    expect(g.panes.some((p) => p.lateMarks.length > 0)).toBe(true);
  });

  it('processing-time windows are columns across, at their bounds', () => {
    const pt = Timeline.record(
      validateScenario({ ...WINDOWED, operators: WINDOWED.operators.map((o) => (o.id === 'win' ? { ...o, window: { type: 'tumbling', size: 1000, time: 'processing' }, allowedLateness: undefined } : o)) }),
    );
    const data = at(pt, pt.steps);
    expect(data.windowTime).toBe('processing');
    const dom = plotDomain(pt.plan, pt.trace, 'win', pt.endTime);
    const geo = layoutPlot(data, dom, 800, 400);
    const sx = (t: number) => geo.area.x + ((t - dom.x[0]) / (dom.x[1] - dom.x[0])) * geo.area.width;
    expect(geo.panes.length).toBeGreaterThan(0);
    for (const p of geo.panes) {
      const w = p.window as { start: number; end: number };
      expect(p.x).toBeCloseTo(sx(w.start), 6);
      expect(p.x + p.width).toBeCloseTo(Math.max(p.x + 3, sx(Math.min(w.end, data.now))), 6);
      expect([p.y, p.height]).toEqual([geo.area.y, geo.area.height]);
    }
  });

  it('before the first record there is nothing but the axes', () => {
    const empty = layoutPlot(at(windowed, 0), domain, 800, 400);
    expect([empty.dots.length, empty.lines.length, empty.panes.length, empty.lane]).toEqual([0, 0, 0, null]);
  });
});

describe('readability: labels, counts, channels, timers', () => {
  const domain = plotDomain(windowed.plan, windowed.trace, 'win', windowed.endTime);
  const endData = at(windowed, windowed.steps);
  const g = layoutPlot(endData, domain, 800, 400, { lateLabel: (d) => (d.late?.sideOutput === null ? 'late: dropped' : 'late') });
  const right = g.area.x + g.area.width;
  const box = (l: { x: number; y: number; text: string; anchor: 'start' | 'end' }, size: number) => {
    const w = textWidth(l.text, size);
    const x0 = l.anchor === 'start' ? l.x : l.x - w;
    return { x0, x1: x0 + w, y0: l.y - size * 0.85, y1: l.y + size * 0.2 };
  };
  const overlap = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

  it('the processing-time axis leaves room past the last event; labels near the right edge go left', () => {
    const last = Math.max(...endData.dots.map((d) => d.t), ...endData.panes.flatMap((p) => p.firings.map((f) => f.t)));
    expect(domain.x[1]).toBeGreaterThan(last + (last - domain.x[0]) * X_END_ROOM * 0.9);
    for (const d of g.dots) if (d.label) expect(box(d.label, 9).x1).toBeLessThanOrEqual(right + 1e-9);
    for (const p of g.panes) for (const l of p.labels) expect(box(l, 10).x1).toBeLessThanOrEqual(right + 1e-9);
  });

  it('dots are labelled with their timestamp, never over a result or another label; every late record keeps its label', () => {
    const labelled = g.dots.filter((d) => d.label && !d.late);
    expect(labelled.length).toBeGreaterThan(0);
    for (const d of labelled) expect(d.label!.text).toBe(String(d.ts));
    for (const d of g.dots) if (d.late) expect(d.label?.text).toMatch(/^late/);
    const results = g.panes.flatMap((p) => p.labels.map((l) => box(l, 10)));
    const dotBoxes = g.dots.filter((d) => d.label).map((d) => box(d.label!, 9));
    for (const b of dotBoxes) for (const r of results) expect(overlap(b, r)).toBe(false);
    dotBoxes.forEach((a, i) => dotBoxes.slice(i + 1).forEach((b) => expect(overlap(a, b)).toBe(false)));
  });

  it('held windows come from the world; a purged GlobalWindow that holds an element again is drawn open', () => {
    const count = Timeline.record(
      validateScenario({ ...WINDOWED, operators: WINDOWED.operators.map((o) => (o.id === 'win' ? { id: 'win', type: 'window', input: 'source', keyBy: 0, parallelism: 1, window: { type: 'count', size: 3 }, aggregate: 'sum', field: 1 } : o)).filter((o) => o.id !== 'lateprint') }),
    );
    const last = count.steps;
    const data = at(count, last);
    const held = heldWindows(count.worldAt(last), 'win');
    // Every key whose element count is not a multiple of 3 still holds its GlobalWindow.
    const perKey = new Map<string, number>();
    for (const e of of(count, 'window.assigned', (x) => x.operator === 'win')) perKey.set(canonicalJson(e.key), (perKey.get(canonicalJson(e.key)) ?? 0) + 1);
    expect(held.map((h) => h.key).sort()).toEqual([...perKey].filter(([, n]) => n % 3 !== 0).map(([k]) => k).sort());
    expect(held.every((h) => h.id === 'GlobalWindow')).toBe(true);
    const geo = layoutPlot(data, plotDomain(count.plan, count.trace, 'win', count.endTime), 800, 400);
    const global = geo.panes.find((p) => p.id === 'GlobalWindow')!;
    expect(global.fired).toBe(true);
    expect(global.open).toBe(held.length > 0);
    // Event-time windows kept for allowed lateness are held, and drawn fired.
    const mid = of(windowed, 'window.fired')[0]!.step;
    const midHeld = heldWindows(windowed.worldAt(mid), 'win');
    expect(midHeld.length).toBeGreaterThan(0);
    const gm = layoutPlot(at(windowed, mid), domain, 800, 400);
    for (const p of gm.panes) if (p.firings.length > 0 && !p.pending) expect(p.open).toBe(false);
  });

  it('a subtask with several input channels gets one dashed line per producing subtask', () => {
    const mid = Math.floor(windowed.steps / 2);
    const data = at(windowed, mid);
    const froms = new Set(data.channels.map((c) => c.from));
    expect(froms).toEqual(new Set(['source/0', 'source/1']));
    for (const c of data.channels) for (let i = 1; i < c.points.length; i++) expect(c.points[i]!.wm).toBeGreaterThan(c.points[i - 1]!.wm);
    const geo = layoutPlot(data, domain, 800, 400);
    expect(geo.channelLines.map((c) => c.from).sort()).toEqual(['source/0', 'source/1']);
    // A source has no input channels: nothing to draw.
    expect(at(windowed, mid, 'source').channels).toEqual([]);
  });

  it('event-time timers of the plotted operator: pending until their timer.fired', () => {
    const d = at(idling, idling.steps, 'proc');
    const registered = of(idling, 'timer.registered', (e) => e.operator === 'proc' && e.domain === 'event');
    expect(d.timers.length).toBeGreaterThan(0);
    expect(d.timers.length).toBeLessThanOrEqual(registered.length);
    const fired = of(idling, 'timer.fired', (e) => e.operator === 'proc' && e.domain === 'event');
    expect(d.timers.filter((t) => t.firedAt !== null).length).toBe(fired.length);
    const early = at(idling, registered[0]!.step, 'proc');
    expect(early.timers.every((t) => t.firedAt === null)).toBe(true);
  });

  it('summary words: firings and windows held; No Watermark and the process heading translated', () => {
    const step = of(windowed, 'window.fired')[0]!.step;
    const body = render(EventTimePlot, { props: { plan: windowed.plan, world: windowed.worldAt(step), timeline: windowed, step, lang: 'en' } }).body;
    expect(body).toMatch(/\d+ firings? \(\d+ late\), \d+ windows? held\./);
    expect(body).not.toMatch(/panes fired/);
    const zh = render(EventTimePlot, { props: { plan: windowed.plan, world: windowed.worldAt(0), timeline: windowed, step: 0, lang: 'zh' } }).body;
    expect(zh).toContain('暂无水位线');
    expect(zh).not.toContain('No Watermark');
    const proc = render(WindowInspector, { props: { plan: idling.plan, world: idling.worldAt(idling.steps), timeline: idling, step: idling.steps, lang: 'en' } }).body;
    expect(proc).toContain('Timers and state: ');
    const procZh = render(WindowInspector, { props: { plan: idling.plan, world: idling.worldAt(idling.steps), timeline: idling, step: idling.steps, lang: 'zh' } }).body;
    expect(procZh).toContain('定时器与状态');
  });

  it('processing-time windows get a caption', () => {
    const pt = Timeline.record(
      validateScenario({ ...WINDOWED, operators: WINDOWED.operators.map((o) => (o.id === 'win' ? { ...o, window: { type: 'tumbling', size: 1000, time: 'processing' }, allowedLateness: undefined } : o)) }),
    );
    const body = render(EventTimePlot, { props: { plan: pt.plan, world: pt.worldAt(pt.steps), timeline: pt, step: pt.steps, lang: 'en' } }).body;
    expect(body).toContain('Windows are in processing time');
    expect(render(EventTimePlot, { props: { plan: windowed.plan, world: windowed.worldAt(10), timeline: windowed, step: 10, lang: 'en' } }).body).not.toContain('Windows are in processing time');
  });
});

describe('windowInspect: the Windows tab', () => {
  it('targets every window/process subtask; the selection picks one', () => {
    expect(timeTargets(windowed.plan).map((x) => x.taskId)).toEqual(['win/0', 'win/1']);
    expect(defaultTarget(windowed.plan, 'win/1')!.taskId).toBe('win/1');
    expect(defaultTarget(windowed.plan, 'source/0')!.taskId).toBe('win/0');
    expect(defaultTarget(plain.plan, null)).toBeNull();
  });

  it('an AggregateFunction holds one accumulator per window, a ProcessWindowFunction every element', () => {
    const step = of(windowed, 'window.fired')[0]!.step - 1;
    for (const [tl, isBuffered] of [[windowed, false], [buffered, true]] as const) {
      const w = tl.worldAt(step);
      for (const target of timeTargets(tl.plan)) {
        const m = inspectTime(tl.plan, w, target);
        expect(m.buffered).toBe(isBuffered);
        const state = w.tasks[target.task]!.time.operators.win!.windows!;
        expect(m.keys.map((k) => canonicalJson(k.key)).filter((k) => state.keys[k])).toEqual(Object.keys(state.keys).sort());
        for (const k of m.keys) {
          for (const win of k.windows) {
            if (isBuffered) expect(win.elements!.length).toBe(win.stateSize);
            else expect([win.elements, win.stateSize]).toEqual([null, 1]);
          }
          // Every timer of the key is listed, with the window as its namespace.
          const timers = w.tasks[target.task]!.time.operators.win!.timers!;
          expect(k.timers.event).toEqual(timers.event.filter((x) => canonicalJson(x.key) === canonicalJson(k.key)));
        }
      }
    }
    const many = inspectTime(buffered.plan, buffered.worldAt(step), defaultTarget(buffered.plan, 'win/1')!);
    expect(Math.max(...many.keys.flatMap((k) => k.windows.map((x) => x.stateSize)))).toBeGreaterThan(1);
  });

  it('a process operator shows each key’s ValueState and timers; input channels come from the valve', () => {
    const step = of(idling, 'timer.registered')[2]!.step;
    const w = idling.worldAt(step);
    const target = timeTargets(idling.plan).find((x) => x.taskId === 'proc/1')!;
    const m = inspectTime(idling.plan, w, target);
    expect(m.kind).toBe('process');
    const keyed = w.tasks[target.task]!.keyed.proc ?? {};
    for (const entry of Object.values(keyed)) expect(m.keys.find((k) => canonicalJson(k.key) === canonicalJson(entry.key))!.value).toEqual(entry.value);
    expect(m.channels.map((c) => c.from)).toEqual(['source/0', 'source/1']);
  });
});

describe('inFlight: watermarks and statuses on the channels', () => {
  const layout = layoutGraph(windowed.plan, 'execution');

  it('a watermark in flight is a W(…) marker with its own key and width', () => {
    const sent = of(windowed, 'watermark.sent', (e) => e.watermark !== undefined && e.watermark > 0)[0]!;
    const w = windowed.worldAt(sent.step);
    const placed = placeInFlight(layout, w, sent.t);
    const wm = placed.filter((p) => p.kind === 'watermark');
    expect(wm.length).toBeGreaterThan(0);
    const mark = wm.find((p) => p.watermark === sent.watermark)!;
    expect(mark.label).toBe(`W(${sent.watermark})`);
    expect(mark.width).toBe(markerWidth(mark.label, 'watermark'));
    expect(mark.record).toBeNull();
    expect(new Set(placed.map((p) => p.key)).size).toBe(placed.length);
  });

  it('the end-of-input watermark reads W(+∞); a status reads IDLE or ACTIVE', () => {
    expect(elementLabel({ kind: 'watermark', timestamp: LONG_MAX })).toBe('W(+∞)');
    expect(elementLabel({ kind: 'status', status: 'IDLE' })).toBe('IDLE');
    const sent = of(idling, 'watermark.sent', (e) => e.status === 'IDLE')[0]!;
    const placed = placeInFlight(layoutGraph(idling.plan, 'execution'), idling.worldAt(sent.step), sent.t);
    const status = placed.filter((p) => p.kind === 'status');
    expect(status.length).toBeGreaterThan(0);
    expect(status.every((p) => p.status === 'IDLE' && p.label === 'IDLE')).toBe(true);
  });
});

describe('describeTime: the log’s sentences', () => {
  const ctx = describeContext(windowed.plan, windowed.trace);

  it('every event-time event of the runs has a sentence in both languages', () => {
    for (const tl of [windowed, idling]) {
      const c = describeContext(tl.plan, tl.trace);
      for (const e of tl.trace) {
        if (!isTimeEvent(e)) continue;
        for (const lang of ['en', 'zh'] as const) {
          const s = describeEvent(e, c, lang);
          expect(s).not.toMatch(/undefined|NaN|\[object/);
          expect(s.length).toBeGreaterThan(12);
        }
        expect(describeTimeEvent(e, plainTimeContext, 'en')).not.toMatch(/undefined/);
      }
    }
  });

  it('window firings and late records', () => {
    const fired = of(windowed, 'window.fired', (e) => !e.late && e.key === 'a')[0]!;
    expect(describeEvent(fired, ctx, 'en')).toBe(`t=${fired.t} ms: window [0,5000) of key "a" fired: (a,3), timestamp 4999 (state held 1 value)`);
    expect(describeEvent(fired, ctx, 'zh')).toBe(`t=${fired.t} ms：键 “a” 的窗口 [0,5000) 触发：(a,3)，时间戳 4999（状态中 1 个值）`);
    const late = of(windowed, 'record.late')[0]!;
    expect(describeEvent(late, ctx, 'en')).toMatch(new RegExp(`record #${late.record} \\(a,1\\) \\(ts ${late.timestamp}\\) is late: sent to side output "late"$`));
    const dropped = { ...late, sideOutput: null };
    expect(describeEvent(dropped, ctx, 'en')).toMatch(/is late: dropped$/);
    expect(describeEvent(dropped, ctx, 'zh')).toMatch(/迟到：已丢弃$/);
    const lateFiring = of(windowed, 'window.fired', (e) => e.late)[0]!;
    expect(describeEvent(lateFiring, ctx, 'en')).toMatch(/: late firing: window /);
  });

  it('watermarks: Long.MIN_VALUE and Long.MAX_VALUE in words', () => {
    const adv = of(windowed, 'watermark.advanced', (e) => e.watermark === LONG_MAX)[0]!;
    expect(describeEvent(adv, ctx, 'en')).toMatch(/advanced to \+∞ \(end of input\)$/);
    const emitted = of(windowed, 'watermark.emitted')[0]!;
    expect(describeEvent(emitted, ctx, 'en')).toMatch(/emitted watermark W\(-?\d+\)$/);
  });
});

describe('the components render on the server', () => {
  it('EventTimePlot: an image with a summary, and a table of the points', () => {
    const step = of(windowed, 'record.late')[0]!.step;
    const { body } = render(EventTimePlot, { props: { plan: windowed.plan, world: windowed.worldAt(step), timeline: windowed, step, lang: 'en' } });
    expect(body).toContain('role="img"');
    expect(body).toMatch(/aria-label="Event time against processing time at Window/);
    expect(body).toContain('late');
    expect(body).toContain('<table class="visually-hidden');
    const zh = render(EventTimePlot, { props: { plan: windowed.plan, world: windowed.worldAt(step), timeline: windowed, step, lang: 'zh' } }).body;
    expect(zh).toContain('事件时间');
  });

  it('WindowInspector: state size in words, accumulator vs elements', () => {
    const step = of(windowed, 'window.fired')[0]!.step - 1;
    const agg = render(WindowInspector, { props: { plan: windowed.plan, world: windowed.worldAt(step), timeline: windowed, step, lang: 'en', selectedTask: 'win/1' } }).body;
    expect(agg).toContain('state: 1 accumulator');
    const buf = render(WindowInspector, { props: { plan: buffered.plan, world: buffered.worldAt(step), timeline: buffered, step, lang: 'en', selectedTask: 'win/1' } }).body;
    expect(buf).toMatch(/state: [2-9] elements/);
    const none = render(WindowInspector, { props: { plan: plain.plan, world: plain.worldAt(0), timeline: plain, step: 0, lang: 'en' } }).body;
    expect(none).toContain('no window or process operator');
  });
});

describe('lesson views: the Event time stage and the Windows panel', () => {
  it('are valid values, for a scenario with event time only', () => {
    expect(VIEW_STAGES).toContain('time');
    expect(VIEW_PANELS).toContain('windows');
    expect(() => checkView({ stage: 'time', panel: 'windows' }, 'steps[0].view', ['win'], true)).not.toThrow();
    expect(() => checkView({ stage: 'time' }, 'steps[0].view', ['count'], false)).toThrow(/steps\[0\]\.view\.stage: the stage "time" is shown only for a job with event time/);
    expect(() => checkView({ panel: 'windows' }, 'steps[0].view', ['count'], false)).toThrow(/view\.panel: the panel "windows"/);
  });
});
