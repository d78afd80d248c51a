/**
 * The Checkpoints tab's data (`src/lib/checkpoint/checkpointInspect.ts`) on a real recorded run:
 * overview counts and history agree with the trace at every step (scrubbing = recomputing from a
 * prefix), per-subtask figures are the acknowledgements', the latest restore is the trace's, and the
 * sink output counts exactly-once (two-phase commit) against at-least-once (a plain sink) after a
 * failure. Also the panel rendered on the server in both languages.
 */
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import type { TraceEventType, TraceOf } from '../../src/sim/trace.ts';
import { duplicatesOf } from '../../src/sim/checkpoint/TransactionalSinks.ts';
import { hasCheckpointView, inspectCheckpoints } from '../../src/lib/checkpoint/checkpointInspect.ts';
import CheckpointsPanel from '../../src/lib/checkpoint/CheckpointsPanel.svelte';

/** Two sources → keyed sum → a transactional sink and a plain one (chained); a subtask fails at 1.7 s. */
const SCENARIO = {
  version: 1,
  seed: 3,
  until: 3500,
  job: { parallelism: 2 },
  config: {
    'execution.checkpointing.interval': '500 ms',
    'restart-strategy.type': 'fixed-delay',
    'restart-strategy.fixed-delay.attempts': 3,
    'restart-strategy.fixed-delay.delay': '100 ms',
  },
  operators: [
    { id: 'src', type: 'source', generator: { seed: 1, ratePerSec: 20, values: [['a', 1], ['b', 1], ['c', 1]] } },
    { id: 'count', type: 'sum', input: 'src', keyBy: 0, field: 1 },
    { id: 'out', type: 'sink', input: 'count', transactional: true },
    { id: 'print', type: 'sink', input: 'count' },
  ],
  faults: [{ at: 1700, type: 'failTask', task: 'count/0' }],
};

const tl = Timeline.record(validateScenario(SCENARIO));
const at = (step: number) => inspectCheckpoints(tl.plan, tl.scenario.config, tl.worldAt(step), tl.traceUntil(step));
const of = <T extends TraceEventType>(type: T, step = tl.steps) => tl.traceUntil(step).filter((e): e is TraceOf<T> => e.type === type);
const end = at(tl.steps);

