/**
 * Watermark generation and combination (reference §1.1–§1.4): the golden cases of Flink's
 * BoundedOutOfOrdernessWatermarksTest, AscendingTimestampsWatermarksTest, WatermarksWithIdlenessTest,
 * StatusWatermarkValveTest and TwoInputStreamTaskTest#testWatermarkAndWatermarkStatusForwarding,
 * plus checks of the simulator's own pieces and fast-check properties.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LONG_MAX, LONG_MIN } from '../../src/sim/util/JavaLong.ts';
import type { Json } from '../../src/sim/scenario/Scenario.ts';
import type { WatermarkStatus } from '../../src/sim/trace.ts';
import {
  checkIfIdle,
  activity,
  ingestionTimestamp,
  newGeneratorState,
  newIdlenessTimer,
  onEvent,
  onPeriodicEmit,
  type ResolvedWatermarkStrategy,
  type WatermarkOutput,
  type WatermarkStrategySpec,
} from '../../src/sim/eventtime/WatermarkGenerator.ts';
import { emitWatermark, markActive, markIdle, newEmitter, watermarkOutputOf } from '../../src/sim/eventtime/WatermarkEmitter.ts';
import { inputWatermark, inputWatermarkStatus, newValve, type ValveState } from '../../src/sim/eventtime/StatusWatermarkValve.ts';
import {
  newCombinedWatermarkStatus,
  processWatermark,
  processWatermarkStatus,
  setIdle,
  setWatermark,
} from '../../src/sim/eventtime/IndexedCombinedWatermarkStatus.ts';

/** An output element: a watermark, a status, or (two-input task) a record. */
type Out = { wm: number } | { status: WatermarkStatus } | { rec: string; ts: number };

/** Collects outputs; `take()` returns and clears what arrived since the last call (Flink's popLastSeenOutput, batched). */
function collector() {
  const all: Out[] = [];
  let seen = 0;
  return {
    all,
    sink: { watermark: (wm: number) => all.push({ wm }), status: (s: WatermarkStatus) => all.push({ status: s }) },
    take(): Out[] {
      const fresh = all.slice(seen);
      seen = all.length;
      return fresh;
    },
  };
}

/** A generator's WatermarkOutput that records everything it is told. */
function generatorOutput() {
  const events: Out[] = [];
  const out: WatermarkOutput = {
    emitWatermark: (ts) => events.push({ wm: ts }),
    markIdle: () => events.push({ status: 'IDLE' }),
    markActive: () => events.push({ status: 'ACTIVE' }),
  };
  const lastWatermark = () => [...events].reverse().find((e): e is { wm: number } => 'wm' in e)?.wm ?? null;
  return { events, out, lastWatermark };
}

const strategy = (generator: WatermarkStrategySpec, idlenessMs: number | null = null): ResolvedWatermarkStrategy => ({
  generator,
  idlenessMs,
});
const bounded = (b: number) => strategy({ kind: 'boundedOutOfOrderness', maxOutOfOrderness: b });

describe('BoundedOutOfOrdernessWatermarksTest', () => {
  it('testWatermarkBeforeRecords', () => {
    const s = bounded(10);
    const st = newGeneratorState(s);
    const o = generatorOutput();
    onPeriodicEmit(s, st, 0, o.out);
    expect(o.lastWatermark()).toBe(LONG_MIN);
  });

  it('testWatermarkAfterEvent', () => {
    const s = bounded(10);
    const st = newGeneratorState(s);
    const o = generatorOutput();
    onEvent(s, st, 1337, null, 0, o.out);
    expect(o.events).toEqual([]); // never emits from onEvent
    onPeriodicEmit(s, st, 0, o.out);
    expect(o.lastWatermark()).toBe(1326);
  });

  it('testWatermarkAfterNonMonotonousEvents', () => {
    const s = bounded(10);
    const st = newGeneratorState(s);
    const o = generatorOutput();
    for (const ts of [12345, 12300, 12340, 12280]) onEvent(s, st, ts, null, 0, o.out);
    onPeriodicEmit(s, st, 0, o.out);
    expect(o.lastWatermark()).toBe(12334);
  });

  it('testRepeatedProbe', () => {
    const s = bounded(10);
    const st = newGeneratorState(s);
    onEvent(s, st, 723456, null, 0, generatorOutput().out);
    onPeriodicEmit(s, st, 0, generatorOutput().out);
    const o = generatorOutput();
    onPeriodicEmit(s, st, 0, o.out);
    expect(o.lastWatermark()).toBe(723445);
  });

  it('a negative bound throws IllegalArgumentException (constructor checkArgument)', () => {
    expect(() => newGeneratorState(bounded(-1))).toThrow('maxOutOfOrderness cannot be negative');
    expect(() => newGeneratorState(strategy({ kind: 'punctuated', maxOutOfOrderness: -5, marker: null }))).toThrow(
      'maxOutOfOrderness cannot be negative',
    );
  });
});

