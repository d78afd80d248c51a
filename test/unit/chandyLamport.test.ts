/**
 * The classic Chandy–Lamport snapshot engine (src/sim/snapshot; reference §8.1, §8.5). There is no
 * Flink test class for it: the golden cases are the paper's rules (TOCS 3(1), 1985, §3.1–§3.3) and
 * the course example (course notes lines 620–800), whose recorded state is C11 = [A], C21 = [H].
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProcessRun } from '../../src/sim/snapshot/ProcessRun.ts';
import { checkCut, type MessageHistoryEntry, type SnapshotRecord } from '../../src/sim/snapshot/ConsistentCut.ts';
import { resolveProcessScenario, type ProcessScenario } from '../../src/sim/snapshot/ProcessScenario.ts';
import type { ProcessTraceEvent } from '../../src/sim/snapshot/ProcessTrace.ts';
import { ScenarioError } from '../../src/sim/scenario/ScenarioError.ts';
import { SimulationError } from '../../src/sim/kernel/errors.ts';
import courseJson from '../../src/sim/snapshot/scenarios/course-p1p2p3.json';
import nonFifoJson from '../../src/sim/snapshot/scenarios/non-fifo.json';

const course = courseJson as ProcessScenario;
const nonFifo = nonFifoJson as ProcessScenario;

type Ev<T extends ProcessTraceEvent['type']> = Extract<ProcessTraceEvent, { type: T }>;
const of = <T extends ProcessTraceEvent['type']>(trace: ProcessTraceEvent[], type: T): Ev<T>[] =>
  trace.filter((e): e is Ev<T> => e.type === type);
const recordedStep = (trace: ProcessTraceEvent[], p: string) => of(trace, 'state.recorded').find((e) => e.process === p)!.step;
const channelState = (run: ProcessRun, c: string) => of(run.trace, 'channel.recorded').find((e) => e.channel === c)!.messages.map((m) => m.label);

/**
 * The channel states the Marker-Receiving Rule asks for, computed from the trace alone: the messages
 * received on c after the receiver recorded its state and before it received c's marker.
 */
function ruleChannelState(trace: ProcessTraceEvent[], channel: string, receiver: string): number[] {
  const from = recordedStep(trace, receiver);
  const marker = of(trace, 'marker.received').find((e) => e.channel === channel)!;
  return of(trace, 'message.received')
    .filter((e) => e.channel === channel && e.step > from && e.step < marker.step)
    .map((e) => e.message);
}

/** Every invariant of a terminated FIFO snapshot, checked from the trace. */
function expectRulesHold(run: ProcessRun): void {
  const sc = run.scenario;
  const t = run.trace;
  // One marker per channel, sent in the step where its sender recorded its state.
  for (const c of sc.channels) {
    const sent = of(t, 'marker.sent').filter((e) => e.channel === c.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.step).toBe(recordedStep(t, c.from));
    const got = of(t, 'marker.received').filter((e) => e.channel === c.id);
    expect(got).toHaveLength(1);
    const state = of(t, 'channel.recorded').filter((e) => e.channel === c.id);
    expect(state).toHaveLength(1);
    expect(state[0]!.messages.map((m) => m.id)).toEqual(ruleChannelState(t, c.id, c.to));
    // First marker: the channel is recorded empty.
    if (got[0]!.first) expect(state[0]!.messages).toEqual([]);
  }
  for (const p of sc.processes) expect(of(t, 'state.recorded').filter((e) => e.process === p.id)).toHaveLength(1);
  // Termination: exactly when the last process state or channel state was recorded.
  const done = of(t, 'snapshot.completed');
  expect(done).toHaveLength(1);
  const last = Math.max(...of(t, 'state.recorded').map((e) => e.step), ...of(t, 'channel.recorded').map((e) => e.step));
  expect(done[0]!.step).toBe(last);
  const before = run.worldAt(last - 1);
  expect(before.processes.every((p) => p.recorded) && before.channels.every((c) => c.state === 'recorded')).toBe(false);
  expect(done[0]!.check.valid).toBe(true);
}