describe('checkpointInspect', () => {
  it('is offered for a job that checkpoints or has a transactional sink, not otherwise', () => {
    expect(hasCheckpointView(tl.plan, tl.scenario.config)).toBe(true);
    const plain = Timeline.record(validateScenario({ ...SCENARIO, config: {}, faults: [], until: 300, operators: SCENARIO.operators.filter((o) => o.id !== 'out') }));
    expect(hasCheckpointView(plain.plan, plain.scenario.config)).toBe(false);
    const txOnly = Timeline.record(validateScenario({ ...SCENARIO, config: {}, faults: [], until: 300 }));
    expect(hasCheckpointView(txOnly.plan, txOnly.scenario.config)).toBe(true);
    expect(inspectCheckpoints(txOnly.plan, txOnly.scenario.config, txOnly.worldAt(txOnly.steps), txOnly.trace).enabled).toBe(false);
  });

  it('counts and history agree with the trace at every checkpoint event', () => {
    const steps = tl.trace.filter((e) => e.type.startsWith('checkpoint.')).map((e) => e.step);
    expect(steps.length).toBeGreaterThan(10);
    for (const step of [0, ...steps]) {
      const m = at(step);
      expect(m.counts.triggered).toBe(of('checkpoint.triggered', step).length);
      expect(m.counts.completed).toBe(of('checkpoint.completed', step).length);
      expect(m.counts.failed).toBe(of('checkpoint.aborted', step).length);
      expect(m.counts.inProgress).toBe(m.counts.triggered - m.counts.completed - m.counts.failed);
      expect(m.history.map((h) => h.id)).toEqual([...of('checkpoint.triggered', step)].map((e) => e.checkpoint).reverse());
      for (const h of m.history) {
        // A task's ack (the trace's event) reaches the JobMaster later, by RPC: never more acks than sent.
        const acks = of('checkpoint.acknowledged', step).filter((e) => e.checkpoint === h.id);
        expect(h.acknowledged).toBeLessThanOrEqual(acks.length);
        if (h.status === 'COMPLETED') expect(h.acknowledged).toBe(h.total);
        expect(h.vertices.reduce((n, v) => n + v.acknowledged, 0)).toBe(h.acknowledged);
        expect(h.vertices.reduce((n, v) => n + v.total, 0)).toBe(h.total);
      }
    }
    expect(at(0).history).toEqual([]);
  });

  it('shows a checkpoint IN_PROGRESS between its trigger and completion, with the acks so far', () => {
    const trig = of('checkpoint.triggered').find((e) => of('checkpoint.completed').some((c) => c.checkpoint === e.checkpoint))!;
    // The first step at which the JobMaster holds one ack of it (the task's ack travels as an RPC).
    const steps = tl.trace.filter((e) => e.step > trig.step && e.type === 'rpc.received').map((e) => e.step);
    const step = steps.find((s) => at(s).history.find((h) => h.id === trig.checkpoint)!.acknowledged > 0)!;
    const row = at(step).history.find((h) => h.id === trig.checkpoint)!;
    const task = Object.keys(tl.worldAt(step).checkpointing.coordinator.history.find((h) => h.id === trig.checkpoint)!.acknowledged)[0]!;
    const firstAck = of('checkpoint.acknowledged').find((e) => e.checkpoint === trig.checkpoint && e.task === task)!;
    expect(row.status).toBe('IN_PROGRESS');
    expect(row.machineState).toBe('IN_PROGRESS');
    expect(row.acknowledged).toBe(1);
    expect(row.total).toBe(tl.plan.execution.tasks.length);
    expect(row.latestAckAt).toBe(firstAck.ackAt);
    expect(row.endToEndMs).toBe(firstAck.ackAt - trig.t);
    const done = of('checkpoint.completed').find((e) => e.checkpoint === trig.checkpoint)!;
    const finished = at(done.step).history.find((h) => h.id === trig.checkpoint)!;
    expect(finished.status).toBe('COMPLETED');
    expect(finished.endToEndMs).toBe(done.t - trig.t);
  });

  it('per-subtask details are the acknowledgements, grouped by job vertex', () => {
    const h = end.latestCompleted!;
    expect(h.vertices.map((v) => v.vertex)).toEqual(tl.plan.jobGraph.vertices.map((v) => v.id));
    for (const v of h.vertices) {
      for (const s of v.subtasks) {
        const ack = of('checkpoint.acknowledged').find((e) => e.checkpoint === h.id && e.task === s.task)!;
        expect(s).toMatchObject({
          acknowledged: true, ackAt: ack.ackAt, stateSize: ack.stateSize, incrementalSize: ack.incrementalSize, syncMs: ack.syncMs,
          asyncMs: ack.asyncMs, alignmentMs: ack.alignmentMs, startDelayMs: ack.startDelayMs, persistedData: ack.persistedData,
          endToEndMs: ack.ackAt - h.triggeredAt,
        });
      }
    }
    expect(h.stateSize).toBe(h.vertices.reduce((n, v) => n + v.stateSize, 0));
  });

  it('older completed checkpoints are COMPLETED and subsumed; failed ones carry the reason', () => {
    const subsumed = end.history.filter((h) => h.subsumed);
    expect(subsumed.length).toBeGreaterThan(0);
    for (const h of subsumed) expect([h.status, h.machineState]).toEqual(['COMPLETED', 'SUBSUMED']);
    for (const e of of('checkpoint.aborted')) expect(end.history.find((h) => h.id === e.checkpoint)?.failureReason).toBe(e.reason);
  });

  it('the latest restore is the checkpoint the restarted tasks restored', () => {
    const restored = of('checkpoint.restored');
    expect(restored.length).toBeGreaterThan(0);
    expect(end.counts.restored).toBe(of('job.restart').length);
    expect(end.latestRestore).toEqual({ checkpoint: restored.at(-1)!.checkpoint, t: restored[0]!.t, savepoint: false });
    const before = at(restored[0]!.step - 1);
    expect(before.latestRestore).toBeNull();
  });

  it('configuration rows carry Flink keys and resolved values', () => {
    const byId = Object.fromEntries(end.config.map((r) => [r.id, r]));
    expect(byId.interval).toEqual({ id: 'interval', key: 'execution.checkpointing.interval', value: { ms: 500 } });
    expect(byId.mode!.value).toBe('EXACTLY_ONCE');
    expect(byId.timeout!.value).toEqual({ ms: 600_000 });
    expect(byId.unaligned!.value).toBe(false);
    expect(byId.backend).toMatchObject({ key: 'state.backend.type', value: 'hashmap' });
    expect(byId.incremental!.value).toBe(false);
  });

  it('counts exactly-once for the transactional sink and at-least-once for the plain one', () => {
    const w = tl.worldAt(tl.steps);
    const out = end.sinks.find((s) => s.operator === 'out')!;
    const print = end.sinks.find((s) => s.operator === 'print')!;
    expect(out).toMatchObject({ transactional: true, guarantee: 'exactly-once', duplicates: 0, lost: 0 });
    expect(print).toMatchObject({ transactional: false, guarantee: 'at-least-once', lost: 0 });
    // The plain sink wrote again what it wrote after the restored checkpoint: duplicates, as the world counts them.
    expect(print.duplicates).toBeGreaterThan(0);
    expect(print.duplicates).toBe(duplicatesOf(w, 'print'));
    expect(print.records.filter((r) => r.duplicate).length).toBe(print.duplicates);
    expect(print.records.map((r) => r.text)).toEqual(of('output.emitted').filter((e) => e.operator === 'print').map((e) => e.text));
    expect(print.delivered).toBe(print.records.length);
    // The read_committed reader sees the committed transactions' records in order, each source record once.
    const committed = w.checkpointing.external.out!.committed;
    expect(out.records.length).toBe(committed.reduce((n, c) => n + c.records.length, 0));
    expect(out.records.map((r) => r.txn)).toEqual(committed.flatMap((c) => c.records.map(() => c.txn)));
    expect(new Set(out.records.map((r) => r.origin)).size).toBe(out.records.length);
    expect(out.delivered).toBe(out.records.length);
  });

  it('lists each transaction with its state and checkpoint', () => {
    const out = end.sinks.find((s) => s.operator === 'out')!;
    const txns = of('sink.transaction').filter((e) => e.operator === 'out');
    expect(out.transactions.map((x) => x.txn)).toEqual([...new Set(txns.map((e) => e.txn))]);
    const ext = tl.worldAt(tl.steps).checkpointing.external.out!;
    for (const x of out.transactions) {
      if (x.status === 'committed') expect(ext.committed.some((c) => c.txn === x.txn)).toBe(true);
      if (x.status === 'aborted') expect(ext.aborted).toContain(x.txn);
      if (x.status === 'open' || x.status === 'preCommitted') expect(ext.openTxns).toContain(x.txn);
      if (x.status === 'preCommitted' || (x.status === 'committed' && !x.recovered)) expect(x.checkpoint).not.toBeNull();
    }
    // The failure aborted the failed subtask's open transaction.
    expect(out.transactions.some((x) => x.status === 'aborted')).toBe(true);
    // Mid-run, between a pre-commit and its commit, the transaction is pre-committed with its checkpoint.
    const pre = txns.find((e) => e.action === 'preCommit')!;
    const mid = at(pre.step).sinks.find((s) => s.operator === 'out')!.transactions.find((x) => x.txn === pre.txn)!;
    expect(mid).toMatchObject({ status: 'preCommitted', checkpoint: pre.checkpoint, records: pre.records });
  });

  it('renders in both languages with table semantics and real buttons', () => {
    const props = { plan: tl.plan, world: tl.worldAt(tl.steps), timeline: tl, step: tl.steps, animate: false };
    const en = render(CheckpointsPanel, { props: { ...props, lang: 'en' } }).body;
    expect(en).toMatch(/<table class="history[^"]*"/);
    expect(en).toContain('scope="col"');
    expect(en).toMatch(/<button type="button" class="rowbtn[^"]*" aria-expanded="false"/);
    expect(en).toContain('title="execution.checkpointing.interval"');
    expect(en).toContain('A read_committed reader sees');
    expect(en).toContain('COMPLETED');
    const zh = render(CheckpointsPanel, { props: { ...props, lang: 'zh' } }).body;
    expect(zh).toContain('检查点');
    expect(zh).toContain('两阶段提交');
    expect(zh).toContain('最近一次恢复');
  });
});