describe('AscendingTimestampsWatermarksTest', () => {
  const mono = strategy({ kind: 'monotonous' });

  it('testWatermarkBeforeRecords', () => {
    const st = newGeneratorState(mono);
    const o = generatorOutput();
    onPeriodicEmit(mono, st, 0, o.out);
    expect(o.lastWatermark()).toBe(LONG_MIN);
  });

  it('testWatermarkAfterEvent', () => {
    const st = newGeneratorState(mono);
    const o = generatorOutput();
    onEvent(mono, st, 1337, null, 0, o.out);
    onPeriodicEmit(mono, st, 0, o.out);
    expect(o.lastWatermark()).toBe(1336);
  });

  it('testWatermarkAfterEventWithLowerTimestamp', () => {
    const st = newGeneratorState(mono);
    const o = generatorOutput();
    onEvent(mono, st, 12345, null, 0, o.out);
    onEvent(mono, st, 12340, null, 0, o.out);
    onPeriodicEmit(mono, st, 0, o.out);
    expect(o.lastWatermark()).toBe(12344);
  });
});

describe('WatermarksWithIdlenessTest', () => {
  /** Flink's tests start the ManualClock at System.nanoTime(): any non-zero instant. */
  const START = 1_000_000;

  /** createTimerAndMakeIdle: start the timer, advance timeout + 1, check that it is idle. */
  function createTimerAndMakeIdle(timeoutMs: number) {
    const clock = { now: START };
    const timer = newIdlenessTimer(timeoutMs);
    checkIfIdle(timer, clock.now); // start timer
    clock.now += timeoutMs + 1;
    expect(checkIfIdle(timer, clock.now)).toBe(true);
    return { timer, clock };
  }

  it('testZeroTimeout', () => {
    expect(() => newIdlenessTimer(0)).toThrow('idleTimeout must be greater than zero');
    expect(() => newGeneratorState(strategy({ kind: 'monotonous' }, 0))).toThrow('idleTimeout must be greater than zero');
  });

  it('testNegativeTimeout', () => {
    expect(() => newIdlenessTimer(-1)).toThrow('idleTimeout must be greater than zero');
    expect(() => newGeneratorState(strategy({ kind: 'monotonous' }, -1))).toThrow('idleTimeout must be greater than zero');
  });

  it('testInitiallyActive', () => {
    expect(checkIfIdle(newIdlenessTimer(10), START)).toBe(false);
  });

  it('testIdleWithoutEvents', () => {
    const timer = newIdlenessTimer(10);
    checkIfIdle(timer, START); // start timer
    expect(checkIfIdle(timer, START + 11)).toBe(true);
  });

  it('testRepeatedIdleChecks', () => {
    const { timer, clock } = createTimerAndMakeIdle(122);
    expect(checkIfIdle(timer, clock.now)).toBe(true);
    clock.now += 100;
    expect(checkIfIdle(timer, clock.now)).toBe(true);
  });

  it('testActiveAfterIdleness', () => {
    const { timer, clock } = createTimerAndMakeIdle(10);
    activity(timer);
    expect(checkIfIdle(timer, clock.now)).toBe(false);
  });

  it('testIdleActiveIdle', () => {
    const { timer, clock } = createTimerAndMakeIdle(122);
    activity(timer); // active again
    expect(checkIfIdle(timer, clock.now)).toBe(false);
    checkIfIdle(timer, clock.now); // idle again: start timer
    clock.now += 123;
    expect(checkIfIdle(timer, clock.now)).toBe(true);
  });

  it('idle only when strictly more than the timeout passed (reference §1.2)', () => {
    const timer = newIdlenessTimer(10);
    checkIfIdle(timer, START);
    expect(checkIfIdle(timer, START + 10)).toBe(false);
    expect(checkIfIdle(timer, START + 11)).toBe(true);
  });

  it('a probe at clock 0 starts the timer (null, not Flink’s 0 sentinel)', () => {
    const timer = newIdlenessTimer(10);
    expect(checkIfIdle(timer, 0)).toBe(false);
    expect(timer.startOfInactivity).toBe(0);
    expect(checkIfIdle(timer, 11)).toBe(true);
  });

  it('the wrapper marks idle once, skips the base while idle, and an event makes it emit again', () => {
    const s = strategy({ kind: 'boundedOutOfOrderness', maxOutOfOrderness: 5 }, 100);
    const st = newGeneratorState(s);
    const o = generatorOutput();
    onEvent(s, st, 1000, null, 0, o.out);
    onPeriodicEmit(s, st, 200, o.out); // activity seen: base emits
    onPeriodicEmit(s, st, 400, o.out); // first quiet probe: timer starts, base emits
    onPeriodicEmit(s, st, 500, o.out); // 100 passed, not more: base emits
    onPeriodicEmit(s, st, 600, o.out); // idle
    onPeriodicEmit(s, st, 800, o.out); // still idle: nothing
    expect(o.events).toEqual([{ wm: 994 }, { wm: 994 }, { wm: 994 }, { status: 'IDLE' }]);
    expect(st.isIdleNow).toBe(true);
    onEvent(s, st, 2000, null, 900, o.out);
    expect(st.isIdleNow).toBe(false);
    onPeriodicEmit(s, st, 1000, o.out);
    expect(o.events.slice(4)).toEqual([{ wm: 1994 }]); // the generator never calls markActive itself
  });

  it('idleness applies to a punctuated generator, which emits nothing periodically', () => {
    const s = strategy({ kind: 'punctuated', maxOutOfOrderness: 0, marker: null }, 10);
    const st = newGeneratorState(s);
    const o = generatorOutput();
    onPeriodicEmit(s, st, 0, o.out);
    onPeriodicEmit(s, st, 11, o.out);
    expect(o.events).toEqual([{ status: 'IDLE' }]);
  });
});

