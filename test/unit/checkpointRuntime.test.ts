/**
 * Scenario-level golden cases of checkpointing in the running simulation (reference §5–§7), named
 * after the Flink tests they mirror (describe = Flink test class). Each builds a small job, runs it
 * and asserts on the trace and the world: the JobMaster's CheckpointCoordinator (ids, acks,
 * notifications, expiry, tolerable failures), aligned barriers through a two-input job (blocking,
 * backpressure), unaligned checkpoints (overtaken data persisted, restored and replayed), the §5.7
 * worked example (exactly-once vs at-least-once after recovery), the two-phase-commit sink through a
 * job, backpressure levels, and the state backends' snapshot costs.
 */
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../src/sim/Timeline.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { canonicalJson } from '../../src/sim/functions/fields.ts';
import type { OperatorSpec, Scenario, ScheduledFault } from '../../src/sim/scenario/Scenario.ts';
import type { TraceEvent, TraceEventType, TraceOf } from '../../src/sim/trace.ts';
import type { World } from '../../src/sim/world.ts';
import type { SinkRecord } from '../../src/sim/checkpoint/TransactionalSinks.ts';
import { backPressureLevel, taskRatios } from '../../src/sim/network/BackPressure.ts';
import { EXCEEDED_CHECKPOINT_TOLERABLE_FAILURE_MESSAGE } from '../../src/sim/checkpoint/CheckpointFailureManager.ts';

const events = <T extends TraceEventType>(trace: readonly TraceEvent[], type: T): TraceOf<T>[] =>
  trace.filter((e): e is TraceOf<T> => e.type === type);

function run(sc: Scenario) {
  const tl = Timeline.record(validateScenario(sc), { keyframeEvery: 64 });
  const world = tl.worldAt(tl.steps);
  return { tl, world, trace: tl.trace };
}

/** A key's value in an operator's keyed state (`sum` keeps `[key, sum]`). */
function keyedValue(w: World, op: string, key: string): number | undefined {
  for (const t of w.tasks) {
    const e = t.keyed[op]?.[canonicalJson(key)];
    if (e) return (e.value as [string, number])[1];
  }
  return undefined;
}

const committedRecords = (w: World, op: string) => (w.checkpointing.external[op]?.committed ?? []).flatMap((c) => c.records as unknown as SinkRecord[]);

/** Fast deployment, and the first periodic trigger exactly one interval after the job runs (min-pause = interval). */
const FAST = { deploy: { deployingMs: 5, initializingMs: 5, cancelingMs: 5 }, cluster: { rpcLatencyMs: 2 } };
const RESTART = { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 5, 'restart-strategy.fixed-delay.delay': '50 ms' };

/** Sources that never end (generators), a keyed sum with parallelism 2, a print sink. */
function generatorJob(extra: Partial<Scenario> = {}, config: Record<string, string | number | boolean> = {}, sumCost = 5): Scenario {
  return {
    version: 1, seed: 7, until: 1500, ...FAST,
    job: { parallelism: 2 },
    network: { latencyMs: 5 },
    config: { 'execution.checkpointing.interval': '200 ms', 'execution.checkpointing.min-pause': '200 ms', ...config },
    operators: [
      { id: 'src', type: 'source', generator: { seed: 1, ratePerSec: 40, values: [['a', 1], ['b', 1], ['c', 1]] } },
      { id: 'count', type: 'sum', input: 'src', keyBy: 0, field: 1, costMs: sumCost },
      { id: 'print', type: 'sink', input: 'count' },
    ],
    ...extra,
  } as Scenario;
}

