/**
 * Barrier handlers (reference §5.4–§5.8), after Flink's flink-runtime/src/test/java/.../io/checkpointing/
 * AlignedCheckpointsTest, UnalignedCheckpointsTest, AlternatingCheckpointsTest and
 * CheckpointBarrierTrackerTest. Sequences are in consumption order: `b<c>` data on channel c,
 * `B(id,c)` barrier, `X(id,c)` cancellation marker, `EOP<c>` end of partition.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  createBarrierHandler, isBlocked, isPersisting, latestCheckpointId, numOpenChannels, onAlignmentTimeout, pendingCheckpointId,
  processBarrier, processCancellationBarrier, processEndOfPartition,
  type Barrier, type BarrierAction, type BarrierHandlerState, type BarrierOptions, type HandlerMode,
} from '../../src/sim/checkpoint/barriers/BarrierHandler.ts';

const ALIGNED: BarrierOptions = { type: 'aligned' };
const UNALIGNED: BarrierOptions = { type: 'unaligned' };
const withTimeout = (ms: number): BarrierOptions => ({ type: 'aligned', alignedTimeoutMs: ms });

interface Step { blocked: number[]; triggered: number[]; aborted: number[]; reasons: string[]; latestId: number }
interface Run {
  s: BarrierHandlerState; actions: BarrierAction[]; triggers: { id: number; unaligned: boolean; at: number }[];
  aborts: { id: number; reason: string }[]; inflight: number[]; after: Step[]; blocked: Set<number>;
}

function newRun(mode: HandlerMode, channels: number, opts?: { checkpointsAfterTasksFinish?: boolean }): Run {
  return { s: createBarrierHandler(mode, channels, opts), actions: [], triggers: [], aborts: [], inflight: [], after: [], blocked: new Set() };
}

/** Executes actions as a runtime would, checking that its blocked set agrees with isBlocked. */
function apply(r: Run, acts: BarrierAction[], at: number) {
  for (const a of acts) {
    r.actions.push(a);
    if (a.type === 'block') r.blocked.add(a.channel);
    else if (a.type === 'resume') r.blocked.delete(a.channel);
    else if (a.type === 'unblockAll') r.blocked.clear();
    else if (a.type === 'trigger') r.triggers.push({ id: a.barrier.id, unaligned: a.unaligned, at });
    else if (a.type === 'abort') r.aborts.push({ id: a.id, reason: a.reason });
  }
  for (let c = 0; c < r.s.numChannels; c++) expect(r.blocked.has(c), `runtime view of channel ${c}`).toBe(isBlocked(r.s, c));
}

/** Feeds one element; `opts` gives the barrier options and the clock. */
function feed(r: Run, tok: string, i: number, opts: BarrierOptions = ALIGNED, now = 0, timestamp = 0) {
  let m: RegExpMatchArray | null;
  if ((m = tok.match(/^b(\d+)$/))) {
    const c = Number(m[1]);
    expect(isBlocked(r.s, c), `element ${i} (${tok}) consumed from a blocked channel`).toBe(false);
    if (isPersisting(r.s, c) !== null) r.inflight.push(i);
  } else if ((m = tok.match(/^B\((\d+),(\d+)\)$/))) {
    const b: Barrier = { id: Number(m[1]), timestamp, options: opts };
    apply(r, processBarrier(r.s, b, Number(m[2]), now), i);
  } else if ((m = tok.match(/^X\((\d+),(\d+)\)$/))) {
    apply(r, processCancellationBarrier(r.s, Number(m[1]), Number(m[2])), i);
  } else if ((m = tok.match(/^EOP\(?(\d+)\)?$/))) {
    apply(r, processEndOfPartition(r.s, Number(m[1]), now), i);
  } else throw new Error(`bad token ${tok}`);
  expect(JSON.parse(JSON.stringify(r.s))).toEqual(r.s); // plain data
  r.after.push({
    blocked: [...Array(r.s.numChannels).keys()].filter((c) => isBlocked(r.s, c)),
    triggered: r.triggers.map((t) => t.id), aborted: r.aborts.map((a) => a.id), reasons: r.aborts.map((a) => a.reason),
    latestId: latestCheckpointId(r.s),
  });
}

function drive(mode: HandlerMode, channels: number, seq: string[], opts: BarrierOptions = ALIGNED, h?: { checkpointsAfterTasksFinish?: boolean }): Run {
  const r = newRun(mode, channels, h);
  seq.forEach((t, i) => feed(r, t, i, opts));
  return r;
}

type After = Record<string, { blocked?: number[]; triggered?: number[]; lastCancelled?: number; reason?: string; latestId?: number }>;
function checkAfter(r: Run, after: After) {
  for (const [k, e] of Object.entries(after)) {
    const st = r.after[Number(k)];
    if (e.blocked) expect(st.blocked, `blocked after ${k}`).toEqual(e.blocked);
    if (e.triggered) expect(st.triggered, `triggered after ${k}`).toEqual(e.triggered);
    if (e.lastCancelled !== undefined) expect(st.aborted.at(-1), `last cancelled after ${k}`).toBe(e.lastCancelled);
    if (e.reason) expect(st.reasons.at(-1)).toBe(e.reason);
    if (e.latestId !== undefined) expect(st.latestId, `latest id after ${k}`).toBe(e.latestId);
  }
}

