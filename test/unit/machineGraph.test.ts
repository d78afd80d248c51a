/**
 * The pure part of the state-machine view: reading an xstate v5 machine's definition and laying it
 * out. Every state and transition of the ExecutionState machine must be drawn, with its event, and
 * the geometry must be finite.
 */
import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { EXECUTION_STATES, executionStateMachine, nextExecutionState, type ExecutionEvent, type ExecutionState } from '../../src/sim/runtime/ExecutionState.ts';
import {
  capsWidth,
  edgesFor,
  layoutMachine,
  machineLayout,
  packLabels,
  pointAlong,
  readMachine,
  roundedPath,
  textOn,
  type MachineLayout,
} from '../../src/lib/machine/machineGraph.ts';
import { fitStack } from '../../src/lib/graph/fit.ts';
import { graphViewBox } from '../../src/lib/graph/layout.ts';
import { lastTaskTransition, lifecycleTask, recordTask } from '../../src/lib/machine/lifecycle.ts';
import type { TraceEvent } from '../../src/sim/trace.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';

const EVENTS: ExecutionEvent['type'][] = ['SCHEDULE', 'DEPLOY', 'INITIALIZE', 'RUN', 'FINISH', 'CANCEL', 'COMPLETE_CANCELLING', 'FAIL'];

/** Every (from, event, to) the machine accepts, by asking xstate itself. */
function acceptedTransitions(): { from: ExecutionState; event: string; to: ExecutionState }[] {
  const out: { from: ExecutionState; event: string; to: ExecutionState }[] = [];
  for (const from of EXECUTION_STATES) {
    for (const event of EVENTS) {
      const to = nextExecutionState(from, event);
      if (to !== null) out.push({ from, event, to });
    }
  }
  return out;
}

function finite(layout: MachineLayout): void {
  for (const n of [layout.x, layout.y, layout.width, layout.height]) expect(Number.isFinite(n)).toBe(true);
  expect(layout.width).toBeGreaterThan(0);
  expect(layout.height).toBeGreaterThan(0);
  for (const s of layout.states) {
    for (const n of [s.x, s.y, s.width, s.height]) expect(Number.isFinite(n)).toBe(true);
    expect(s.width).toBeGreaterThan(0);
    expect(s.height).toBeGreaterThan(0);
  }
  for (const e of layout.edges) {
    expect(e.points.length).toBeGreaterThanOrEqual(2);
    for (const p of e.points) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    for (const n of [e.label.x, e.label.y, e.labelWidth, e.labelHeight]) expect(Number.isFinite(n)).toBe(true);
    expect(e.path).toMatch(/^M/);
    expect(e.path).not.toMatch(/NaN|Infinity/);
  }
  for (const b of layout.buses) {
    for (const j of b.junctions) expect(Number.isFinite(j.x) && Number.isFinite(j.y)).toBe(true);
    for (const n of [b.label.x, b.label.y]) expect(Number.isFinite(n)).toBe(true);
  }
}

/** Everything drawn lies inside the viewBox. */
function inside(layout: MachineLayout): void {
  const x1 = layout.x + layout.width;
  const y1 = layout.y + layout.height;
  const within = (x: number, y: number) => x >= layout.x - 0.01 && x <= x1 + 0.01 && y >= layout.y - 0.01 && y <= y1 + 0.01;
  for (const s of layout.states) {
    expect(within(s.x, s.y)).toBe(true);
    expect(within(s.x + s.width, s.y + s.height)).toBe(true);
  }
  for (const e of layout.edges) for (const p of e.points) expect(within(p.x, p.y)).toBe(true);
  for (const e of layout.edges.filter((x) => x.labelled)) {
    expect(within(e.label.x - e.labelWidth / 2, e.label.y - e.labelHeight / 2)).toBe(true);
    expect(within(e.label.x + e.labelWidth / 2, e.label.y + e.labelHeight / 2)).toBe(true);
  }
}