describe('CheckpointCoordinatorTest (through a running job)', () => {
  const { tl, trace } = run(generatorJob());
  const tasks = tl.plan.execution.tasks.map((t) => t.id);
  const sources = tasks.filter((t) => t.startsWith('src/'));
  const completed = events(trace, 'checkpoint.completed').map((e) => e.checkpoint);

  it('testTriggerAndConfirmSimpleCheckpoint: ids from 1, triggered at the sources, completed after every task acknowledged', () => {
    const triggered = events(trace, 'checkpoint.triggered');
    expect(triggered.length).toBeGreaterThanOrEqual(5);
    expect(triggered.map((e) => e.checkpoint)).toEqual(triggered.map((_e, i) => i + 1));
    expect(triggered.every((e) => e.tasks === sources.length && !e.savepoint)).toBe(true);
    expect(completed).toEqual(triggered.map((e) => e.checkpoint).filter((id) => completed.includes(id)));
    expect(completed.length).toBeGreaterThanOrEqual(triggered.length - 1); // the last may still run at `until`
    // tasksToTrigger = the sources: the triggerCheckpoint RPCs go to source tasks only.
    for (const id of completed) {
      const rpcs = events(trace, 'rpc.sent').filter((e) => e.message.name === 'triggerCheckpoint' && (e.message as { id: number }).id === id);
      expect(rpcs.map((e) => tl.plan.execution.tasks[(e.message as { task: number }).task]!.id).sort()).toEqual([...sources].sort());
      // tasksToWaitFor = all tasks: each acknowledged once, before the completion.
      const done = trace.findIndex((e) => e.type === 'checkpoint.completed' && e.checkpoint === id);
      const acks = trace.slice(0, done).filter((e): e is TraceOf<'checkpoint.acknowledged'> => e.type === 'checkpoint.acknowledged' && e.checkpoint === id);
      expect(acks.map((e) => e.task).sort()).toEqual([...tasks].sort());
      // The JobMaster completes only once each acknowledgeCheckpoint RPC arrived.
      const ackRpcs = events(trace.slice(0, done), 'rpc.received').filter((e) => e.name === 'acknowledgeCheckpoint');
      expect(ackRpcs.length).toBeGreaterThanOrEqual(tasks.length);
    }
  });

  it('notifyCheckpointComplete reaches every task (tasksToCommitTo = all tasks), after the completion', () => {
    for (const id of completed) {
      const done = trace.findIndex((e) => e.type === 'checkpoint.completed' && e.checkpoint === id);
      const sent = trace.filter((e, i): e is TraceOf<'rpc.sent'> => e.type === 'rpc.sent' && e.message.name === 'notifyCheckpointComplete' && (e.message as { id: number }).id === id && i >= done);
      if (sent.length === 0 && id === completed.at(-1)) continue; // completed at the very end of the recording
      expect(sent.map((e) => tl.plan.execution.tasks[(e.message as { task: number }).task]!.id).sort()).toEqual([...tasks].sort());
      const received = new Set(events(trace, 'rpc.received').map((e) => e.id));
      const notDelivered = sent.filter((e) => !received.has(e.id) && e.arrivesAt <= tl.endTime);
      expect(notDelivered).toEqual([]);
    }
    // No notification for a checkpoint that did not complete.
    const notified = new Set(events(trace, 'rpc.sent').filter((e) => e.message.name === 'notifyCheckpointComplete').map((e) => (e.message as { id: number }).id));
    for (const id of notified) expect(completed).toContain(id);
  });

  it('testCheckpointTimeoutIsolated: a slow task makes the checkpoint expire (CHECKPOINT_EXPIRED); tolerated, the job keeps running', () => {
    // count takes 60 ms per record at 80 records/s per source: its barriers wait behind a growing queue.
    const sc = generatorJob({ until: 2000 }, { 'execution.checkpointing.timeout': '100 ms', 'execution.checkpointing.tolerable-failed-checkpoints': 1000 }, 60);
    const { trace: t, world } = run(sc);
    const aborted = events(t, 'checkpoint.aborted');
    expect(aborted.length).toBeGreaterThan(0);
    expect(aborted.every((e) => e.reason === 'CHECKPOINT_EXPIRED')).toBe(true);
    // Expired 100 ms after its trigger (the CheckpointCanceller).
    for (const a of aborted) {
      const trig = events(t, 'checkpoint.triggered').find((e) => e.checkpoint === a.checkpoint)!;
      const at = t.find((e) => e === a)!.t;
      expect(at - t.find((e) => e === trig)!.t).toBe(100);
    }
    expect(events(t, 'job.failure')).toEqual([]);
    expect(world.jobStatus).toBe('RUNNING');
  });

  it('testExpiredCheckpointExceedsTolerableFailureNumber: with 0 tolerable failures the first expiry is a global failure with Flink\'s message', () => {
    const sc = generatorJob({ until: 2000 }, { 'execution.checkpointing.timeout': '100 ms' }, 60);
    const { trace: t, world } = run(sc);
    const firstExpiry = t.findIndex((e) => e.type === 'checkpoint.aborted' && e.reason === 'CHECKPOINT_EXPIRED');
    expect(firstExpiry).toBeGreaterThanOrEqual(0);
    expect(EXCEEDED_CHECKPOINT_TOLERABLE_FAILURE_MESSAGE).toBe('Exceeded checkpoint tolerable failure threshold.');
    // The job leaves RUNNING right at the expiry, with FlinkRuntimeException(EXCEEDED_…) as its cause.
    const after = t.slice(firstExpiry);
    const leave = after.find((e): e is TraceOf<'job.status'> => e.type === 'job.status' && e.from === 'RUNNING');
    expect(leave?.step).toBe(t[firstExpiry]!.step);
    const cause = world.cluster.jobMaster?.failureCause ?? (after.find((e) => e.type === 'job.failure') as TraceOf<'job.failure'> | undefined)?.cause;
    expect(String(cause)).toContain('org.apache.flink.util.FlinkRuntimeException: Exceeded checkpoint tolerable failure threshold.');
    // failGlobal goes through the restart strategy: with checkpointing on, the default is exponential-delay, so it restarts.
    const failure = after.find((e): e is TraceOf<'job.failure'> => e.type === 'job.failure')!;
    expect(failure.task).toBeNull();
    expect(failure.restart).toBe(true);
  });
});