describe('AlignedCheckpointsTest', () => {
  it('testSingleChannelWithBarriers', () => {
    const r = drive('exactlyOnce', 1, ['b0', 'b0', 'b0', 'B(1,0)', 'b0', 'b0', 'b0', 'b0', 'B(2,0)', 'B(3,0)', 'b0', 'b0', 'B(4,0)', 'B(5,0)', 'B(6,0)', 'b0', 'EOP0']);
    expect(r.triggers.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.triggers.every((t) => !t.unaligned)).toBe(true);
    expect(r.aborts).toEqual([]);
  });
  it('testMultiChannelWithBarriers', () => {
    const r = drive('exactlyOnce', 3, [
      'b0', 'b2', 'b0', 'B(1,1)', 'B(1,2)', 'b0', 'B(1,0)', 'b0', 'b0', 'b1', 'b1', 'b2', 'B(2,0)', 'B(2,1)', 'B(2,2)',
      'b2', 'b2', 'B(3,2)', 'b0', 'b0', 'B(3,0)', 'B(3,1)', 'B(4,1)', 'B(4,2)', 'B(4,0)', 'b0', 'EOP0', 'EOP1', 'EOP2']);
    checkAfter(r, {
      3: { blocked: [1] }, 4: { blocked: [1, 2] }, 6: { triggered: [1], blocked: [] }, 14: { triggered: [1, 2], blocked: [] },
      21: { triggered: [1, 2, 3], blocked: [] }, 24: { triggered: [1, 2, 3, 4], blocked: [] },
    });
    expect(r.triggers.map((t) => t.at)).toEqual([6, 14, 21, 24]);
  });
  it('testMultiChannelAbortCheckpoint', () => {
    const r = drive('exactlyOnce', 3, [
      'b0', 'b2', 'b0', 'B(1,1)', 'B(1,2)', 'b0', 'B(1,0)', 'b0', 'b2', 'B(2,0)', 'B(2,2)', 'b1', 'X(2,1)',
      'b2', 'b1', 'B(3,1)', 'B(3,2)', 'B(3,0)', 'b0', 'b1', 'X(4,1)', 'B(4,2)', 'b2', 'B(4,0)',
      'b0', 'b1', 'b2', 'B(5,2)', 'B(5,1)', 'B(5,0)', 'b0', 'b1', 'X(6,1)', 'X(6,2)', 'B(6,0)', 'b0']);
    checkAfter(r, {
      3: { blocked: [1] }, 4: { blocked: [1, 2] }, 6: { triggered: [1], blocked: [] }, 9: { blocked: [0] }, 10: { blocked: [0, 2] },
      12: { lastCancelled: 2, reason: 'CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER', blocked: [] },
      17: { triggered: [1, 3], blocked: [] }, 20: { lastCancelled: 4 }, 21: { blocked: [] }, 29: { triggered: [1, 3, 5] },
      33: { lastCancelled: 6 }, 34: { blocked: [] },
    });
    expect(r.triggers).toHaveLength(3);
    expect(r.aborts.map((a) => a.id)).toEqual([2, 4, 6]);
    // obsolete barriers resume their channel at once
    expect(r.actions.filter((a) => a.type === 'resume')).toEqual([{ type: 'resume', channel: 2 }, { type: 'resume', channel: 0 }, { type: 'resume', channel: 0 }]);
  });
  it('testSingleChannelAbortCheckpoint', () => {
    const r = drive('exactlyOnce', 1, ['b0', 'B(1,0)', 'b0', 'B(2,0)', 'b0', 'X(4,0)', 'B(5,0)', 'b0', 'X(6,0)', 'b0']);
    checkAfter(r, {
      1: { triggered: [1] }, 3: { triggered: [1, 2] }, 5: { latestId: 4, lastCancelled: 4 },
      6: { latestId: 5, triggered: [1, 2, 5] }, 8: { latestId: 6, lastCancelled: 6 },
    });
    expect(r.triggers).toHaveLength(3);
    expect(r.aborts).toHaveLength(2);
  });
  it('testMissingCancellationBarriers', () => {
    const r = drive('exactlyOnce', 2, ['B(1,0)', 'X(3,1)', 'X(2,0)', 'X(3,0)', 'b0']);
    expect(r.after.at(-1)!.blocked).toEqual([]);
    expect(r.aborts.map((a) => a.id)).toEqual([3]); // only the marker's id is notified
  });
  it('testStartAlignmentWithClosedChannels', () => {
    const r = drive('exactlyOnce', 4, ['EOP2', 'EOP1', 'b0', 'b0', 'b3', 'B(2,3)', 'B(2,0)', 'B(3,0)', 'B(3,3)', 'b0', 'b0', 'b3', 'EOP0', 'b3', 'B(4,3)', 'b3', 'EOP3']);
    checkAfter(r, { 6: { latestId: 2, blocked: [] }, 8: { latestId: 3, blocked: [] }, 14: { latestId: 4, blocked: [] } });
    expect(r.triggers.map((t) => t.id)).toEqual([2, 3, 4]);
  });
  it('testTriggerCheckpointsWithEndOfPartition', () => {
    const r = drive('exactlyOnce', 3, ['B(1,0)', 'B(1,1)', 'EOP2']);
    expect(r.triggers.map((t) => t.id)).toEqual([1]);
    expect(r.aborts).toEqual([]);
    expect(pendingCheckpointId(r.s)).toBeNull();
  });
  it('testTriggerCheckpointsAfterReceivedEndOfPartition', () => {
    const r = drive('exactlyOnce', 3, ['EOP2', 'B(6,0)', 'B(6,1)', 'EOP1', 'B(7,0)']);
    expect(r.triggers.map((t) => t.id)).toEqual([6, 7]);
    expect(r.aborts).toEqual([]);
  });
  it('testEndOfStreamWhileCheckpoint (checkpoints-after-tasks-finish=true: the EOP counts as aligned)', () => {
    const r = drive('exactlyOnce', 3, ['B(1,0)', 'B(1,1)', 'b2', 'EOP2']);
    expect(r.triggers.map((t) => t.id)).toEqual([1]);
    expect(numOpenChannels(r.s)).toBe(2);
  });
  it('EOP during alignment with checkpoints-after-tasks-finish=false aborts [INFERRED]', () => {
    const r = drive('exactlyOnce', 3, ['B(1,0)', 'b2', 'EOP2', 'b0', 'B(1,1)'], ALIGNED, { checkpointsAfterTasksFinish: false });
    expect(r.aborts).toEqual([{ id: 1, reason: 'CHECKPOINT_DECLINED_INPUT_END_OF_STREAM' }]);
    expect(r.after[2].blocked).toEqual([]);
    expect(r.triggers).toEqual([]);
  });
  it('a newer barrier subsumes the running alignment (CHECKPOINT_DECLINED_SUBSUMED)', () => {
    const r = drive('exactlyOnce', 2, ['B(1,0)', 'B(2,1)', 'b0', 'B(2,0)']);
    expect(r.aborts).toEqual([{ id: 1, reason: 'CHECKPOINT_DECLINED_SUBSUMED' }]);
    expect(r.after[1].blocked).toEqual([1]);
    expect(r.triggers.map((t) => t.id)).toEqual([2]);
  });
});