describe('ChandyLamport course example (course notes, P1 P2 P3)', () => {
  const run = ProcessRun.record(course);
  const t = run.trace;

  it('markers arrive in the order the text tells', () => {
    const order = of(t, 'marker.received').map((e) => `${e.channel}${e.first ? '*' : ''}`);
    // P3 first (C13, its first), P1 from P3, P2 from P3 (its first), P2 from P1, P1 from itself and P2, P3 from P2.
    expect(order).toEqual(['C13*', 'C31', 'C32*', 'C12', 'C11', 'C21', 'C23']);
    expect(of(t, 'state.recorded').map((e) => [e.process, e.cause])).toEqual([['P1', 'initiator'], ['P3', 'C13'], ['P2', 'C32']]);
  });

  it('records C11 = [A] and C21 = [H], every other channel empty', () => {
    expect(channelState(run, 'C11')).toEqual(['A']);
    expect(channelState(run, 'C21')).toEqual(['H']);
    for (const c of ['C12', 'C13', 'C23', 'C31', 'C32']) expect(channelState(run, c)).toEqual([]);
  });

  it('P1 records the channels from P2, P3 and itself; P3 its local event J', () => {
    const rec = of(t, 'channel.recording').filter((e) => e.to === 'P1').map((e) => e.channel);
    expect(rec).toEqual(['C11', 'C21', 'C31']);
    const states = Object.fromEntries(of(t, 'state.recorded').map((e) => [e.process, [e.tokens, e.labels]]));
    expect(states).toEqual({ P1: [9, ['A', 'B']], P3: [13, ['I', 'J']], P2: [5, ['E', 'F', 'G', 'H']] });
    // P1 closes C11 and C21 at the same time (the text: "closes all input channels").
    const closes = of(t, 'channel.recorded').filter((e) => e.to === 'P1');
    expect(closes.map((e) => [e.channel, e.t])).toEqual([['C31', 250], ['C11', 330], ['C21', 330]]);
  });

  it('later messages from P3 (K) and P1 (M) are not in the snapshot; tokens are conserved', () => {
    const k = of(t, 'message.received').find((e) => e.label === 'K')!;
    expect(k.recorded).toBe(false);
    expect(k.step).toBeGreaterThan(of(t, 'channel.recorded').find((e) => e.channel === 'C31')!.step);
    const check = run.check!;
    expect(check).toMatchObject({ consistent: true, valid: true, orphans: [], conservation: { expected: 30, recorded: 30, ok: true } });
    expect(check.channels.find((c) => c.channel === 'C21')).toMatchObject({ sentBeforeCut: 1, receivedBeforeCut: 0, ok: true });
    expect(run.stopReason).toBe('idle');
    expect(of(t, 'snapshot.completed')[0]!.t).toBe(420);
    expectRulesHold(run);
  });

  it('offers the Timeline read API', () => {
    expect(run.steps).toBe(22);
    expect(run.endTime).toBe(420);
    expect(run.timeOfStep(9)).toBe(200);
    expect(run.stepAtTime(229)).toBe(9);
    expect(run.traceBetween(8, 9).map((e) => e.type)).toEqual([
      'snapshot.initiated', 'state.recorded', 'marker.sent', 'marker.sent', 'marker.sent',
      'channel.recording', 'channel.recording', 'channel.recording',
    ]);
    expect(run.traceUntil(run.steps)).toEqual(t);
    const w = structuredClone(run.worldAt(13));
    expect(w.processes.map((p) => p.recorded !== null)).toEqual([true, false, true]);
    run.worldAt(run.steps);
    expect(run.worldAt(13)).toEqual(w);
    expect(JSON.parse(JSON.stringify(w))).toEqual(w);
  });
});