describe('punctuated, ingestion time and noWatermarks generators', () => {
  it('punctuated without a marker emits max − B − 1 on every record', () => {
    const s = strategy({ kind: 'punctuated', maxOutOfOrderness: 3, marker: null });
    const st = newGeneratorState(s);
    const o = generatorOutput();
    onEvent(s, st, 10, 'a', 0, o.out);
    onEvent(s, st, 8, 'b', 0, o.out);
    onPeriodicEmit(s, st, 0, o.out);
    expect(o.events).toEqual([{ wm: 6 }, { wm: 6 }]);
  });

  it('punctuated with a marker emits only on records whose field is truthy', () => {
    const byIndex = strategy({ kind: 'punctuated', maxOutOfOrderness: 0, marker: 1 });
    const st = newGeneratorState(byIndex);
    const o = generatorOutput();
    const records: Json[] = [['a', false], ['b', true], ['c', 0], ['d', 1]];
    records.forEach((r, i) => onEvent(byIndex, st, 100 + i, r, 0, o.out));
    expect(o.events).toEqual([{ wm: 100 }, { wm: 102 }]);

    const byName = strategy({ kind: 'punctuated', maxOutOfOrderness: 0, marker: 'eow' });
    const st2 = newGeneratorState(byName);
    const o2 = generatorOutput();
    onEvent(byName, st2, 5, { eow: null }, 0, o2.out);
    onEvent(byName, st2, 7, { eow: 'yes' }, 0, o2.out);
    expect(o2.events).toEqual([{ wm: 6 }]);
  });

  it('ingestion time: timestamps are max(previous, now), watermarks ascending (B = 0)', () => {
    const s = strategy({ kind: 'ingestionTime' });
    const st = newGeneratorState(s);
    const o = generatorOutput();
    expect(ingestionTimestamp(st, 50)).toBe(50);
    expect(ingestionTimestamp(st, 40)).toBe(50); // clock went back: keep the max
    expect(ingestionTimestamp(st, 70)).toBe(70);
    onEvent(s, st, 70, null, 70, o.out);
    onPeriodicEmit(s, st, 70, o.out);
    expect(o.events).toEqual([{ wm: 69 }]);
  });

  it('IngestionTimeAssigner starts from its Java field default 0', () => {
    expect(ingestionTimestamp(newGeneratorState(strategy({ kind: 'ingestionTime' })), -5)).toBe(0);
  });

  it('noWatermarks emits nothing', () => {
    const s = strategy({ kind: 'noWatermarks' });
    const st = newGeneratorState(s);
    const o = generatorOutput();
    onEvent(s, st, 10, null, 0, o.out);
    onPeriodicEmit(s, st, 0, o.out);
    expect(o.events).toEqual([]);
  });
});