describe('UnalignedCheckpointsTest', () => {
  it('testMultiChannelWithBarriers', () => {
    const groups = [
      { seq: ['b0', 'b2', 'b0', 'B(1,1)', 'B(1,2)', 'b2', 'b1', 'b0', 'B(1,0)'], started: 1, inflight: [7] },
      { seq: ['b0', 'b0', 'b1', 'b1', 'b2', 'B(2,0)', 'B(2,1)', 'B(2,2)'], started: 2, inflight: [] },
      { seq: ['b2', 'b2', 'B(3,2)', 'b2', 'b2', 'B(3,0)', 'B(3,1)'], started: 3, inflight: [] },
      { seq: ['B(4,1)', 'B(4,2)', 'B(4,0)'], started: 4, inflight: [] },
      { seq: ['b0', 'EOP0', 'EOP1', 'EOP2'], started: null, inflight: [] },
    ];
    const r = newRun('exactlyOnceUnalignedEnabled', 3);
    let base = 0;
    for (const g of groups) {
      const before = r.triggers.length;
      const inflightBefore = r.inflight.length;
      g.seq.forEach((t, i) => feed(r, t, base + i, UNALIGNED));
      const started = r.triggers.slice(before);
      if (g.started === null) expect(started).toEqual([]);
      else expect(started).toEqual([{ id: g.started, unaligned: true, at: base + g.seq.findIndex((t) => t.startsWith('B')) }]);
      expect(r.inflight.slice(inflightBefore).map((i) => i - base)).toEqual(g.inflight);
      base += g.seq.length;
    }
    expect(r.actions.some((a) => a.type === 'block')).toBe(false);
    expect(r.actions.filter((a) => a.type === 'stopped').map((a) => (a as { id: number }).id)).toEqual([1, 2, 3, 4]);
  });
  it('persistStart names the channels still missing the barrier; persistStop closes each', () => {
    const r = newRun('exactlyOnceUnalignedEnabled', 3);
    feed(r, 'B(1,1)', 0, UNALIGNED);
    expect(r.actions.slice(0, 2)).toEqual([
      { type: 'persistStart', id: 1, channels: [0, 2] },
      { type: 'trigger', barrier: { id: 1, timestamp: 0, options: UNALIGNED }, unaligned: true },
    ]);
    feed(r, 'EOP2', 1, UNALIGNED);
    expect(r.actions.at(-1)).toEqual({ type: 'persistStop', id: 1, channel: 2 });
    expect(isPersisting(r.s, 0)).toBe(1);
    feed(r, 'B(1,0)', 2, UNALIGNED);
    expect(r.actions.slice(-2)).toEqual([{ type: 'persistStop', id: 1, channel: 0 }, { type: 'stopped', id: 1 }]);
    expect(isPersisting(r.s, 0)).toBeNull();
  });
  it('a cancellation marker ends the recording (checkpointStopped) and aborts', () => {
    const r = newRun('exactlyOnceUnalignedEnabled', 2);
    feed(r, 'B(1,0)', 0, UNALIGNED);
    feed(r, 'X(1,1)', 1);
    expect(r.aborts).toEqual([{ id: 1, reason: 'CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER' }]);
    expect(isPersisting(r.s, 1)).toBeNull();
    expect(pendingCheckpointId(r.s)).toBeNull();
  });
});