describe('ChandyLamport marker rules (TOCS 1985 §3.2)', () => {
  it('any process may initiate', () => {
    for (const p of ['P1', 'P2', 'P3']) {
      const run = ProcessRun.record({ ...course, snapshots: [{ at: 200, initiator: p }] });
      expect(of(run.trace, 'state.recorded')[0]).toMatchObject({ process: p, cause: 'initiator' });
      expectRulesHold(run);
    }
  });

  it('two initiators of the same snapshot, concurrently', () => {
    const run = ProcessRun.record({ ...course, snapshots: [{ at: 200, initiator: 'P1' }, { at: 200, initiator: 'P3' }] });
    expect(of(run.trace, 'state.recorded').filter((e) => e.cause === 'initiator').map((e) => e.process)).toEqual(['P1', 'P3']);
    expectRulesHold(run);
  });

  it('an initiator a marker reached first does not record again', () => {
    const run = ProcessRun.record({ ...course, snapshots: [{ at: 200, initiator: 'P1' }, { at: 300, initiator: 'P3' }] });
    expect(of(run.trace, 'snapshot.initiated').map((e) => [e.process, e.alreadyRecorded])).toEqual([['P1', false], ['P3', true]]);
    expectRulesHold(run);
  });

  it('a message sent in the same ms after recording follows the marker (sending rule, FIFO)', () => {
    const sc: ProcessScenario = {
      processes: [{ id: 'a', tokens: 5 }, { id: 'b', tokens: 0 }],
      channels: [{ from: 'a', to: 'b', latencyMs: 10 }, { from: 'b', to: 'a', latencyMs: 10 }, { from: 'a', to: 'a', latencyMs: 0 }],
      events: [{ at: 100, process: 'a', label: 'x', send: { to: 'b', tokens: 2, latencyMs: 0 } }],
      snapshots: [{ at: 99, initiator: 'a' }],
    };
    const run = ProcessRun.record(sc);
    const got = run.trace.filter((e) => (e.type === 'marker.received' || e.type === 'message.received') && e.channel === 'a->b');
    expect(got.map((e) => e.type)).toEqual(['marker.received', 'message.received']);
    expect(of(run.trace, 'state.recorded').find((e) => e.process === 'b')!.tokens).toBe(0);
    expectRulesHold(run);
  });

  it('self-loops and cycles: a ring with self-loops records its in-flight messages', () => {
    const ids = ['p0', 'p1', 'p2', 'p3'];
    const sc: ProcessScenario = {
      processes: ids.map((id) => ({ id, tokens: 4 })),
      channels: [...ids.map((id, i) => ({ from: id, to: ids[(i + 1) % 4]!, latencyMs: 50 })), ...ids.map((id) => ({ from: id, to: id, latencyMs: 70 }))],
      events: ids.flatMap((id, i) => [
        { at: 10 * i + 80, process: id, label: `r${i}`, send: { to: ids[(i + 1) % 4]! } },
        { at: 10 * i + 85, process: id, label: `s${i}`, send: { to: id } },
      ]),
      snapshots: [{ at: 100, initiator: 'p0' }],
    };
    const run = ProcessRun.record(sc);
    expectRulesHold(run);
    expect(run.check!.channels.some((c) => c.recorded.length > 0)).toBe(true);
  });
});

describe('ConsistentCut (reference §8.1 (a)–(c))', () => {
  const history: MessageHistoryEntry[] = [
    { id: 0, channel: 'pq', label: 'm0', tokens: 2, sentStep: 1, receivedStep: 2 },
    { id: 1, channel: 'pq', label: 'm1', tokens: 3, sentStep: 3, receivedStep: 8 },
    { id: 2, channel: 'qp', label: 'm2', tokens: 1, sentStep: 6, receivedStep: 7 },
  ];
  const snap = (p: number, q: number, pq: number[], tokens: [number, number]): SnapshotRecord => ({
    processes: { p: { step: p, tokens: tokens[0] }, q: { step: q, tokens: tokens[1] } },
    channels: { pq: { from: 'p', to: 'q', messages: pq }, qp: { from: 'q', to: 'p', messages: [] } },
  });
  // Start: p 10, q 10. p sends m0 (2) at 1, q gets it at 2, p sends m1 (3) at 3, q sends m2 (1) at 6, p gets m2 at 7, q gets m1 at 8.
  it('a good cut: m1 in transit', () => {
    const c = checkCut(snap(4, 5, [1], [5, 12]), history, 20);
    expect(c).toMatchObject({ consistent: true, valid: true, orphans: [], conservation: { expected: 20, recorded: 20, ok: true } });
    expect(c.channels[0]).toMatchObject({ channel: 'pq', sentBeforeCut: 2, receivedBeforeCut: 1, ok: true });
    expect(c.channels[0]!.expected.map((m) => m.label)).toEqual(['m1']);
  });
  it('an orphan: m2 received by p before its cut, sent by q after its cut', () => {
    const c = checkCut(snap(7.5, 5, [1], [6, 12]), history, 20);
    expect(c.consistent).toBe(false);
    expect(c.valid).toBe(false);
    expect(c.orphans).toEqual([{ id: 2, label: 'm2', tokens: 1, channel: 'qp' }]);
    expect(c.channels[1]).toMatchObject({ channel: 'qp', sentBeforeCut: 0, receivedBeforeCut: 1, ok: false });
    expect(c.conservation).toEqual({ expected: 20, recorded: 21, ok: false });
  });
  it('a channel state missing its in-transit message breaks (b) and (c), not (a)', () => {
    const c = checkCut(snap(4, 5, [], [5, 12]), history, 20);
    expect(c).toMatchObject({ consistent: true, valid: false, orphans: [], conservation: { recorded: 17, ok: false } });
    expect(c.channels[0]!.ok).toBe(false);
  });
});