describe('TimestampsAndWatermarksOperator.WatermarkEmitter', () => {
  it('forwards only strictly increasing watermarks; Long.MIN_VALUE is never forwarded', () => {
    const st = newEmitter();
    const c = collector();
    emitWatermark(st, LONG_MIN, c.sink);
    emitWatermark(st, 5, c.sink);
    emitWatermark(st, 5, c.sink);
    emitWatermark(st, 3, c.sink);
    emitWatermark(st, 9, c.sink);
    expect(c.take()).toEqual([{ wm: 5 }, { wm: 9 }]);
    expect(st.currentWatermark).toBe(9);
  });

  it('IDLE once on the transition; an advancing watermark emits ACTIVE first; a stale one does not re-activate', () => {
    const st = newEmitter();
    const c = collector();
    markActive(st, c.sink);
    expect(c.take()).toEqual([]);
    emitWatermark(st, 10, c.sink);
    markIdle(st, c.sink);
    markIdle(st, c.sink);
    expect(c.take()).toEqual([{ wm: 10 }, { status: 'IDLE' }]);
    emitWatermark(st, 10, c.sink);
    expect(c.take()).toEqual([]);
    expect(st.idle).toBe(true);
    emitWatermark(st, 11, c.sink);
    expect(c.take()).toEqual([{ status: 'ACTIVE' }, { wm: 11 }]);
  });

  it('drives a generator through watermarkOutputOf (the first periodic LONG_MIN is swallowed)', () => {
    const s = bounded(0);
    const gen = newGeneratorState(s);
    const em = newEmitter();
    const c = collector();
    const out = watermarkOutputOf(em, c.sink);
    onPeriodicEmit(s, gen, 0, out);
    onEvent(s, gen, 100, null, 0, out);
    onPeriodicEmit(s, gen, 200, out);
    onPeriodicEmit(s, gen, 400, out);
    expect(c.take()).toEqual([{ wm: 99 }]);
  });
});

/** A valve plus its collected outputs: `wm(value, channel)`, `st(status, channel)`, `take()`. */
function valveHarness(n: number) {
  const valve = newValve(n);
  const c = collector();
  return {
    valve,
    wm: (w: number, ch: number) => inputWatermark(valve, w, ch, c.sink),
    st: (s: WatermarkStatus, ch: number) => inputWatermarkStatus(valve, s, ch, c.sink),
    take: c.take,
  };
}