describe('AlternatingCheckpointsTest', () => {
  it('testAlignedNeverTimeoutableCheckpoint', () => {
    const r = newRun('exactlyOnceUnalignedEnabled', 2);
    const o = withTimeout(2147483647);
    feed(r, 'B(1,0)', 0, o);
    for (let i = 0; i < 1000; i++) feed(r, 'b1', 1 + i, o, i);
    expect(r.triggers).toEqual([]);
    expect(r.actions[0]).toEqual({ type: 'alignmentTimer', id: 1, delayMs: 2147483647 });
    feed(r, 'B(1,1)', 1001, o, 1000);
    expect(r.triggers).toEqual([{ id: 1, unaligned: false, at: 1001 }]);
  });
  it('testActiveTimeoutAlignmentOnFirstBarrier (the timer switches to unaligned)', () => {
    const r = newRun('exactlyOnceUnalignedEnabled', 2);
    feed(r, 'B(1,0)', 0, withTimeout(100), 0);
    expect(r.actions).toContainEqual({ type: 'alignmentTimer', id: 1, delayMs: 100 });
    apply(r, onAlignmentTimeout(r.s, 1, 101), 1);
    expect(r.triggers).toEqual([{ id: 1, unaligned: true, at: 1 }]);
    expect(r.actions).toContainEqual({ type: 'persistStart', id: 1, channels: [1] });
    const trig = r.actions.find((a) => a.type === 'trigger') as { barrier: Barrier };
    expect(trig.barrier.options).toEqual(UNALIGNED);
    feed(r, 'b1', 2, withTimeout(100), 102); // the overtaken data is input channel state
    expect(r.inflight).toEqual([2]);
    feed(r, 'B(1,1)', 3, withTimeout(100), 103);
    expect(isBlocked(r.s, 0)).toBe(false);
    expect(r.triggers).toHaveLength(1);
    expect(pendingCheckpointId(r.s)).toBeNull();
  });
  it('testTimeoutAlignmentBeforeFirstBarrier (a late barrier switches on arrival)', () => {
    const r = newRun('exactlyOnceUnalignedEnabled', 2);
    feed(r, 'B(1,0)', 0, withTimeout(100), 101, 0);
    expect(r.actions).toContainEqual({ type: 'alignmentTimer', id: 1, delayMs: 0 });
    expect(r.triggers).toEqual([{ id: 1, unaligned: true, at: 0 }]);
  });
  it('testTimeoutAlignmentWhenLocalBarrierFirst (the timeout counts from the barrier timestamp)', () => {
    const r = newRun('exactlyOnceUnalignedEnabled', 3);
    for (const [i, t] of ['B(1,0)', 'B(1,1)', 'B(1,2)'].entries()) feed(r, t, i, withTimeout(100), 0, 0);
    expect(r.triggers).toEqual([{ id: 1, unaligned: false, at: 2 }]);
    feed(r, 'B(2,0)', 3, withTimeout(100), 101, 101);
    expect(r.triggers).toHaveLength(1);
    feed(r, 'B(2,1)', 4, withTimeout(100), 202, 101);
    expect(r.triggers.at(-1)).toEqual({ id: 2, unaligned: true, at: 4 });
    expect(r.actions).toContainEqual({ type: 'persistStart', id: 2, channels: [2] });
    // channels that delivered the aligned barrier stay blocked until all barriers arrived
    expect(r.after[4].blocked).toEqual([0, 1]);
    feed(r, 'b2', 5, withTimeout(100), 203, 101);
    feed(r, 'B(2,2)', 6, withTimeout(100), 204, 101);
    expect(r.inflight).toEqual([5]);
    expect(r.after[6].blocked).toEqual([]);
  });
  it('testAllChannelsUnblockedAfteralignedCheckpointTimeout', () => {
    const r = newRun('exactlyOnceUnalignedEnabled', 2);
    feed(r, 'B(1,0)', 0, withTimeout(100), 0);
    apply(r, onAlignmentTimeout(r.s, 1, 101), 1);
    feed(r, 'B(1,1)', 1, withTimeout(100), 101);
    expect(r.triggers.map((t) => t.unaligned)).toEqual([true]);
    expect(isBlocked(r.s, 0) || isBlocked(r.s, 1)).toBe(false);
  });
  it('testNoActiveTimeoutAlignmentAfterLastBarrier', () => {
    const r = newRun('exactlyOnceUnalignedEnabled', 2);
    feed(r, 'B(1,0)', 0, withTimeout(100));
    feed(r, 'B(1,1)', 1, withTimeout(100));
    expect(onAlignmentTimeout(r.s, 1, 101)).toEqual([]);
    expect(r.triggers).toEqual([{ id: 1, unaligned: false, at: 1 }]);
  });
  it('testNoActiveTimeoutAlignmentAfterAbort', () => {
    const r = newRun('exactlyOnceUnalignedEnabled', 2);
    feed(r, 'B(1,0)', 0, withTimeout(100));
    feed(r, 'X(1,0)', 1);
    feed(r, 'X(1,1)', 2);
    expect(onAlignmentTimeout(r.s, 1, 101)).toEqual([]);
    expect(r.triggers).toEqual([]);
  });
  it('testSwitchToUnalignedByUpstream', () => {
    const r = newRun('exactlyOnceUnalignedEnabled', 3);
    feed(r, 'B(1,0)', 0, withTimeout(2147483647));
    expect(r.triggers).toEqual([]);
    feed(r, 'B(1,1)', 1, UNALIGNED);
    expect(r.triggers).toEqual([{ id: 1, unaligned: true, at: 1 }]);
    expect(r.actions).toContainEqual({ type: 'persistStart', id: 1, channels: [2] });
  });
  it('testAlignedAfterTimedOut (two channels: the timer stands in for the announcement)', () => {
    const r = newRun('exactlyOnceUnalignedEnabled', 2);
    feed(r, 'B(1,0)', 0, withTimeout(100), 0, 0);
    apply(r, onAlignmentTimeout(r.s, 1, 101), 0);
    feed(r, 'B(1,1)', 1, withTimeout(100), 101, 0);
    feed(r, 'B(2,0)', 2, withTimeout(100), 102, 102);
    feed(r, 'B(2,1)', 3, withTimeout(100), 102, 102);
    expect(r.triggers.map((t) => [t.id, t.unaligned])).toEqual([[1, true], [2, false]]);
    const opts = r.actions.filter((a) => a.type === 'trigger').map((a) => (a as { barrier: Barrier }).barrier.options);
    expect(opts).toEqual([UNALIGNED, withTimeout(100)]);
  });
  it('testAlternation (checkpoints and savepoints, aligned without timeout)', () => {
    const n = 123;
    const s = createBarrierHandler('exactlyOnceUnalignedEnabled', n);
    const triggered: number[] = [];
    for (let id = 0; id < n; id++) {
      const o: BarrierOptions = id % 2 === 0 ? ALIGNED : { type: 'aligned', savepoint: true };
      for (let c = 0; c < n; c++) {
        for (const a of processBarrier(s, { id, timestamp: 0, options: o }, c, 0)) if (a.type === 'trigger') triggered.push(a.barrier.id);
      }
    }
    expect(triggered).toEqual([...Array(n).keys()]);
  });
  it('a savepoint is aligned even with a timeout and unaligned options', () => {
    const r = newRun('exactlyOnceUnalignedEnabled', 2);
    feed(r, 'B(1,0)', 0, { type: 'unaligned', alignedTimeoutMs: 10, savepoint: true }, 1000);
    expect(r.actions).toEqual([{ type: 'block', channel: 0 }]);
  });
});