/**
 * A two-input job as in the §5.7 worked example: source A straight into the counting operator,
 * source B through a slow map (100 ms per record), so B's barrier reaches `count` ~100 ms after A's.
 */
function twoInputJob(opts: { aEvents: { at: number; value: [string, number] }[]; bEvents: { at: number; value: [string, number] }[]; config?: Record<string, string | number | boolean>; faults?: ScheduledFault[]; network?: Scenario['network']; twoInputOp?: 'union' | 'coMap' }): Scenario {
  const countOp: OperatorSpec = opts.twoInputOp === 'coMap'
    ? { id: 'count', type: 'coMap', input: ['A', 'slow'], costMs: 1 }
    : { id: 'count', type: 'sum', input: ['A', 'slow'], keyBy: 0, field: 1, costMs: 1 };
  return {
    version: 1, seed: 1, ...FAST,
    network: opts.network ?? { latencyMs: 10 },
    config: { 'execution.checkpointing.interval': '1 s', 'execution.checkpointing.min-pause': '1 s', ...RESTART, ...opts.config },
    operators: [
      { id: 'A', type: 'source', events: opts.aEvents },
      { id: 'B', type: 'source', events: opts.bEvents },
      { id: 'slow', type: 'map', input: 'B', fn: 'identity', costMs: 100, chaining: 'never' },
      countOp,
      ...(opts.twoInputOp === 'coMap' ? [{ id: 'after', type: 'sum', input: 'count', keyBy: 0, field: 1, costMs: 1 } as OperatorSpec] : []),
      { id: 'print', type: 'sink', input: opts.twoInputOp === 'coMap' ? 'after' : 'count' },
    ],
    faults: opts.faults ?? [],
  } as Scenario;
}

/** §5.7: channel 0 (A) carries x, B1, y; channel 1 (slow B) carries z, B1; arrival x, B1@0, y, z, B1@1. A fault after checkpoint 1. */
const workedExample = (config: Record<string, string | number | boolean> = {}) =>
  twoInputJob({
    aEvents: [{ at: 1000, value: ['c', 1] }, { at: 1045, value: ['c', 1] }, { at: 1600, value: ['k', 1] }],
    bEvents: [{ at: 990, value: ['c', 1] }, { at: 1600, value: ['k', 1] }],
    config,
    faults: [{ at: 1300, type: 'failTask', task: 'count/0' }],
  });

describe('§5.7 worked example through a scenario: exactly-once vs at-least-once after recovery', () => {
  /** count's value of key c when checkpoint 1 was taken (restored) and at the end. */
  function counts(sc: Scenario) {
    const { tl, world, trace } = run(sc);
    const restored = trace.find((e): e is TraceOf<'checkpoint.restored'> => e.type === 'checkpoint.restored' && e.task === 'count/0');
    expect(restored?.checkpoint).toBe(1);
    const atRestore = keyedValue(tl.worldAt(restored!.step), 'count', 'c');
    return { atRestore, final: keyedValue(world, 'count', 'c'), trace, stop: tl.stopReason };
  }

  it('aligned: y waits behind B1@0, snapshot count 2, 3 after recovery (exactly once)', () => {
    const r = counts(workedExample());
    expect(r.stop).toBe('finished');
    // Order at count/0: x, B1 on channel A (blocks it), y arrives but waits, z, B1 from slow (unblocks).
    const at = r.trace.filter((e) => e.t < 1200 && 'task' in e && e.task === 'count/0' && ['record.received', 'barrier.received', 'checkpoint.alignment', 'checkpoint.snapshot'].includes(e.type));
    const shape = at.map((e) => (e.type === 'record.received' ? `r:${e.from}` : e.type === 'barrier.received' ? `B:${e.from}` : e.type === 'checkpoint.alignment' ? `block:${e.blocked.length}` : 'snapshot'));
    expect(shape).toEqual(['r:A/0', 'B:A/0', 'block:1', 'r:A/0', 'r:slow/0', 'B:slow/0', 'block:0', 'snapshot']);
    expect(r.atRestore).toBe(2);
    expect(r.final).toBe(3);
  });

  it('at-least-once (CheckpointBarrierTracker): no blocking, y is in the snapshot (3), and replayed: 4', () => {
    const r = counts(workedExample({ 'execution.checkpointing.mode': 'AT_LEAST_ONCE' }));
    expect(events(r.trace, 'checkpoint.alignment')).toEqual([]);
    expect(r.atRestore).toBe(3);
    expect(r.final).toBe(4);
  });

  it('unaligned: y is input channel state of checkpoint 1 (persisted, restored, replayed): 3, exactly once', () => {
    const r = counts(workedExample({ 'execution.checkpointing.unaligned.enabled': true }));
    const ack = events(r.trace, 'checkpoint.acknowledged').find((e) => e.task === 'count/0' && e.checkpoint === 1)!;
    expect(ack.unaligned).toBe(true);
    expect(ack.persistedData).toBeGreaterThan(0);
    expect(r.final).toBe(3);
  });
});