describe('StatusWatermarkValveTest', () => {
  it('testSingleInputIncreasingWatermarks', () => {
    const v = valveHarness(1);
    v.wm(0, 0);
    expect(v.take()).toEqual([{ wm: 0 }]);
    v.wm(25, 0);
    expect(v.take()).toEqual([{ wm: 25 }]);
  });

  it('testSingleInputDecreasingWatermarksYieldsNoOutput', () => {
    const v = valveHarness(1);
    v.wm(25, 0);
    expect(v.take()).toEqual([{ wm: 25 }]);
    v.wm(18, 0);
    expect(v.take()).toEqual([]);
    v.wm(42, 0);
    expect(v.take()).toEqual([{ wm: 42 }]);
  });

  it('testSingleInputWatermarkStatusToggling', () => {
    const v = valveHarness(1);
    v.st('ACTIVE', 0); // channels start ACTIVE
    expect(v.take()).toEqual([]);
    v.st('IDLE', 0);
    expect(v.take()).toEqual([{ status: 'IDLE' }]);
    v.st('IDLE', 0);
    expect(v.take()).toEqual([]);
    v.st('ACTIVE', 0);
    expect(v.take()).toEqual([{ status: 'ACTIVE' }]);
  });

  it('testSingleInputWatermarksIntactDuringIdleness', () => {
    const v = valveHarness(1);
    v.wm(25, 0);
    expect(v.take()).toEqual([{ wm: 25 }]);
    v.st('IDLE', 0);
    expect(v.take()).toEqual([{ status: 'IDLE' }]);
    v.wm(50, 0);
    expect(v.take()).toEqual([]);
    expect(v.valve.channels[0]!.watermark).toBe(25);
    v.st('ACTIVE', 0);
    expect(v.take()).toEqual([{ status: 'ACTIVE' }]);
    v.wm(50, 0);
    expect(v.take()).toEqual([{ wm: 50 }]);
  });

  it('testMultipleInputYieldsWatermarkOnlyWhenAllChannelsReceivesWatermarks', () => {
    const v = valveHarness(3);
    v.wm(0, 0);
    v.wm(0, 1);
    expect(v.take()).toEqual([]);
    v.wm(0, 2);
    expect(v.take()).toEqual([{ wm: 0 }]);
  });

  it('testMultipleInputIncreasingWatermarks', () => {
    const v = valveHarness(3);
    v.wm(0, 0);
    v.wm(0, 1);
    v.wm(0, 2);
    expect(v.take()).toEqual([{ wm: 0 }]);
    v.wm(12, 0);
    v.wm(8, 2);
    v.wm(10, 2);
    expect(v.take()).toEqual([]);
    v.wm(15, 1);
    expect(v.take()).toEqual([{ wm: 10 }]);
    v.wm(17, 2);
    expect(v.take()).toEqual([{ wm: 12 }]);
    v.wm(20, 0);
    expect(v.take()).toEqual([{ wm: 15 }]);
  });

  it('testMultipleInputDecreasingWatermarksYieldsNoOutput', () => {
    const v = valveHarness(3);
    v.wm(25, 0);
    v.wm(10, 1);
    v.wm(17, 2);
    expect(v.take()).toEqual([{ wm: 10 }]);
    v.wm(12, 0);
    v.wm(8, 1);
    v.wm(15, 2);
    expect(v.take()).toEqual([]);
  });

  it('testMultipleInputWatermarkStatusToggling', () => {
    const v = valveHarness(2);
    v.st('ACTIVE', 0);
    v.st('ACTIVE', 1);
    expect(v.take()).toEqual([]);
    v.st('IDLE', 1);
    expect(v.take()).toEqual([]);
    v.st('IDLE', 0);
    expect(v.take()).toEqual([{ status: 'IDLE' }]);
    v.st('IDLE', 0);
    v.st('IDLE', 1);
    expect(v.take()).toEqual([]);
    v.st('ACTIVE', 1);
    expect(v.take()).toEqual([{ status: 'ACTIVE' }]);
    v.st('ACTIVE', 0);
    expect(v.take()).toEqual([]);
  });

  it('testMultipleInputWatermarkAdvancingWithPartiallyIdleChannels', () => {
    const v = valveHarness(3);
    v.wm(15, 0);
    v.wm(10, 1);
    expect(v.take()).toEqual([]);
    v.st('IDLE', 2);
    expect(v.take()).toEqual([{ wm: 10 }]);
    v.wm(18, 1);
    expect(v.take()).toEqual([{ wm: 15 }]);
    v.wm(20, 0);
    expect(v.take()).toEqual([{ wm: 18 }]);
  });

  it('testMultipleInputWatermarkAdvancingAsChannelsIndividuallyBecomeIdle', () => {
    const v = valveHarness(3);
    v.wm(25, 0);
    v.wm(10, 1);
    v.wm(17, 2);
    expect(v.take()).toEqual([{ wm: 10 }]);
    v.st('IDLE', 1);
    expect(v.take()).toEqual([{ wm: 17 }]);
    v.st('IDLE', 2);
    expect(v.take()).toEqual([{ wm: 25 }]);
  });

  it('testMultipleInputFlushMaxWatermarkAndWatermarkStatusOnceAllInputsBecomeIdle', () => {
    const v = valveHarness(3);
    v.wm(10, 0);
    v.wm(5, 1);
    v.wm(3, 2);
    expect(v.take()).toEqual([{ wm: 3 }]);
    v.st('IDLE', 0);
    v.st('IDLE', 1);
    expect(v.take()).toEqual([]);
    v.st('IDLE', 2);
    expect(v.take()).toEqual([{ wm: 10 }, { status: 'IDLE' }]);
  });

  it('testMultipleInputWatermarkRealignmentAfterResumeActive', () => {
    const v = valveHarness(3);
    v.wm(10, 0);
    v.wm(7, 1);
    v.wm(3, 2);
    expect(v.take()).toEqual([{ wm: 3 }]);
    v.st('IDLE', 2);
    expect(v.take()).toEqual([{ wm: 7 }]);
    v.st('ACTIVE', 2);
    expect(v.valve.channels[2]!.aligned).toBe(false);
    v.wm(5, 2);
    expect(v.valve.channels[2]!.watermark).toBe(5);
    expect(v.take()).toEqual([]);
    v.wm(9, 2);
    expect(v.valve.channels[2]!.aligned).toBe(true);
    expect(v.take()).toEqual([]);
    v.wm(12, 1);
    expect(v.take()).toEqual([{ wm: 9 }]);
  });

  it('testNoOutputWhenAllActiveChannelsAreUnaligned', () => {
    const v = valveHarness(3);
    v.wm(10, 0);
    v.wm(7, 1);
    v.st('IDLE', 2);
    expect(v.take()).toEqual([{ wm: 7 }]);
    v.st('ACTIVE', 2);
    expect(v.take()).toEqual([]);
    v.st('IDLE', 0);
    v.st('IDLE', 1);
    expect(v.take()).toEqual([]);
  });

  it('testUnalignedActiveChannelBecomesIdle', () => {
    const v = valveHarness(2);
    v.wm(7, 0);
    v.wm(10, 1);
    expect(v.take()).toEqual([{ wm: 7 }]);
    v.st('IDLE', 0);
    expect(v.take()).toEqual([{ wm: 10 }]);
    v.st('ACTIVE', 0);
    v.wm(9, 0);
    expect(v.take()).toEqual([]);
    v.st('IDLE', 0);
    expect(v.take()).toEqual([]);
  });

  it('at the reference commit, the flush needs the last channel to go idle to hold the last output watermark', () => {
    // Later Flink (FLINK-7728 follow-up, testMultipleInputFlushMaxWatermarkOnceAllInputsBecomeIdleWithUnalignedLastChannel)
    // flushes unconditionally and would emit Watermark(100) here; b48ccce (reference §1.3) does not.
    const v = valveHarness(3);
    v.wm(100, 0);
    v.wm(50, 1);
    v.wm(70, 2);
    expect(v.take()).toEqual([{ wm: 50 }]);
    v.st('IDLE', 1);
    expect(v.take()).toEqual([{ wm: 70 }]);
    v.st('ACTIVE', 1);
    v.wm(60, 1);
    expect(v.valve.channels[1]).toEqual({ watermark: 60, status: 'ACTIVE', aligned: false });
    v.st('IDLE', 0);
    v.st('IDLE', 2);
    expect(v.take()).toEqual([]);
    v.st('IDLE', 1);
    expect(v.take()).toEqual([{ status: 'IDLE' }]);
  });
});