describe('CheckpointBarrierTrackerTest', () => {
  const notifications = (r: Run) => r.actions.flatMap((a) => (a.type === 'trigger' ? [a.barrier.id] : a.type === 'abort' ? [-a.id] : []));
  it('testMultiChannelWithBarriers', () => {
    const r = drive('atLeastOnce', 3, ['b0', 'b2', 'b0', 'B(1,1)', 'B(1,2)', 'b2', 'b1', 'B(1,0)', 'b0', 'b0', 'b1', 'b1', 'b2', 'B(2,0)', 'B(2,1)', 'B(2,2)', 'b2', 'b2', 'B(3,2)', 'b2', 'b2', 'B(3,0)', 'B(3,1)', 'B(4,1)', 'B(4,2)', 'B(4,0)', 'b0']);
    expect(notifications(r)).toEqual([1, 2, 3, 4]);
  });
  it('testMultiChannelSkippingCheckpoints', () => {
    const r = drive('atLeastOnce', 3, ['b0', 'b2', 'b0', 'B(1,1)', 'B(1,2)', 'b2', 'b1', 'B(1,0)', 'b0', 'b0', 'b1', 'b1', 'b2', 'B(2,0)', 'B(2,1)', 'B(2,2)', 'b2', 'b2', 'B(3,2)', 'b2', 'b2', 'B(4,0)', 'b0', 'b1', 'b2', 'B(4,1)', 'b1', 'B(4,2)', 'b0']);
    expect(notifications(r)).toEqual([1, 2, 4]);
  });
  it('testMultiChannelAbortCheckpoint', () => {
    const r = drive('atLeastOnce', 3, ['b0', 'b2', 'b0', 'B(1,1)', 'B(1,2)', 'b2', 'b1', 'B(1,0)', 'b0', 'b2', 'B(2,0)', 'B(2,2)', 'b0', 'b2', 'X(2,1)', 'b2', 'b1', 'B(3,1)', 'B(3,2)', 'B(3,0)',
      'b0', 'b1', 'X(4,1)', 'B(4,2)', 'b0', 'B(4,0)', 'b0', 'b1', 'b2', 'B(5,2)', 'B(5,1)', 'B(5,0)', 'b0', 'b1', 'X(6,1)', 'X(6,2)', 'B(6,0)', 'b0']);
    expect(notifications(r)).toEqual([1, -2, 3, -4, 5, -6]);
    expect(r.aborts.every((a) => a.reason === 'CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER')).toBe(true);
  });
  it('testSingleChannelWithSkippedBarriers', () => {
    const r = drive('atLeastOnce', 1, ['b0', 'B(1,0)', 'b0', 'b0', 'B(3,0)', 'b0', 'B(4,0)', 'B(6,0)', 'b0', 'B(7,0)', 'b0', 'B(10,0)', 'b0']);
    expect(notifications(r)).toEqual([1, 3, 4, 6, 7, 10]);
  });
  it('testSingleChannelAbortCheckpoint', () => {
    const r = drive('atLeastOnce', 1, ['b0', 'B(1,0)', 'b0', 'B(2,0)', 'X(4,0)', 'B(5,0)', 'b0', 'X(6,0)', 'b0']);
    expect(notifications(r)).toEqual([1, 2, -4, 5, -6]);
  });
  it('testCompleteCheckpointsOnLateBarriers', () => {
    const r = drive('atLeastOnce', 3, ['b1', 'b1', 'b0', 'b2', 'B(2,1)', 'B(2,0)', 'B(2,2)', 'b1', 'b0', 'B(3,1)', 'B(3,2)', 'b1', 'b0', 'B(4,2)', 'B(4,1)', 'b1', 'b2', 'B(3,0)',
      'b0', 'B(4,0)', 'b1', 'b2', 'B(5,1)', 'b0', 'B(5,0)', 'b1', 'B(5,2)', 'b1', 'B(6,1)', 'b0', 'B(6,0)', 'b1', 'B(7,1)', 'b0', 'B(7,2)', 'b2', 'B(8,2)', 'b0', 'B(8,1)', 'b1', 'B(9,1)',
      'B(7,0)', 'b0', 'B(9,2)', 'b2', 'B(10,2)', 'B(8,0)', 'b1', 'b2', 'B(9,0)', 'b1', 'b0', 'b2', 'B(10,0)', 'B(10,1)']);
    expect(notifications(r)).toEqual([2, 3, 4, 5, 7, 8, 9, 10]);
  });
  it('testInterleavedCancellationBarriers', () => {
    const r = drive('atLeastOnce', 3, ['B(1,0)', 'X(2,0)', 'X(1,1)', 'X(2,1)', 'X(1,2)', 'X(2,2)', 'b0']);
    expect(notifications(r)).toEqual([-1, -2]);
  });
  it('testTriggerCheckpointsWithEndOfPartition', () => {
    const r = drive('atLeastOnce', 3, ['B(1,0)', 'B(2,0)', 'B(2,1)', 'B(3,0)', 'B(4,0)', 'B(4,1)', 'B(5,1)', 'EOP2']);
    expect(notifications(r)).toEqual([4]);
    expect(r.s.handler === 'tracker' && r.s.pending.map((e) => e.id)).toEqual([5]);
    expect(numOpenChannels(r.s)).toBe(2);
  });
  it('testDeduplicateChannelsWithBothBarrierAndEndOfPartition', () => {
    const r = drive('atLeastOnce', 3, ['B(2,0)', 'B(2,1)', 'EOP1', 'B(2,2)']);
    expect(r.after[2].triggered).toEqual([]);
    expect(notifications(r)).toEqual([2]);
  });
  it('testTriggerCheckpointsAfterReceivedEndOfPartition', () => {
    const r = drive('atLeastOnce', 3, ['EOP2', 'B(5,0)', 'B(6,0)', 'B(6,1)', 'EOP1', 'B(7,0)']);
    expect(notifications(r)).toEqual([6, 7]);
  });
  it('testNoFastPathWithChannelFinishedDuringCheckpoints', () => {
    const r = drive('atLeastOnce', 2, ['B(1,0)', 'EOP0', 'B(1,1)']);
    expect(notifications(r)).toEqual([1]);
    expect(pendingCheckpointId(r.s)).toBeNull();
  });
  it('testCompleteAndRemoveAbortedCheckpointWithEndOfPartition', () => {
    const r = drive('atLeastOnce', 3, ['X(4,0)', 'B(4,1)', 'B(5,1)', 'EOP2']);
    expect(notifications(r)).toEqual([-4]);
    expect(r.s.handler === 'tracker' && r.s.pending.map((e) => e.id)).toEqual([5]);
    expect(numOpenChannels(r.s)).toBe(2);
  });
  it('testAbortCheckpointsAfterEndOfPartitionReceived', () => {
    const r = drive('atLeastOnce', 3, ['EOP2', 'B(5,0)', 'B(6,0)', 'X(6,1)', 'EOP1', 'X(7,0)']);
    expect(notifications(r)).toEqual([-5, -6, -7]);
  });
  it('testNoFastPathWithChannelFinishedDuringCheckpointsCancel', () => {
    const r = drive('atLeastOnce', 2, ['B(1,0)', 'EOP0', 'X(1,1)']);
    expect(notifications(r)).toEqual([-1]);
    expect(r.s.handler === 'tracker' && r.s.pending).toEqual([]);
  });
  it('testTwoLastBarriersOneByOne / testNextFirstCheckpointBarrierOvertakesCancellationBarrier', () => {
    expect(notifications(drive('atLeastOnce', 2, ['B(1,1)', 'B(2,1)', 'B(1,0)', 'B(2,0)']))).toEqual([1, 2]);
    expect(notifications(drive('atLeastOnce', 2, ['B(1,1)', 'B(2,1)', 'X(1,0)', 'B(2,0)']))).toEqual([-1, 2]);
  });
  it('EOP with checkpoints-after-tasks-finish=false aborts every pending checkpoint [INFERRED]', () => {
    const r = drive('atLeastOnce', 3, ['B(1,0)', 'B(2,0)', 'EOP2'], ALIGNED, { checkpointsAfterTasksFinish: false });
    expect(r.aborts).toEqual([{ id: 1, reason: 'CHECKPOINT_DECLINED_INPUT_END_OF_STREAM' }, { id: 2, reason: 'CHECKPOINT_DECLINED_INPUT_END_OF_STREAM' }]);
  });
});