describe('readMachine (ExecutionState)', () => {
  const model = readMachine(executionStateMachine);

  it('reads every state, in declaration order, with the initial and the final ones', () => {
    expect(model.id).toBe('ExecutionState');
    expect(model.initial).toBe('CREATED');
    expect(new Set(model.states.map((s) => s.id))).toEqual(new Set(EXECUTION_STATES));
    expect(model.states.map((s) => s.id)).toEqual(Object.keys(executionStateMachine.root.states));
    expect(model.states.filter((s) => s.final).map((s) => s.id).sort()).toEqual(['CANCELED', 'FAILED', 'FINISHED']);
    expect(model.states.find((s) => s.initial)?.id).toBe('CREATED');
  });

  it('reads exactly the transitions xstate accepts, with their events', () => {
    const accepted = acceptedTransitions();
    const read = model.transitions.map((t) => `${t.source} --${t.event}--> ${t.target}`).sort();
    expect(read).toEqual(accepted.map((t) => `${t.from} --${t.event}--> ${t.to}`).sort());
    expect(read).toContain('CREATED --SCHEDULE--> SCHEDULED');
    expect(read).toContain('CANCELING --COMPLETE_CANCELLING--> CANCELED');
    expect(read).toContain('INITIALIZING --RUN--> RUNNING');
    expect(read).toContain('RUNNING --FAIL--> FAILED');
    for (const t of model.transitions) {
      expect(t.kind).toBe('event');
      expect(t.label).toBe(t.event);
    }
  });

  it('gives final states no outgoing transitions', () => {
    for (const s of ['FINISHED', 'CANCELED', 'FAILED']) expect(model.transitions.filter((t) => t.source === s)).toEqual([]);
  });
});