describe('IndexedCombinedWatermarkStatus', () => {
  it('starts at Long.MIN_VALUE, active; min over non-idle inputs; only advances', () => {
    const s = newCombinedWatermarkStatus(2);
    const initial = { watermark: LONG_MIN, idle: false };
    expect(s).toEqual({ partials: [initial, initial], combinedWatermark: LONG_MIN, idle: false });
    expect(setWatermark(s, 0, 5)).toBe(false);
    expect(setWatermark(s, 1, 3)).toBe(true);
    expect(s.combinedWatermark).toBe(3);
    expect(setWatermark(s, 1, 2)).toBe(false); // a partial keeps its max
    expect(s.partials[1]!.watermark).toBe(3);
    expect(setIdle(s, 1, true)).toBe(true);
    expect(s.combinedWatermark).toBe(5);
    expect(setIdle(s, 0, true)).toBe(false);
    expect(s.idle).toBe(true);
    expect(setWatermark(s, 1, 4)).toBe(false); // clears input 1's idleness, but 4 < 5
    expect(s.idle).toBe(false);
  });

  it('processWatermarkStatus forwards a status only when the combined idleness changes', () => {
    const s = newCombinedWatermarkStatus(2);
    const c = collector();
    processWatermarkStatus(s, 0, 'IDLE', c.sink);
    expect(c.take()).toEqual([]);
    processWatermarkStatus(s, 1, 'IDLE', c.sink);
    expect(c.take()).toEqual([{ status: 'IDLE' }]);
    processWatermark(s, 0, 7, c.sink); // a watermark re-activates its input: no status is emitted for it
    expect(c.take()).toEqual([{ wm: 7 }]);
    expect(s.idle).toBe(false);
    processWatermarkStatus(s, 1, 'ACTIVE', c.sink); // input 1 at Long.MIN_VALUE holds the min back
    expect(c.take()).toEqual([]);
  });
});