/**
 * A tiny runtime for the properties and the worked example: per-channel queues in arrival order; the
 * task consumes the earliest arrived element whose channel is not blocked.
 */
type El = { kind: 'data'; v: number } | { kind: 'barrier'; id: number } | { kind: 'eop' };
function runQueues(mode: HandlerMode, arrivals: { ch: number; el: El }[], opts: BarrierOptions = ALIGNED) {
  const channels = Math.max(...arrivals.map((a) => a.ch)) + 1;
  const s = createBarrierHandler(mode, channels);
  const queue = [...arrivals];
  const consumed: { ch: number; v: number }[] = [];
  const snapshots = new Map<number, { consumed: { ch: number; v: number }[]; unaligned: boolean }>();
  const inflight = new Map<number, { ch: number; v: number }[]>();
  const aborted: { id: number; reason: string }[] = [];
  while (queue.length > 0) {
    const i = queue.findIndex((a) => !isBlocked(s, a.ch));
    if (i < 0) throw new Error('deadlock: every queued element is on a blocked channel');
    const { ch, el } = queue.splice(i, 1)[0];
    let acts: BarrierAction[] = [];
    if (el.kind === 'data') {
      const id = isPersisting(s, ch);
      if (id !== null) inflight.set(id, [...(inflight.get(id) ?? []), { ch, v: el.v }]);
      consumed.push({ ch, v: el.v });
    } else if (el.kind === 'barrier') acts = processBarrier(s, { id: el.id, timestamp: 0, options: opts }, ch, 0);
    else acts = processEndOfPartition(s, ch, 0);
    for (const a of acts) {
      if (a.type === 'trigger') snapshots.set(a.barrier.id, { consumed: [...consumed], unaligned: a.unaligned });
      if (a.type === 'abort') aborted.push({ id: a.id, reason: a.reason });
    }
  }
  return { s, snapshots, inflight, consumed, aborted };
}