describe('layoutMachine (ExecutionState)', () => {
  const model = readMachine(executionStateMachine);
  const variants: [string, Parameters<typeof layoutMachine>[1]][] = [
    ['every state', {}],
    ['RECONCILING faded, with a note', { faded: ['RECONCILING'], notes: { RECONCILING: 'unused in Flink 1.20' } }],
    ['RECONCILING omitted, with a footnote', { omit: ['RECONCILING'], footnote: 'Not drawn: RECONCILING' }],
  ];

  for (const [name, options] of variants) {
    describe(name, () => {
      const layout = layoutMachine(model, options);
      const omitted = new Set(options?.omit ?? []);

      it('draws every state once', () => {
        const drawn = layout.states.map((s) => s.id);
        expect(new Set(drawn).size).toBe(drawn.length);
        expect(new Set(drawn)).toEqual(new Set(EXECUTION_STATES.filter((s) => !omitted.has(s))));
      });

      it('draws every transition, with its event label, between the right states', () => {
        for (const t of acceptedTransitions()) {
          if (omitted.has(t.from) || omitted.has(t.to)) continue;
          const edges = edgesFor(layout, t.from, t.to);
          expect(edges.length, `${t.from} → ${t.to}`).toBeGreaterThan(0);
          expect(edges.flatMap((e) => e.labels), `${t.from} --${t.event}--> ${t.to}`).toContain(t.event);
        }
        // …and nothing else.
        for (const e of layout.edges) {
          for (const ev of e.events) expect(nextExecutionState(e.source as ExecutionState, ev as ExecutionEvent['type'])).toBe(e.target);
        }
      });

      it('writes every event somewhere: on its curve or on its bus', () => {
        for (const t of acceptedTransitions()) {
          if (omitted.has(t.from) || omitted.has(t.to)) continue;
          const edges = edgesFor(layout, t.from, t.to).filter((e) => e.labels.includes(t.event));
          const written = edges.some((e) =>
            e.route === 'bus'
              ? layout.buses.some((b) => b.key === e.bus && b.text === t.event && b.sources.includes(t.from))
              : layout.edges.some((x) => x.route === 'dagre' && x.target === t.to && x.labelled && x.labels.includes(t.event)),
          );
          expect(written, `${t.from} --${t.event}--> ${t.to}`).toBe(true);
        }
      });

      it('has finite geometry inside its viewBox', () => {
        finite(layout);
        inside(layout);
      });

      it('places no state on another and no always-shown label on a state', () => {
        const S = layout.states;
        for (let i = 0; i < S.length; i++) {
          for (let j = i + 1; j < S.length; j++) {
            const a = S[i]!;
            const b = S[j]!;
            const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
            expect(apart, `${a.id} / ${b.id}`).toBe(true);
          }
        }
        const labels = [
          ...layout.edges.filter((e) => e.labelled).map((e) => ({ id: e.key, x: e.label.x - e.labelWidth / 2, y: e.label.y - e.labelHeight / 2, w: e.labelWidth, h: e.labelHeight })),
          ...layout.buses.map((b) => ({ id: b.key, x: b.label.x - b.labelWidth / 2, y: b.label.y - b.labelHeight / 2, w: b.labelWidth, h: b.labelHeight })),
        ];
        for (const l of labels) {
          for (const s of S) {
            const apart = l.x + l.w <= s.x || s.x + s.width <= l.x || l.y + l.h <= s.y || s.y + s.height <= l.y;
            expect(apart, `${l.id} on ${s.id}`).toBe(true);
          }
        }
      });
    });
  }

  it('draws the lifecycle as one straight row when RECONCILING is left out', () => {
    const layout = layoutMachine(model, { omit: ['RECONCILING'] });
    const y = (id: string) => layout.states.find((s) => s.id === id)!.y;
    for (const id of ['SCHEDULED', 'DEPLOYING', 'INITIALIZING', 'RUNNING']) expect(y(id)).toBeCloseTo(y('CREATED'), 5);
    // …left to right.
    const x = (id: string) => layout.states.find((s) => s.id === id)!.x;
    expect(x('CREATED')).toBeLessThan(x('SCHEDULED'));
    expect(x('SCHEDULED')).toBeLessThan(x('DEPLOYING'));
    expect(x('DEPLOYING')).toBeLessThan(x('INITIALIZING'));
    expect(x('INITIALIZING')).toBeLessThan(x('RUNNING'));
    expect(x('RUNNING')).toBeLessThan(x('FINISHED'));
  });

  it('draws FAIL from five states as one bus into FAILED, labelled once', () => {
    const layout = layoutMachine(model, { omit: ['RECONCILING'] });
    const fail = layout.buses.find((b) => b.target === 'FAILED');
    expect(fail?.text).toBe('FAIL');
    expect(new Set(fail?.sources)).toEqual(new Set(['CREATED', 'SCHEDULED', 'DEPLOYING', 'INITIALIZING', 'RUNNING']));
    expect(fail?.junctions.length).toBe(4);
  });

  it('has a start marker left of the initial state, and is cached per machine and options', () => {
    const a = machineLayout(executionStateMachine, { omit: ['RECONCILING'] });
    expect(a.start).not.toBeNull();
    const created = a.states.find((s) => s.id === 'CREATED')!;
    expect(a.start!.dot.x).toBeLessThan(created.x);
    expect(machineLayout(executionStateMachine, { omit: ['RECONCILING'] })).toBe(a);
    expect(machineLayout(executionStateMachine, {})).not.toBe(a);
  });
});

describe('readMachine and layoutMachine (any machine)', () => {
  const m = setup({ guards: { ok: () => true } }).createMachine({
    id: 'demo',
    initial: 'idle',
    states: {
      idle: { on: { GO: 'busy', NOOP: {} } },
      busy: {
        initial: 'a',
        states: { a: { on: { NEXT: 'b' } }, b: { on: { ABORT: '#demo.done' } } },
        after: { 500: { target: 'idle', guard: 'ok' } },
        always: { target: 'done', guard: 'ok' },
        on: { RESET: '.a', AGAIN: 'busy' },
      },
      done: { type: 'final' },
    },
  });

  it('keeps transitions between top-level states, labels delays, guards and eventless ones', () => {
    const model = readMachine(m);
    const seen = model.transitions.map((t) => `${t.source} ${t.label} ${t.target}`).sort();
    expect(seen).toEqual(['busy ABORT done', 'busy AGAIN busy', 'busy after 500 ms [ok] idle', 'busy always [ok] done', 'idle GO busy'].sort());
    expect(model.transitions.find((t) => t.label.startsWith('after'))?.kind).toBe('after');
    expect(model.transitions.find((t) => t.kind === 'always')?.guard).toBe('ok');
  });

  it('lays it out with finite geometry, self-loops included', () => {
    const layout = layoutMachine(readMachine(m));
    finite(layout);
    expect(edgesFor(layout, 'busy', 'busy')).toHaveLength(1);
    expect(layout.buses).toEqual([]);
  });
});