describe('AlignedCheckpointsTest through a two-input job (SingleCheckpointBarrierHandler, credit-based blocking)', () => {
  // A sends a record every 5 ms from t = 950; B's barrier is held ~100 ms by the slow map.
  const aEvents = Array.from({ length: 40 }, (_x, i) => ({ at: 950 + i * 5, value: ['a', 1] as [string, number] }));
  const bEvents = [{ at: 990, value: ['b', 1] as [string, number] }, { at: 1400, value: ['b', 1] as [string, number] }];
  const sc = twoInputJob({
    aEvents, bEvents, twoInputOp: 'coMap', network: { latencyMs: 10, recordsPerBuffer: 1 },
    config: {
      'taskmanager.network.memory.buffers-per-channel': 1,
      'taskmanager.network.memory.floating-buffers-per-gate': 1,
      'taskmanager.network.memory.max-buffers-per-channel': 2,
    },
  });
  const { trace, world, tl } = run(sc);
  const alignment = events(trace, 'checkpoint.alignment').filter((e) => e.task === 'count/0');
  const blockedAt = trace.findIndex((e) => e.type === 'checkpoint.alignment' && e.task === 'count/0' && e.blocked.length === 1);
  const unblockedAt = trace.findIndex((e, i) => i > blockedAt && e.type === 'checkpoint.alignment' && e.task === 'count/0' && e.blocked.length === 0);

  it('the channel that delivered the barrier is blocked until the other barrier arrives', () => {
    expect(tl.stopReason).toBe('finished');
    expect(blockedAt).toBeGreaterThan(0);
    expect(unblockedAt).toBeGreaterThan(blockedAt);
    const blocked = (trace[blockedAt] as TraceOf<'checkpoint.alignment'>).blocked;
    expect(blocked).toEqual([tl.plan.execution.channels.find((c) => c.id.includes('A/0->count/0'))!.id]);
    // The last barrier arrives (and is read) before the unblocking; the snapshot follows at once.
    const barriers = trace.slice(blockedAt, unblockedAt + 1).filter((e) => e.type === 'barrier.received' && e.task === 'count/0') as TraceOf<'barrier.received'>[];
    expect(barriers.map((b) => b.from)).toEqual(['slow/0']);
    const snap = trace.findIndex((e) => e.type === 'checkpoint.snapshot' && e.task === 'count/0');
    expect(snap).toBeGreaterThan(unblockedAt - 1);
    expect(trace[snap]!.step).toBe(trace[unblockedAt]!.step);
    expect(alignment.length % 2).toBe(0);
  });

  it('its records wait: received while blocked, processed only after the alignment', () => {
    const fromA = new Set<number>();
    let waiting = 0;
    for (const e of trace.slice(blockedAt, unblockedAt)) {
      if (e.type === 'record.received' && e.task === 'count/0' && e.from === 'A/0') {
        fromA.add(e.record);
        waiting += 1;
      }
      if (e.type === 'record.processed' && e.task === 'count/0') expect(fromA.has(e.record)).toBe(false);
    }
    expect(waiting).toBeGreaterThan(0);
    const processedLater = events(trace.slice(unblockedAt), 'record.processed').filter((e) => e.task === 'count/0' && fromA.has(e.record));
    expect(processedLater.length).toBe(fromA.size);
  });

  it('with recordsPerBuffer 1 and small buffers the blocked channel returns no credit: the upstream becomes back-pressured, then free', () => {
    const bp = trace.findIndex((e, i) => i > blockedAt && i < unblockedAt && e.type === 'task.backpressure' && e.task === 'A/0' && e.backPressured);
    expect(bp).toBeGreaterThan(0);
    const free = trace.findIndex((e, i) => i > bp && e.type === 'task.backpressure' && e.task === 'A/0' && !e.backPressured);
    expect(free).toBeGreaterThan(unblockedAt);
    // While back-pressured, A emits nothing.
    expect(trace.slice(bp, free).some((e) => e.type === 'source.emitted' && e.task === 'A/0')).toBe(false);
    // Nothing is lost: every A record was counted once.
    expect(keyedValue(world, 'after', 'a')).toBe(40);
  });
});