describe('Worked example: exactly-once vs at-least-once after recovery (reference §5.7)', () => {
  // channel 0: x, B1, y; channel 1: z, B1; arrival order x, B1@0, y, z, B1@1; the operator counts records
  const arrivals: { ch: number; el: El }[] = [
    { ch: 0, el: { kind: 'data', v: 1 } }, { ch: 0, el: { kind: 'barrier', id: 1 } }, { ch: 0, el: { kind: 'data', v: 2 } },
    { ch: 1, el: { kind: 'data', v: 3 } }, { ch: 1, el: { kind: 'barrier', id: 1 } },
  ];
  const replayedAfterRestore = 1; // channel 0 replays y from its barrier-1 position
  it('aligned: y waits behind the barrier, snapshot count 2, final count 3', () => {
    const { snapshots, consumed } = runQueues('exactlyOnce', arrivals);
    expect(snapshots.get(1)!.consumed.map((c) => c.v)).toEqual([1, 3]);
    expect(consumed.map((c) => c.v)).toEqual([1, 3, 2]);
    expect(snapshots.get(1)!.consumed.length + replayedAfterRestore).toBe(3);
  });
  it('tracker: y is in the snapshot and replayed, snapshot count 3, final count 4', () => {
    const { snapshots } = runQueues('atLeastOnce', arrivals);
    expect(snapshots.get(1)!.consumed.map((c) => c.v)).toEqual([1, 2, 3]);
    expect(snapshots.get(1)!.consumed.length + replayedAfterRestore).toBe(4);
  });
});