describe('helpers', () => {
  it('packs short labels onto shared lines', () => {
    expect(packLabels(['COMPLETE_CANCELLING', 'FINISH', 'FAIL'])).toEqual(['COMPLETE_CANCELLING', 'FINISH, FAIL']);
    expect(packLabels(['RUN'])).toEqual(['RUN']);
  });

  it('measures upper case wider than lower case, and I narrower than W', () => {
    expect(capsWidth('WWW', 12)).toBeGreaterThan(capsWidth('III', 12));
    expect(capsWidth('ABC', 12, true)).toBeGreaterThanOrEqual(capsWidth('ABC', 12));
  });

  it('walks polylines and rounds corners', () => {
    const pts = [{ x: 0, y: 0 }, { x: 0, y: 10 }, { x: 10, y: 10 }];
    expect(pointAlong(pts, 0.5)).toEqual({ x: 0, y: 10 });
    expect(pointAlong(pts, 1)).toEqual({ x: 10, y: 10 });
    expect(roundedPath(pts, 4)).toBe('M0,0L0,6Q0,10 4,10L10,10');
  });

  it('picks readable text colours', () => {
    expect(textOn('#52c41a')).toBe('#141414');
    expect(textOn('#2f54eb')).toBe('#ffffff');
    expect(textOn('#722ed1')).toBe('#ffffff');
  });
});

describe('task lifecycle data', () => {
  const trace = [
    { type: 'task.state', step: 1, t: 0, task: 'a/0', from: 'CREATED', to: 'SCHEDULED', attempt: 0 },
    { type: 'task.state', step: 2, t: 0, task: 'b/0', from: 'CREATED', to: 'SCHEDULED', attempt: 0 },
    { type: 'task.state', step: 3, t: 10, task: 'a/0', from: 'SCHEDULED', to: 'DEPLOYING', attempt: 0 },
  ] as TraceEvent[];

  it('finds the latest state change of one task', () => {
    expect(lastTaskTransition(trace, 'a/0')).toEqual({ from: 'SCHEDULED', to: 'DEPLOYING' });
    expect(lastTaskTransition(trace, 'b/0')).toEqual({ from: 'CREATED', to: 'SCHEDULED' });
    expect(lastTaskTransition(trace.slice(0, 1), 'b/0')).toBeNull();
  });

  it('follows the selection: a subtask, the subtask a record is at, an operator\'s first subtask', () => {
    // Two job vertices: a (operators a1 → a2) and b (operator b1), two subtasks each.
    const task = (vertex: string, subtask: number, operators: string[]) => ({ id: `${vertex}/${subtask}`, vertex, subtask, operators });
    const plan = {
      jobGraph: { vertices: [{ id: 'a' }, { id: 'b' }] },
      execution: { tasks: [task('a', 0, ['a1', 'a2']), task('a', 1, ['a1', 'a2']), task('b', 0, ['b1']), task('b', 1, ['b1'])] },
    } as unknown as Parameters<typeof lifecycleTask>[0];
    expect(lifecycleTask(plan, { kind: 'task', task: 'a/1' })).toEqual({ index: 1, chosen: false });
    expect(lifecycleTask(plan, { kind: 'operator', operator: 'a2' })).toEqual({ index: 0, chosen: false });
    expect(lifecycleTask(plan, { kind: 'operator', operator: 'b1' })).toEqual({ index: 2, chosen: false });
    expect(lifecycleTask(plan, { kind: 'record', record: 7 }, (r) => (r === 7 ? 'b/1' : null))).toEqual({ index: 3, chosen: false });
    // Nothing selected (or nothing that has a subtask): the first subtask of the last job vertex.
    expect(lifecycleTask(plan, null)).toEqual({ index: 2, chosen: true });
    expect(lifecycleTask(plan, { kind: 'task', task: 'zz/9' })).toEqual({ index: 2, chosen: true });
    expect(lifecycleTask(plan, { kind: 'record', record: 8 }, () => null)).toEqual({ index: 2, chosen: true });
  });

  it('finds the subtask a record is at: on a channel, the one it travels to; then the one that processed it', () => {
    const tl = Timeline.record(
      validateScenario({
        seed: 7,
        job: { parallelism: 2 },
        network: { latencyMs: 60 },
        operators: [
          { id: 'source', type: 'source', events: [{ at: 100, subtask: 0, value: 'flink' }] },
          { id: 'split', type: 'flatMap', input: 'source', fn: 'splitWords' },
          { id: 'count', type: 'sum', input: 'split', keyBy: 0, field: 1 },
          { id: 'print', type: 'sink', input: 'count' },
        ],
      }),
    );
    const sent = tl.trace.find((e) => e.type === 'record.sent')!;
    if (sent.type !== 'record.sent') throw new Error('no record sent');
    const id = sent.record.id;
    // Just sent: on the channel to its Keyed Aggregation subtask.
    expect(recordTask(tl.plan, tl.worldAt(sent.step), tl.traceUntil(sent.step), id)).toBe(sent.to);
    // Processed there: gone from the world, the subtask that processed it.
    const processed = tl.trace.find((e) => e.type === 'record.processed' && e.record === id)!;
    expect(recordTask(tl.plan, tl.worldAt(processed.step), tl.traceUntil(processed.step), id)).toBe(sent.to);
    expect(recordTask(tl.plan, tl.worldAt(0), tl.traceUntil(0), 12345)).toBeNull();
  });
});