describe('UnalignedCheckpointsTest (overtaken data is persisted, restored and replayed)', () => {
  const aEvents = Array.from({ length: 30 }, (_x, i) => ({ at: 950 + i * 5, value: ['a', 1] as [string, number] }));
  const bEvents = [{ at: 990, value: ['b', 1] as [string, number] }, { at: 1500, value: ['b', 1] as [string, number] }];
  const base = {
    aEvents, bEvents, network: { latencyMs: 10, recordsPerBuffer: 1 },
    config: { 'execution.checkpointing.unaligned.enabled': true },
  };
  const clean = run(twoInputJob(base));
  const faulty = run(twoInputJob({ ...base, faults: [{ at: 1300, type: 'failTask', task: 'count/0' }] }));

  it('the first barrier triggers the checkpoint at once; records behind the barriers are channel state', () => {
    const snap = events(clean.trace, 'checkpoint.snapshot').find((e) => e.task === 'count/0' && e.checkpoint === 1)!;
    expect(snap.unaligned).toBe(true);
    // Triggered on the first barrier (from A), not ~100 ms later when the slow path's barrier arrives.
    const firstBarrier = clean.trace.find((e) => e.type === 'barrier.received' && e.task === 'count/0' && e.checkpoint === 1)!;
    const snapEvent = clean.trace.find((e) => e === snap)!;
    expect(snapEvent.t - firstBarrier.t).toBeLessThan(50);
    const ack = events(clean.trace, 'checkpoint.acknowledged').find((e) => e.task === 'count/0' && e.checkpoint === 1)!;
    expect(ack.persistedData).toBeGreaterThan(0);
    expect(events(clean.trace, 'checkpoint.alignment')).toEqual([]);
  });

  it('after a failure the in-flight data is restored and replayed before new input: same result as without the failure', () => {
    expect(faulty.tl.stopReason).toBe('finished');
    const restored = events(faulty.trace, 'checkpoint.restored');
    expect(restored.length).toBeGreaterThan(0);
    const inFlight = restored.reduce((n, e) => n + e.inFlight, 0);
    expect(inFlight).toBeGreaterThan(0);
    // The checkpoint restored from really stored those records.
    const cp = restored[0]!.checkpoint;
    const persisted = events(faulty.trace, 'checkpoint.acknowledged').filter((e) => e.checkpoint === cp).reduce((n, e) => n + e.persistedData, 0);
    expect(inFlight).toBe(persisted);
    // Exactly once: final state equals the failure-free run.
    expect(keyedValue(faulty.world, 'count', 'a')).toBe(keyedValue(clean.world, 'count', 'a'));
    expect(keyedValue(faulty.world, 'count', 'b')).toBe(keyedValue(clean.world, 'count', 'b'));
  });
});