/** Random channels: per checkpoint n some data then B(n), then trailing data and EOP; random arrival interleaving. */
const scenario = fc
  .record({ channels: fc.integer({ min: 1, max: 4 }), checkpoints: fc.integer({ min: 1, max: 4 }), seed: fc.array(fc.nat(), { minLength: 1, maxLength: 60 }) })
  .chain(({ channels, checkpoints, seed }) => fc.tuple(
    fc.constant({ channels, checkpoints, seed }),
    fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: checkpoints + 1, maxLength: checkpoints + 1 }), { minLength: channels, maxLength: channels }),
  ))
  .map(([{ channels, checkpoints, seed }, counts]) => {
    let v = 0;
    const streams = counts.map((perCp, ch) => {
      const els: El[] = [];
      perCp.forEach((k, n) => {
        for (let i = 0; i < k; i++) els.push({ kind: 'data', v: v++ });
        if (n < checkpoints) els.push({ kind: 'barrier', id: n + 1 });
      });
      els.push({ kind: 'eop' });
      return els.map((el) => ({ ch, el }));
    });
    const arrivals: { ch: number; el: El }[] = [];
    let k = 0;
    while (streams.some((st) => st.length > 0)) {
      const open = streams.filter((st) => st.length > 0);
      arrivals.push(open[seed[k++ % seed.length] % open.length].shift()!);
    }
    return { channels, checkpoints, arrivals };
  });

/** The data each channel carries before barrier n: the consistent cut of checkpoint n. */
function beforeBarrier(arrivals: { ch: number; el: El }[], n: number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const { ch, el } of arrivals) {
    if (el.kind === 'barrier' && el.id === n) seen.add(ch);
    if (el.kind === 'data' && !seen.has(ch)) out.push(el.v);
  }
  return out.sort((a, b) => a - b);
}

describe('Barrier handler properties', () => {
  it('aligned: the snapshot of n holds exactly the data before barrier n on every channel (no data after it)', () => {
    fc.assert(fc.property(scenario, ({ checkpoints, arrivals }) => {
      const { snapshots, aborted } = runQueues('exactlyOnce', arrivals);
      expect(aborted).toEqual([]);
      expect([...snapshots.keys()]).toEqual([...Array(checkpoints).keys()].map((i) => i + 1));
      for (const [n, snap] of snapshots) expect(snap.consumed.map((c) => c.v).sort((a, b) => a - b)).toEqual(beforeBarrier(arrivals, n));
    }));
  });
  it('unaligned: snapshot state + recorded in-flight data = the data before barrier n (Chandy–Lamport cut)', () => {
    fc.assert(fc.property(scenario, ({ checkpoints, arrivals }) => {
      const { snapshots, inflight, s, aborted } = runQueues('exactlyOnceUnalignedEnabled', arrivals, UNALIGNED);
      // every checkpoint starts at its first barrier; a newer barrier may subsume a running one
      expect([...snapshots.keys()]).toEqual([...Array(checkpoints).keys()].map((i) => i + 1));
      expect(aborted.every((a) => a.reason === 'CHECKPOINT_DECLINED_SUBSUMED' && a.id < checkpoints)).toBe(true);
      for (const [n, snap] of snapshots) {
        expect(snap.unaligned).toBe(true);
        if (aborted.some((a) => a.id === n)) continue;
        const cut = [...snap.consumed, ...(inflight.get(n) ?? [])].map((c) => c.v).sort((a, b) => a - b);
        expect(cut).toEqual(beforeBarrier(arrivals, n));
      }
      expect(pendingCheckpointId(s)).toBeNull();
    }));
  });
  it('tracker: never blocks, triggers every checkpoint once, in order, at its last barrier; state stays plain data', () => {
    fc.assert(fc.property(scenario, ({ checkpoints, arrivals }) => {
      const { snapshots, consumed, s } = runQueues('atLeastOnce', arrivals);
      expect(consumed.map((c) => c.v)).toEqual(arrivals.flatMap((a) => (a.el.kind === 'data' ? [a.el.v] : [])));
      expect([...snapshots.keys()]).toEqual([...Array(checkpoints).keys()].map((i) => i + 1));
      for (const [n, snap] of snapshots) expect(snap.consumed.length).toBeGreaterThanOrEqual(beforeBarrier(arrivals, n).length);
      expect(structuredClone(s)).toEqual(s);
    }));
  });
});