describe('ChandyLamport FIFO matters (non-fifo.json)', () => {
  it('a fast message overtakes a marker (orphan M); a marker overtakes a slow message (H lost)', () => {
    const run = ProcessRun.record(nonFifo);
    const check = run.check!;
    expect(check.consistent).toBe(false);
    expect(check.orphans.map((o) => [o.label, o.channel])).toEqual([['M', 'C12']]);
    expect(check.conservation).toEqual({ expected: 30, recorded: 29, ok: false });
    const c21 = check.channels.find((c) => c.channel === 'C21')!;
    expect([c21.recorded, c21.expected.map((m) => m.label), c21.ok]).toEqual([[], ['H'], false]);
    expect(ProcessRun.record({ ...nonFifo, fifo: true }).check!.valid).toBe(true);
  });
});

describe('ProcessScenario validation', () => {
  const issues = (patch: Partial<ProcessScenario>) => {
    try {
      resolveProcessScenario({ ...course, ...patch });
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      return (e as ScenarioError).issues.map((i) => `${i.path}: ${i.message}`);
    }
    throw new Error('expected a ScenarioError');
  };
  const ch = course.channels;
  it('names the field and the fix', () => {
    expect(issues({ channels: [...ch, { from: 'P1', to: 'P9', latencyMs: 1 }] })[0]).toMatch(/^channels\[7\]\.to: unknown process "P9".*P1, P2, P3/);
    expect(issues({ channels: [...ch, { from: 'P1', to: 'P2', latencyMs: 1 }] })[0]).toMatch(/^channels\[7\]: duplicate channel P1 -> P2 \(also channels\[1\]\)/);
    expect(issues({ channels: [...ch.slice(1), { ...ch[0]!, latencyMs: -1 }] })[0]).toMatch(/^channels\[6\]\.latencyMs: .*non-negative/);
    expect(issues({ events: [{ at: -5, process: 'P1', label: 'A' }] })[0]).toMatch(/^events\[0\]\.at: .*non-negative/);
    expect(issues({ events: [{ at: 5, process: 'P2', label: 'A', send: { to: 'P2' } }] })[0]).toMatch(/^events\[0\]\.send\.to: no channel P2 -> P2; add .*one of: P1, P3/);
    expect(issues({ snapshots: [{ at: 5, initiator: 'P4' }] })[0]).toMatch(/^snapshots\[0\]\.initiator: unknown process "P4"/);
    expect(issues({ snapshots: [] })[0]).toMatch(/^snapshots: must name at least one initiator/);
    expect(issues({ maxEvents: 0 })[0]).toMatch(/^maxEvents: must be an integer in 1\.\.100000/);
    expect(issues({ processes: [{ id: 'P1' }, { id: 'P1' }] })[0]).toMatch(/^processes\[1\]\.id: duplicate/);
  });
  it('rejects a process no initiator reaches: the snapshot would not terminate', () => {
    const msg = issues({ channels: ch.filter((c) => c.to !== 'P2'), events: [] });
    expect(msg).toHaveLength(1);
    expect(msg[0]).toMatch(/^snapshots: process P2 cannot be reached .* never terminate/);
    expect(() => resolveProcessScenario({ ...course, events: [], channels: ch.filter((c) => c.to !== 'P2'), snapshots: [{ at: 1, initiator: 'P1' }, { at: 1, initiator: 'P2' }] })).not.toThrow();
  });
  it('fills defaults, and a resolved scenario resolves to itself', () => {
    const r = resolveProcessScenario(course);
    expect(r).toMatchObject({ seed: 1, fifo: true, maxEvents: 10_000 });
    expect(r.events[1]).toEqual({ at: 60, process: 'P2', label: 'F', send: null });
    expect(resolveProcessScenario(r)).toEqual(r);
    expect(JSON.stringify(ProcessRun.record(r).trace)).toBe(JSON.stringify(ProcessRun.record(course).trace));
  });
  it('throws SimulationError past maxEvents', () => {
    expect(() => ProcessRun.record({ ...course, maxEvents: 10 })).toThrow(SimulationError);
    expect(() => ProcessRun.record({ ...course, maxEvents: 22 })).not.toThrow();
  });
});