describe('TwoPhaseCommitSinkFunctionTest through a job', () => {
  const sc = {
    version: 1, seed: 3, ...FAST,
    network: { latencyMs: 5 },
    config: { 'execution.checkpointing.interval': '100 ms', 'execution.checkpointing.min-pause': '100 ms', ...RESTART },
    operators: [
      { id: 'src', type: 'source', events: Array.from({ length: 30 }, (_x, i) => ({ at: 20 + i * 20, value: ['k', 2 ** i] })) },
      { id: 'count', type: 'sum', input: 'src', keyBy: 0, field: 1, costMs: 2 },
      { id: 'out', type: 'sink', input: 'count', transactional: true, chaining: 'never' },
    ],
    faults: [{ at: 355, type: 'failTask', task: 'count/0' }],
  } as Scenario;
  const { tl, trace, world } = run(sc);
  const tx = events(trace, 'sink.transaction');

  it('testNotifyOfCompletedCheckpoint: a transaction is committed only when its checkpoint completes', () => {
    expect(tl.stopReason).toBe('finished');
    const commits = tx.filter((e) => e.action === 'commit' && e.checkpoint !== null);
    expect(commits.length).toBeGreaterThan(0);
    for (const c of commits) {
      const done = trace.findIndex((e) => e.type === 'checkpoint.completed' && e.checkpoint >= c.checkpoint!);
      expect(done).toBeGreaterThanOrEqual(0);
      expect(done).toBeLessThan(trace.indexOf(c));
      // preCommitted at that checkpoint's snapshot, before.
      expect(tx.some((p) => p.action === 'preCommit' && p.txn === c.txn && trace.indexOf(p) < trace.indexOf(c))).toBe(true);
    }
  });

  it('a read_committed reader sees nothing before the first checkpoint completed', () => {
    const firstCompleted = trace.find((e) => e.type === 'checkpoint.completed')!;
    const firstCommit = tx.find((e) => e.action === 'commit' || e.action === 'recoverAndCommit')!;
    expect(firstCommit.step).toBeGreaterThan(firstCompleted.step);
    expect(tl.worldAt(firstCommit.step - 1).checkpointing.external.out?.committed ?? []).toEqual([]);
    // Records were written into the open transaction long before.
    expect(events(trace.slice(0, trace.indexOf(firstCommit)), 'record.processed').some((e) => e.operator === 'out')).toBe(true);
  });

  it('testFailBeforeNotify: after a failure the open transaction is aborted, the pre-committed ones recovered and committed', () => {
    const failure = trace.findIndex((e) => e.type === 'job.failure');
    expect(failure).toBeGreaterThan(0);
    const restore = events(trace, 'checkpoint.restored').find((e) => e.task === 'out/0')!;
    expect(restore).toBeDefined();
    const recovery = tx.filter((e) => trace.indexOf(e) > failure && trace.indexOf(e) <= trace.indexOf(restore) + 5);
    // The failed attempt's open transaction is aborted (close), the restored one's pendingTransaction recoverAndAbort-ed,
    // and the pendingCommitTransactions recoverAndCommit-ed (idempotent: already committed by the notification).
    expect(tx.some((e) => e.action === 'abort' && trace.indexOf(e) >= failure - 5)).toBe(true);
    expect(recovery.some((e) => e.action === 'recoverAndAbort')).toBe(true);
    const rc = recovery.filter((e) => e.action === 'recoverAndCommit');
    expect(rc.length).toBeGreaterThan(0);
    expect(rc.every((e) => e.checkpoint === restore.checkpoint || e.checkpoint! < restore.checkpoint)).toBe(true);
    expect(rc.every((e) => e.outcome === 'done' || e.outcome === 'alreadyCommitted')).toBe(true);
    // Exactly once end to end: every source record committed once, the last value the full sum.
    const committed = committedRecords(world, 'out');
    expect(committed.map((r) => r.origin).sort()).toEqual(Array.from({ length: 30 }, (_x, i) => `src/0@${i}`).sort());
    expect(Math.max(...committed.map((r) => (r.value as [string, number])[1]))).toBe(2 ** 30 - 1);
    expect(world.checkpointing.external.out!.openTxns).toEqual([]);
  });
});

describe('JobVertexBackPressureHandler: back-pressure levels', () => {
  it('getBackPressureLevel: OK ≤ 10 %, LOW ≤ 50 %, HIGH above', () => {
    expect([0, 0.05, 0.1].map(backPressureLevel)).toEqual(['OK', 'OK', 'OK']);
    expect([0.1001, 0.3, 0.5].map(backPressureLevel)).toEqual(['LOW', 'LOW', 'LOW']);
    expect([0.5001, 0.9, 1].map(backPressureLevel)).toEqual(['HIGH', 'HIGH', 'HIGH']);
  });

  it('taskRatios through a job: a source feeding a slow task is HIGH, the busy task itself OK', () => {
    const sc = {
      version: 1, seed: 1, until: 3000, ...FAST,
      network: { latencyMs: 5, recordsPerBuffer: 1 },
      config: {
        'taskmanager.network.memory.buffers-per-channel': 1,
        'taskmanager.network.memory.floating-buffers-per-gate': 1,
        'taskmanager.network.memory.max-buffers-per-channel': 2,
      },
      operators: [
        { id: 'src', type: 'source', generator: { seed: 1, ratePerSec: 100, values: [['a', 1]] } },
        { id: 'slow', type: 'map', input: 'src', fn: 'identity', costMs: 50, chaining: 'never' },
        { id: 'print', type: 'sink', input: 'slow', chaining: 'never' },
      ],
    } as Scenario;
    const { tl, trace } = run(sc);
    const w = tl.worldAtTime(2500);
    const idx = (id: string) => tl.plan.execution.tasks.find((t) => t.id === id)!.index;
    const src = taskRatios(w.tasks[idx('src/0')]!, w.time);
    const slow = taskRatios(w.tasks[idx('slow/0')]!, w.time);
    const sink = taskRatios(w.tasks[idx('print/0')]!, w.time);
    expect(backPressureLevel(src.backPressured)).toBe('HIGH');
    expect(slow.busy).toBeGreaterThan(0.9);
    expect(backPressureLevel(slow.backPressured)).toBe('OK');
    expect(backPressureLevel(sink.backPressured)).toBe('OK');
    expect(events(trace, 'task.backpressure').some((e) => e.task === 'src/0' && e.backPressured)).toBe(true);
  });
});