describe('TwoInputStreamTaskTest', () => {
  /** Gate g feeds valve g (2 channels); the valves feed the CoMap's combined status; records pass through (map2 = toString). */
  function twoInputTask() {
    const valves = [newValve(2), newValve(2)];
    const combined = newCombinedWatermarkStatus(2);
    const c = collector();
    const inputOut = (gate: number) => ({
      watermark: (wm: number) => processWatermark(combined, gate, wm, c.sink),
      status: (s: WatermarkStatus) => processWatermarkStatus(combined, gate, s, c.sink),
    });
    type El = { wm: number } | { status: WatermarkStatus } | { rec: Json; ts: number };
    const processElement = (el: El, gate: number, channel: number) => {
      if ('rec' in el) c.all.push({ rec: String(el.rec), ts: el.ts });
      else if ('wm' in el) inputWatermark(valves[gate]!, el.wm, channel, inputOut(gate));
      else inputWatermarkStatus(valves[gate]!, el.status, channel, inputOut(gate));
    };
    return { processElement, take: c.take, all: c.all };
  }

  it('testWatermarkAndWatermarkStatusForwarding', () => {
    const t = twoInputTask();
    const initialTime = 0;
    t.processElement({ wm: initialTime }, 0, 0);
    t.processElement({ wm: initialTime }, 0, 1);
    t.processElement({ wm: initialTime }, 1, 0);
    expect(t.take()).toEqual([]);
    t.processElement({ wm: initialTime }, 1, 1);
    expect(t.take()).toEqual([{ wm: initialTime }]);

    // contrary to checkpoint barriers these elements are not blocked by watermarks
    t.processElement({ rec: 'Hello', ts: initialTime }, 0, 0);
    t.processElement({ rec: 42, ts: initialTime }, 1, 1);
    expect(t.take()).toEqual([{ rec: 'Hello', ts: 0 }, { rec: '42', ts: 0 }]);

    t.processElement({ wm: initialTime + 4 }, 0, 0);
    t.processElement({ wm: initialTime + 3 }, 0, 1);
    t.processElement({ wm: initialTime + 3 }, 1, 0);
    t.processElement({ wm: initialTime + 2 }, 1, 1);
    expect(t.take()).toEqual([{ wm: 2 }]);

    t.processElement({ wm: initialTime + 4 }, 1, 1);
    expect(t.take()).toEqual([{ wm: 3 }]);

    t.processElement({ wm: initialTime + 4 }, 0, 1);
    t.processElement({ wm: initialTime + 4 }, 1, 0);
    expect(t.take()).toEqual([{ wm: 4 }]);

    // idle input channels are acknowledged when forwarding watermarks
    t.processElement({ status: 'IDLE' }, 0, 1);
    t.processElement({ status: 'IDLE' }, 1, 0);
    t.processElement({ wm: initialTime + 6 }, 0, 0);
    t.processElement({ wm: initialTime + 5 }, 1, 1);
    t.processElement({ status: 'IDLE' }, 1, 1);
    expect(t.take()).toEqual([{ wm: 5 }, { wm: 6 }]);

    // all input channels idle: the operator's idle status is forwarded
    t.processElement({ status: 'IDLE' }, 0, 0);
    expect(t.take()).toEqual([{ status: 'IDLE' }]);

    // some input channels active again: ACTIVE is forwarded only once
    t.processElement({ status: 'ACTIVE' }, 1, 0);
    t.processElement({ status: 'ACTIVE' }, 0, 1);
    expect(t.take()).toEqual([{ status: 'ACTIVE' }]);

    expect(t.all.filter((o) => 'rec' in o)).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

type ValveOp = { kind: 'wm'; wm: number; ch: number } | { kind: 'st'; status: WatermarkStatus; ch: number };
const N_MAX = 4;
const valveOpArb: fc.Arbitrary<ValveOp> = fc.oneof(
  fc.record({ kind: fc.constant('wm' as const), wm: fc.integer({ min: -20, max: 60 }), ch: fc.integer({ min: 0, max: N_MAX - 1 }) }),
  fc.record({
    kind: fc.constant('st' as const),
    status: fc.constantFrom<WatermarkStatus>('IDLE', 'ACTIVE'),
    ch: fc.integer({ min: 0, max: N_MAX - 1 }),
  }),
);
const valveRunArb = fc.record({ n: fc.integer({ min: 1, max: N_MAX }), ops: fc.array(valveOpArb, { maxLength: 60 }) });

function runValve(n: number, ops: ValveOp[], check: (v: ValveState, emitted: Out[], op: ValveOp) => void): Out[] {
  const v = valveHarness(n);
  const all: Out[] = [];
  for (const op of ops) {
    const ch = op.ch % n;
    if (op.kind === 'wm') v.wm(op.wm, ch);
    else v.st(op.status, ch);
    const emitted = v.take();
    all.push(...emitted);
    check(v.valve, emitted, { ...op, ch });
  }
  return all;
}

describe('StatusWatermarkValve properties', () => {
  it('output watermarks strictly increase and each equals some channel’s watermark', () => {
    fc.assert(
      fc.property(valveRunArb, ({ n, ops }) => {
        let last = LONG_MIN;
        runValve(n, ops, (valve, emitted) => {
          for (const o of emitted) {
            if (!('wm' in o)) continue;
            expect(o.wm).toBeGreaterThan(last);
            expect(valve.channels.some((c) => c.watermark === o.wm)).toBe(true);
            last = o.wm;
          }
          expect(valve.lastOutputWatermark).toBe(last);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the last output never exceeds an aligned channel’s watermark; aligned channels are active', () => {
    fc.assert(
      fc.property(valveRunArb, ({ n, ops }) => {
        runValve(n, ops, (valve) => {
          for (const c of valve.channels) {
            if (!c.aligned) continue;
            expect(c.status).toBe('ACTIVE');
            expect(c.watermark).toBeGreaterThanOrEqual(valve.lastOutputWatermark);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('the valve is IDLE iff every channel is; statuses alternate IDLE, ACTIVE, …; an idle valve emits no watermark', () => {
    fc.assert(
      fc.property(valveRunArb, ({ n, ops }) => {
        let expectNext: WatermarkStatus = 'IDLE';
        runValve(n, ops, (valve, emitted, op) => {
          expect(valve.lastOutputStatus === 'IDLE').toBe(valve.channels.every((c) => c.status === 'IDLE'));
          for (const o of emitted) {
            if (!('status' in o)) continue;
            expect(o.status).toBe(expectNext);
            expectNext = expectNext === 'IDLE' ? 'ACTIVE' : 'IDLE';
          }
          if (op.kind === 'wm') expect(emitted.length).toBeLessThanOrEqual(1);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('a watermark on an idle channel, or a non-increasing one, changes nothing', () => {
    fc.assert(
      fc.property(valveRunArb, fc.integer({ min: -20, max: 60 }), ({ n, ops }, wm) => {
        const v = valveHarness(n);
        for (const op of ops) (op.kind === 'wm' ? v.wm(op.wm, op.ch % n) : v.st(op.status, op.ch % n));
        v.take();
        const ch = v.valve.channels.findIndex((c) => c.status === 'IDLE' || c.watermark >= wm);
        if (ch < 0) return;
        const before = JSON.stringify(v.valve);
        v.wm(wm, ch);
        expect(JSON.stringify(v.valve)).toBe(before);
        expect(v.take()).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('IndexedCombinedWatermarkStatus properties', () => {
  const opArb = fc.oneof(
    fc.record({ kind: fc.constant('wm' as const), wm: fc.integer({ min: -10, max: 40 }), i: fc.integer({ min: 0, max: 2 }) }),
    fc.record({
      kind: fc.constant('st' as const),
      status: fc.constantFrom<WatermarkStatus>('IDLE', 'ACTIVE'),
      i: fc.integer({ min: 0, max: 2 }),
    }),
  );

  // Inputs behave as valves do: a status only on a change, watermarks only while ACTIVE. (A watermark on an
  // IDLE input would silently re-activate it without a status, as PartialWatermark.setWatermark does.)
  it('combined watermark strictly increases, is the min over non-idle inputs when emitted, idle iff all inputs idle', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(opArb, { maxLength: 50 }), (n, ops) => {
        const s = newCombinedWatermarkStatus(n);
        const c = collector();
        const told: WatermarkStatus[] = Array.from({ length: n }, () => 'ACTIVE');
        let last = LONG_MIN;
        let statusNext: WatermarkStatus = 'IDLE';
        for (const op of ops) {
          const i = op.i % n;
          if (op.kind === 'wm') {
            if (told[i] === 'IDLE') continue;
            processWatermark(s, i, op.wm, c.sink);
          } else {
            if (told[i] === op.status) continue;
            told[i] = op.status;
            processWatermarkStatus(s, i, op.status, c.sink);
          }
          for (const o of c.take()) {
            if ('wm' in o) {
              expect(o.wm).toBeGreaterThan(last);
              expect(o.wm).toBe(Math.min(...s.partials.filter((p) => !p.idle).map((p) => p.watermark)));
              last = o.wm;
            } else if ('status' in o) {
              expect(o.status).toBe(statusNext);
              statusNext = statusNext === 'IDLE' ? 'ACTIVE' : 'IDLE';
            }
          }
          expect(s.idle).toBe(s.partials.every((p) => p.idle));
          expect(s.combinedWatermark).toBe(last);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('generator + emitter properties', () => {
  it('bounded out-of-orderness: each periodic watermark is max(ts) − B − 1; forwarded watermarks strictly increase', () => {
    const evArb = fc.oneof(fc.record({ ts: fc.integer({ min: 0, max: 10_000 }) }), fc.constant({ tick: true as const }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.array(evArb, { maxLength: 40 }), (b, evs) => {
        const s = bounded(b);
        const gen = newGeneratorState(s);
        const em = newEmitter();
        const c = collector();
        const out = watermarkOutputOf(em, c.sink);
        let max: number | null = null;
        for (const e of evs) {
          if ('ts' in e) {
            onEvent(s, gen, e.ts, null, 0, out);
            max = max === null ? e.ts : Math.max(max, e.ts);
          } else {
            onPeriodicEmit(s, gen, 0, out);
            const expected = max === null ? LONG_MIN : max - b - 1;
            expect(em.currentWatermark).toBe(expected);
          }
        }
        const wms = c.all.flatMap((o) => ('wm' in o ? [o.wm] : []));
        for (let i = 1; i < wms.length; i++) expect(wms[i]!).toBeGreaterThan(wms[i - 1]!);
        expect(wms.every((w) => w !== LONG_MIN && w !== LONG_MAX)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