describe('ChandyLamport determinism', () => {
  it('same scenario and seed ⇒ identical trace JSON', () => {
    const jittery = { ...course, channels: course.channels.map((c) => ({ ...c, jitterMs: 40 })) };
    const a = JSON.stringify(ProcessRun.record(jittery, { seed: 7 }).trace);
    expect(JSON.stringify(ProcessRun.record(jittery, { seed: 7 }).trace)).toBe(a);
    const others = [1, 2, 3, 4].map((seed) => JSON.stringify(ProcessRun.record(jittery, { seed }).trace));
    expect(others.some((o) => o !== a)).toBe(true);
  });
});

// ---- properties -------------------------------------------------------------------------------

const arbScenario = (fifo: boolean) =>
  fc.integer({ min: 1, max: 5 }).chain((n) =>
    fc.record({
      perm: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      extra: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 8 }),
      lat: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 30, maxLength: 30 }),
      jitter: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 30, maxLength: 30 }),
      tokens: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }),
      events: fc.array(
        fc.record({ at: fc.integer({ min: 0, max: 300 }), p: fc.nat(n - 1), ch: fc.option(fc.nat(40)), tokens: fc.integer({ min: 1, max: 3 }), lat: fc.option(fc.integer({ min: 0, max: 150 })) }),
        { maxLength: 30 },
      ),
      inits: fc.array(fc.record({ at: fc.integer({ min: 0, max: 300 }), p: fc.nat(n - 1) }), { minLength: 1, maxLength: 2 }),
      seed: fc.integer(),
    }).map(({ perm, extra, lat, jitter, tokens, events, inits, seed }): ProcessScenario => {
      const id = (i: number) => `P${i}`;
      const pairs: [number, number][] = perm.map((p, i) => [p, perm[(i + 1) % n]!]);
      for (const e of extra) if (!pairs.some(([a, b]) => a === e[0] && b === e[1])) pairs.push(e);
      const channels = pairs.map(([a, b], i) => ({ from: id(a), to: id(b), latencyMs: lat[i % 30]!, jitterMs: jitter[i % 30]! }));
      return {
        seed, fifo,
        processes: tokens.map((t, i) => ({ id: id(i), tokens: t })),
        channels,
        events: events.map((e, i) => {
          if (e.ch === null) return { at: e.at, process: id(e.p), label: `e${i}` };
          const c = channels[e.ch % channels.length]!;
          return { at: e.at, process: c.from, label: `e${i}`, send: { to: c.to, tokens: e.tokens, ...(e.lat === null ? {} : { latencyMs: e.lat }) } };
        }),
        snapshots: inits.map((s) => ({ at: s.at, initiator: id(s.p) })),
      };
    }),
  );

/** The oracle: some message sent after its sender recorded was received before its receiver recorded. */
function hasOrphan(trace: ProcessTraceEvent[]): boolean {
  const rec = Object.fromEntries(of(trace, 'state.recorded').map((e) => [e.process, e.step]));
  const recv = Object.fromEntries(of(trace, 'message.received').map((e) => [e.message, e.step]));
  return of(trace, 'message.sent').some((s) => s.step > rec[s.from]! && recv[s.message] !== undefined && recv[s.message]! < rec[s.to]!);
}

describe('ChandyLamport properties (TOCS 1985 §4, Theorem 1)', () => {
  it('FIFO: every snapshot on a strongly connected graph is a consistent cut that conserves tokens', () => {
    fc.assert(
      fc.property(arbScenario(true), (sc) => {
        const run = ProcessRun.record(sc);
        const check = run.check!;
        expect(check.consistent && check.valid && check.conservation.ok).toBe(true);
        expectRulesHold(run);
      }),
      { numRuns: 200 },
    );
  });

  it('non-FIFO: the verdict is "some message crossed the cut backwards", and some runs are inconsistent', () => {
    let inconsistent = 0;
    let lost = 0;
    fc.assert(
      fc.property(arbScenario(false), (sc) => {
        const run = ProcessRun.record(sc);
        const check = run.check!;
        expect(check.consistent).toBe(!hasOrphan(run.trace));
        if (!check.consistent) {
          inconsistent++;
          expect(check.valid).toBe(false);
        }
        if (check.consistent && !check.valid) lost++;
      }),
      { numRuns: 200, seed: 42 },
    );
    expect(inconsistent).toBeGreaterThan(0);
    expect(lost).toBeGreaterThan(0);
  });
});