describe('State backends through a job', () => {
  /** 100 keys written once, then only key k0 changes: later checkpoints change one entry. */
  function stateJob(config: Record<string, string | number | boolean>): Scenario {
    const evs = [
      ...Array.from({ length: 100 }, (_x, i) => ({ at: 100 + i * 10, value: [`k${i}`, 1] })),
      ...Array.from({ length: 20 }, (_x, i) => ({ at: 1100 + i * 50, value: ['k0', 1] })),
    ];
    return {
      version: 1, seed: 2, ...FAST,
      network: { latencyMs: 5 },
      config: { 'execution.checkpointing.interval': '100 ms', 'execution.checkpointing.min-pause': '100 ms', ...config },
      operators: [
        { id: 'src', type: 'source', events: evs },
        { id: 'count', type: 'sum', input: 'src', keyBy: 0, field: 1, costMs: 1 },
        { id: 'print', type: 'sink', input: 'count' },
      ],
    } as Scenario;
  }
  const acksOf = (trace: TraceEvent[]) => events(trace, 'checkpoint.acknowledged').filter((e) => e.task === 'count/0');

  it('rocksdb incremental checkpoints upload less than full ones once the state exists', () => {
    const inc = acksOf(run(stateJob({ 'state.backend.type': 'rocksdb', 'execution.checkpointing.incremental': true })).trace);
    const full = acksOf(run(stateJob({ 'state.backend.type': 'rocksdb' })).trace);
    expect(inc.length).toBeGreaterThan(3);
    expect(full.length).toBeGreaterThan(3);
    // Full: every checkpoint uploads the whole state. Incremental: the later ones only the new files.
    for (const a of full) expect(a.incrementalSize).toBe(a.stateSize);
    // Incremental: only the files new since the last completed checkpoint, except after a compaction
    // (every few flushes the merged file is uploaded whole).
    const later = inc.filter((a) => a.stateSize > 1000);
    expect(later.length).toBeGreaterThan(3);
    for (const a of later) expect(a.incrementalSize).toBeLessThanOrEqual(a.stateSize);
    expect(later.filter((a) => a.incrementalSize < a.stateSize / 4).length).toBeGreaterThan(later.length / 2);
    const totalInc = inc.reduce((n, a) => n + a.incrementalSize, 0);
    const totalFull = full.reduce((n, a) => n + a.incrementalSize, 0);
    expect(totalInc).toBeLessThan(totalFull);
  });

  it('hashmap: a write during an asynchronous snapshot copies the entry first (copy-on-write), once per entry and snapshot', () => {
    const { trace } = run(stateJob({ 'state.backend.type': 'hashmap' }));
    const cow = events(trace, 'state.copyOnWrite');
    expect(cow.length).toBeGreaterThan(0);
    for (const c of cow) {
      const i = trace.indexOf(c);
      // Between the task's snapshot (sync part done) and its acknowledgement (async part done).
      const snap = trace.slice(0, i).reverse().find((e): e is TraceOf<'checkpoint.snapshot'> => e.type === 'checkpoint.snapshot' && e.task === c.task)!;
      expect(snap).toBeDefined();
      expect(c.t).toBeGreaterThanOrEqual(trace.find((e) => e === snap)!.t + snap.syncMs);
      const ack = trace.slice(0, i).reverse().find((e) => e.type === 'checkpoint.acknowledged' && e.task === c.task && (e as TraceOf<'checkpoint.acknowledged'>).checkpoint === snap.checkpoint);
      expect(ack).toBeUndefined();
      // …caused by a write of that key at that step.
      expect(trace.some((e) => e.step === c.step && e.type === 'state.changed' && canonicalJson(e.key) === canonicalJson(c.key))).toBe(true);
    }
    // rocksdb never copies.
    expect(events(run(stateJob({ 'state.backend.type': 'rocksdb' })).trace, 'state.copyOnWrite')).toEqual([]);
  });
});

/**
 * Engine divergences from Flink found by these tests (see the report). Each case asserts Flink's
 * behaviour and is expected to fail until the engine is fixed; the comment says where and why.
 */