describe('fitStack (graph pane)', () => {
  const graph = { width: 700, height: 250, max: 1.25, min: 0.85 };
  const machine = { width: 850, height: 200, extra: 40, max: 1.15, min: 0.75 };

  it('fits both to the width when there is room, the spare height going to the graph', () => {
    const f = fitStack([graph, machine], 800, 600, 8);
    expect(f.overflow).toBe(false);
    expect(f.scales[0]).toBeCloseTo(800 / 700);
    expect(f.scales[1]).toBeCloseTo(800 / 850);
    expect(f.heights[0]! + f.heights[1]! + 8).toBeCloseTo(600);
  });

  it('caps small drawings', () => {
    const f = fitStack([graph, machine], 3000, 2000, 8);
    expect(f.scales).toEqual([1.25, 1.15]);
  });

  it('shrinks the larger scales first when the pane is short, never below the minimums', () => {
    const f = fitStack([graph, machine], 800, 480, 8);
    expect(f.overflow).toBe(false);
    expect(f.heights[0]! + f.heights[1]! + 8).toBeLessThanOrEqual(480 + 1e-6);
    expect(f.scales[0]).toBeGreaterThanOrEqual(0.85);
    expect(f.scales[1]).toBeGreaterThanOrEqual(0.75);
  });

  it('keeps the first drawing inside the pane when nothing else fits', () => {
    const f = fitStack([graph, machine], 800, 300, 8);
    expect(f.overflow).toBe(true);
    expect(f.scales[0]! * graph.height + machine.extra + 8).toBeLessThanOrEqual(300 + 1e-6);
    expect(f.scales[1]).toBe(0.75);
  });

  it('fits the width only on a page that scrolls', () => {
    const f = fitStack([graph, machine], 400, Infinity, 8);
    expect(f.scales[0]).toBeCloseTo(400 / 700);
    expect(f.overflow).toBe(false);
  });

  it('covers a graph layout with margins', () => {
    const vb = graphViewBox({ width: 1060, height: 129 });
    expect(vb.x).toBeLessThan(0);
    expect(vb.y).toBeLessThan(0);
    expect(vb.x + vb.width).toBeGreaterThan(1060);
    expect(vb.y + vb.height).toBeGreaterThan(129);
  });
});