describe('engine divergences (it.fails until fixed)', () => {
  // ENGINE BUG: TransactionalSinks.finishSinks (src/sim/checkpoint/TransactionalSinks.ts, "here it happens
  // at once") commits a finished sink's last transaction at end of input, without a checkpoint. When a
  // failure then restarts the region (here: a slow second sink of the same region fails), the sink
  // runs again from the last checkpoint and commits the same records a second time. Flink (≥ 1.15,
  // FLIP-147) commits the final transaction only when the final checkpoint completes, so a
  // read_committed reader never sees a record twice.
  const endOfInputJob = (faults: ScheduledFault[]): Scenario => ({
    version: 1, seed: 1, ...FAST,
    network: { latencyMs: 10 },
    config: { 'execution.checkpointing.interval': '100 ms', ...RESTART },
    operators: [
      { id: 'src', type: 'source', events: [{ at: 50, value: ['a', 1] }, { at: 60, value: ['b', 2] }, { at: 70, value: ['a', 4] }] },
      { id: 'count', type: 'sum', input: 'src', keyBy: 0, field: 1 },
      { id: 'out', type: 'sink', input: 'count', transactional: true, parallelism: 2, chaining: 'never' },
      { id: 'slow', type: 'sink', input: 'count', keyBy: 0, costMs: 400 },
    ],
    faults,
  } as Scenario);

  it('repro check: the transactional sink finishes (and commits) before the slow sink fails', () => {
    const { trace } = run(endOfInputJob([{ at: 300, type: 'failTask', task: 'slow/0' }]));
    const outFinished = trace.findIndex((e) => e.type === 'task.state' && e.task === 'out/1' && e.to === 'FINISHED');
    const failure = trace.findIndex((e) => e.type === 'job.failure');
    expect(outFinished).toBeGreaterThan(0);
    expect(failure).toBeGreaterThan(outFinished);
  });

  it.fails('TwoPhaseCommitSinkFunction + end of input: a failure after a sink subtask finished commits no record twice', () => {
    const clean = run(endOfInputJob([]));
    const faulty = run(endOfInputJob([{ at: 300, type: 'failTask', task: 'slow/0' }]));
    expect(faulty.tl.stopReason).toBe('finished');
    const origins = committedRecords(faulty.world, 'out').map((r) => r.origin).sort();
    expect(origins).toEqual(committedRecords(clean.world, 'out').map((r) => r.origin).sort());
  });

  // ENGINE DIVERGENCE: CheckpointingRuntime.requestCheckpoint rejects every trigger with
  // NOT_ALL_REQUIRED_TASKS_RUNNING once any task is FINISHED, although
  // execution.checkpointing.checkpoints-after-tasks-finish is true (the default). Flink's
  // DefaultCheckpointPlanCalculator then plans around finished tasks and checkpoints go on (FLIP-147);
  // only with the option false does it fail the trigger.
  it.fails('checkpoints-after-tasks-finish=true: checkpoints still complete after a source finished', () => {
    const { trace } = run({
      version: 1, seed: 1, until: 1500, ...FAST,
      config: { 'execution.checkpointing.interval': '100 ms' },
      operators: [
        { id: 'fin', type: 'source', events: [{ at: 10, value: ['a', 1] }] },
        { id: 'gen', type: 'source', generator: { seed: 1, ratePerSec: 20, values: [['b', 1]] } },
        { id: 'count', type: 'sum', input: ['fin', 'gen'], keyBy: 0, field: 1 },
        { id: 'print', type: 'sink', input: 'count' },
      ],
    } as Scenario);
    const finished = trace.find((e) => e.type === 'task.state' && e.task === 'fin/0' && e.to === 'FINISHED')!;
    expect(finished).toBeDefined();
    expect(events(trace, 'checkpoint.completed').filter((e) => e.step > finished.step).length).toBeGreaterThan(0);
  });

  // ENGINE DIVERGENCE: past the tolerable checkpoint failures CheckpointingRuntime's 'failJob' command
  // calls DefaultScheduler.failJob, which makes the job FAILED at once. Flink's FailJobCallback.failJob
  // is ExecutionGraph.failGlobal → SchedulerNG.handleGlobalFailure: a global failover that goes through
  // the restart strategy (here fixed-delay, 5 attempts), so the job restarts (RESTARTING) and restores.
  it('tolerable-failed-checkpoints exceeded: a global failover through the restart strategy, not a terminal FAILED', () => {
    const sc = generatorJob({ until: 2000 }, { 'execution.checkpointing.timeout': '100 ms', ...RESTART }, 60);
    const { trace } = run(sc);
    const firstExpiry = trace.findIndex((e) => e.type === 'checkpoint.aborted' && e.reason === 'CHECKPOINT_EXPIRED');
    expect(firstExpiry).toBeGreaterThanOrEqual(0);
    const leave = trace.slice(firstExpiry).find((e): e is TraceOf<'job.status'> => e.type === 'job.status' && e.from === 'RUNNING')!;
    expect(leave.to).toBe('RESTARTING');
  });
});
