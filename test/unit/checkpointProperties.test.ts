/**
 * Property tests of checkpointing, recovery and backpressure through whole jobs (reference §5–§7).
 * Random small topologies: 1–3 source subtasks with explicit events, an optional map or filter
 * (forward, the source's parallelism), one or two keyed `sum` stages with random parallelism, cost
 * and chaining, a transactional sink and a print sink; random latency/jitter, `recordsPerBuffer` 1
 * or 1000, sometimes tiny network buffers; a random checkpoint interval (50–500 ms); a fixed-delay
 * restart strategy with enough attempts; 1–3 faults (`failTask`, sometimes `killTaskManager` on a
 * standalone cluster with spare TaskManagers) at random times. Each faulty run is compared with the
 * same scenario without faults.
 *
 * Record i carries `[key, 2^i]` (the powers-of-two trick of /tmp/cp/debug.ts): a key's sum says
 * exactly which records were counted once, twice or never. Each key is read by exactly one source
 * subtask and every edge before the first keyBy is forward, so a key's records reach its keyed
 * subtask in one FIFO order in every run: then even the second `sum` (a sum of running sums) and
 * the values the sinks receive are the same in every exactly-once run.
 *
 * 1. aligned EXACTLY_ONCE: final keyed state equal to the failure-free run; the transactional sink's
 *    committed records equal as a multiset of `{value, origin}`, no origin twice.
 * 2. unaligned, and aligned with a timeout: the same; and the sample really persisted channel state.
 * 3. AT_LEAST_ONCE: nothing lost (every key's final sum, bit by bit, covers the failure-free one);
 *    the sample shows duplicates.
 * 4. no checkpointing: `restartFrom: earliest` loses nothing; `latest` loses exactly what the
 *    `source.skipped` events report.
 * 5. invariants of every run above (ids, acks before completion, max-concurrent, FIFO channels with
 *    in-band barriers, blocked channels, back-pressured tasks, determinism).
 */
import { deliveredOrigins } from '../../src/sim/checkpoint/TransactionalSinks.ts';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Timeline } from '../../src/sim/Timeline.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { canonicalJson } from '../../src/sim/functions/fields.ts';
import type { OperatorSpec, Scenario, ScheduledFault } from '../../src/sim/scenario/Scenario.ts';
import type { TraceEvent, TraceEventType, TraceOf } from '../../src/sim/trace.ts';
import type { World } from '../../src/sim/world.ts';
import type { SinkRecord } from '../../src/sim/checkpoint/TransactionalSinks.ts';
import { serializeTrace } from '../../src/sim/traceHash.ts';

/** Runs per property (1,300 generated jobs in all, each run with and without its faults); FS_RUNS (percent, default 200) scales them. */
const SCALE = Number(process.env.FS_RUNS ?? 200) / 100;
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

const events = <T extends TraceEventType>(trace: readonly TraceEvent[], type: T): TraceOf<T>[] =>
  trace.filter((e): e is TraceOf<T> => e.type === type);

type Mode = 'aligned' | 'unaligned' | 'alignedTimeout' | 'atLeastOnce' | 'none';

const KEYS = ['a', 'b', 'c', 'd'];

const jobArb = fc.record({
  seed: fc.integer({ min: 0, max: 10_000 }),
  sourceP: fc.integer({ min: 1, max: 3 }),
  /** Event times (ms) and keys; record i gets value 2^i. */
  evs: fc.array(fc.record({ at: fc.integer({ min: 0, max: 500 }), key: fc.constantFrom(...KEYS) }), { minLength: 3, maxLength: 16 }),
  middle: fc.constantFrom(null, 'map', 'filter'),
  middleChaining: fc.constantFrom(undefined, 'never'),
  sums: fc.array(
    fc.record({ p: fc.integer({ min: 1, max: 3 }), cost: fc.integer({ min: 0, max: 25 }), chaining: fc.constantFrom(undefined, 'never', 'head') }),
    { minLength: 1, maxLength: 2 },
  ),
  outP: fc.integer({ min: 1, max: 2 }),
  outChaining: fc.constantFrom(undefined, 'never'),
  latency: fc.integer({ min: 1, max: 30 }),
  jitter: fc.integer({ min: 0, max: 20 }),
  recordsPerBuffer: fc.constantFrom(1, 1000),
  smallBuffers: fc.boolean(),
  interval: fc.integer({ min: 50, max: 500 }),
  maxConcurrent: fc.constantFrom(1, 1, 2),
  restartDelay: fc.integer({ min: 20, max: 200 }),
  /** Faults: when (a fraction of the failure-free run's duration) and which task / TaskManager. */
  faults: fc.array(fc.record({ frac: fc.double({ min: 0.02, max: 0.95, noNaN: true }), pick: fc.nat(), kill: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  /** Some runs kill TaskManagers (standalone cluster with spares); the others only fail tasks. */
  killTms: fc.boolean(),
});
type Job = typeof jobArb extends fc.Arbitrary<infer T> ? T : never;

const subtaskOfKey = (key: string, sourceP: number) => KEYS.indexOf(key) % sourceP;

/** The job as a scenario (no faults), in a given checkpointing mode. */
/**
 * The source events, in time order, record i with value `[key, 2^i]`. Every source subtask ends with
 * a record at the same time `lastAt`: no task finishes before `lastAt` in any run (a restarted source
 * cannot emit an event before its time), and faults are placed before it (see `faultsOf`).
 */
function sourceEvents(j: Job) {
  const sorted = [...j.evs].sort((a, b) => a.at - b.at);
  const lastAt = (sorted.at(-1)?.at ?? 0) + 50;
  const all = [...sorted, ...Array.from({ length: j.sourceP }, (_x, s) => ({ at: lastAt, key: KEYS[s]! }))];
  return { lastAt, events: all.map((e, i) => ({ at: e.at, value: [e.key, 2 ** i], subtask: subtaskOfKey(e.key, j.sourceP) })) };
}

function scenarioOf(j: Job, mode: Mode, restartFrom: 'earliest' | 'latest' = 'earliest'): Scenario {
  const ops: OperatorSpec[] = [{ id: 'src', type: 'source', parallelism: j.sourceP, restartFrom, events: sourceEvents(j).events }];
  let prev = 'src';
  if (j.middle === 'map') {
    ops.push({ id: 'm', type: 'map', input: prev, fn: 'identity', parallelism: j.sourceP, ...(j.middleChaining ? { chaining: j.middleChaining } : {}) });
    prev = 'm';
  } else if (j.middle === 'filter') {
    ops.push({
      id: 'm', type: 'filter', input: prev, fn: 'oneOf', args: { field: 0, values: ['a', 'b', 'c'] }, parallelism: j.sourceP,
      ...(j.middleChaining ? { chaining: j.middleChaining } : {}),
    });
    prev = 'm';
  }
  j.sums.forEach((s, i) => {
    ops.push({ id: `sum${i}`, type: 'sum', input: prev, keyBy: 0, field: 1, parallelism: s.p, costMs: s.cost, ...(s.chaining ? { chaining: s.chaining } : {}) });
    prev = `sum${i}`;
  });
  ops.push({ id: 'out', type: 'sink', input: prev, transactional: true, parallelism: j.outP, ...(j.outChaining ? { chaining: j.outChaining } : {}) });
  ops.push({ id: 'print', type: 'sink', input: prev });
  const config: Record<string, string | number | boolean> = {
    'restart-strategy.type': 'fixed-delay',
    'restart-strategy.fixed-delay.attempts': 50,
    'restart-strategy.fixed-delay.delay': `${j.restartDelay} ms`,
  };
  // Quick detection of a killed TaskManager (only where needed: heartbeats are RPCs, i.e. steps).
  if (j.killTms) Object.assign(config, { 'heartbeat.interval': '50 ms', 'heartbeat.timeout': '250 ms' });
  if (j.smallBuffers) {
    config['taskmanager.network.memory.buffers-per-channel'] = 1;
    config['taskmanager.network.memory.floating-buffers-per-gate'] = 1;
    config['taskmanager.network.memory.max-buffers-per-channel'] = 2;
  }
  if (mode !== 'none') {
    config['execution.checkpointing.interval'] = `${j.interval} ms`;
    if (mode === 'atLeastOnce') config['execution.checkpointing.mode'] = 'AT_LEAST_ONCE';
    if (mode === 'unaligned' || mode === 'alignedTimeout') config['execution.checkpointing.unaligned.enabled'] = true;
    if (mode === 'alignedTimeout') config['execution.checkpointing.aligned-checkpoint-timeout'] = `${Math.max(1, Math.round(j.interval / 5))} ms`;
    if ((mode === 'aligned' || mode === 'atLeastOnce') && j.maxConcurrent > 1) config['execution.checkpointing.max-concurrent-checkpoints'] = j.maxConcurrent;
  }
  const maxP = Math.max(j.sourceP, j.outP, ...j.sums.map((s) => s.p));
  return {
    version: 1,
    seed: j.seed,
    maxEvents: 30_000,
    network: { latencyMs: j.latency, jitterMs: j.jitter, recordsPerBuffer: j.recordsPerBuffer },
    config,
    // Fast deployment: tasks run soon after the job does (fewer triggers hit NOT_ALL_REQUIRED_TASKS_RUNNING).
    deploy: { deployingMs: 5, initializingMs: 5, cancelingMs: 5 },
    cluster: { rpcLatencyMs: 2, ...(j.killTms ? { mode: 'standalone', taskManagers: maxP + j.faults.length } : {}) },
    operators: ops,
  } as Scenario;
}

interface Run {
  sc: Scenario;
  tl: Timeline;
  world: World;
}

function run(sc: Scenario): Run {
  const tl = Timeline.record(validateScenario(sc), { keyframeEvery: 1e9 });
  return { sc, tl, world: tl.worldAt(tl.steps) };
}

/** The faults of a job, placed on the failure-free run's duration and its tasks. */
function faultsOf(j: Job, clean: Run): ScheduledFault[] {
  const tasks = clean.tl.plan.execution.tasks.map((t) => t.id);
  const tms = clean.world.cluster.taskManagers.map((t) => t.id);
  // Before any task can finish: a failure after a sink subtask finished hits the end-of-input commit
  // (a separate, failing case in checkpointRuntime.test.ts).
  const end = sourceEvents(j).lastAt;
  return j.faults.map((f) => {
    const at = Math.max(1, Math.min(end - 1, Math.round(f.frac * end)));
    if (j.killTms && f.kill && tms.length > 0) return { at, type: 'killTaskManager', taskManager: tms[f.pick % tms.length]! } as ScheduledFault;
    return { at, type: 'failTask', task: tasks[f.pick % tasks.length]! } as ScheduledFault;
  });
}

/** Final keyed state: operator → key → value. */
function keyedState(w: World): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const t of w.tasks) {
    for (const [op, m] of Object.entries(t.keyed)) {
      for (const e of Object.values(m)) (out[op] ??= {})[canonicalJson(e.key)] = (e.value as [string, number])[1];
    }
  }
  return out;
}

/** What the transactional sink's reader sees: committed records as a sorted multiset. */
function committed(w: World): SinkRecord[] {
  return (w.checkpointing.external.out?.committed ?? []).flatMap((c) => c.records as unknown as SinkRecord[]);
}
const asMultiset = (rs: SinkRecord[]) => rs.map((r) => canonicalJson([r.origin, r.value] as never)).sort();

/** Origins (`task@offset`) a sink delivered (at least once), as a map origin → 1. */
const delivered = (w: World, op: string): Record<string, number> => Object.fromEntries(deliveredOrigins(w, op).map((o) => [o, 1]));

/** Coverage counters, reported after the run. */
const stats = {
  runs: 0,
  faultyRuns: 0,
  restored: 0,
  failedJobs: 0,
  persistedRuns: 0,
  duplicateRuns: 0,
  backpressureRuns: 0,
  alignmentRuns: 0,
  completedCheckpoints: 0,
  killTm: 0,
  lostRuns: 0,
  deterministicChecks: 0,
  maxSteps: 0,
  steps: 0,
  ms: 0,
};

// ———————————————————————————————————————————— invariants (property 5) ————————————————————————————————————————————

/** A cheap assertion for per-event checks (vitest's expect is too slow to call per trace event). */
function check(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(`invariant violated: ${message()}`);
}

function checkInvariants(r: Run, mode: Mode, maxConcurrent: number): void {
  const trace = r.tl.trace;
  const allTasks = r.tl.plan.execution.tasks.map((t) => t.id);
  stats.runs += 1;

  // Checkpoint ids: triggered from 1, +1 each (every id the counter hands out starts a checkpoint;
  // a request rejected before the plan, e.g. NOT_ALL_REQUIRED_TASKS_RUNNING, takes none).
  const triggered = events(trace, 'checkpoint.triggered').map((e) => e.checkpoint);
  triggered.forEach((id, i) => check(id === i + 1, () => `checkpoint ids not 1, 2, 3 …: ${triggered.join(',')}`));

  // Completion only after every task acknowledged; never more than max-concurrent pending.
  const acked = new Map<number, Set<string>>();
  const pending = new Set<number>();
  const finished = new Set<string>();
  const finishedAtTrigger = new Map<number, Set<string>>();
  // Channels: order of what arrived equals the order it was sent (a subsequence: restarts drop in-flight data).
  // channel → element key → the positions it was sent at (a restored unaligned checkpoint sends
  // its output channel state again, with the same record ids).
  const sent = new Map<string, Map<string, number[]>>();
  const sentCount = new Map<string, number>();
  const lastReceived = new Map<string, number>();
  const inBand = mode !== 'unaligned' && mode !== 'alignedTimeout';
  // Alignment blocking and backpressure per task.
  const blocked = new Map<string, Set<string>>();
  const channelOf = new Map<string, string>(); // `${task}#${record}` → channel id
  const backPressured = new Set<string>();
  let sawBp = false;
  let sawAlign = false;
  const mark = (channel: string, key: string) => {
    const m = sent.get(channel) ?? new Map<string, number[]>();
    sent.set(channel, m);
    const n = (sentCount.get(channel) ?? 0) + 1;
    sentCount.set(channel, n);
    m.set(key, [...(m.get(key) ?? []), n]);
  };
  const arrive = (channel: string, key: string, e: TraceEvent) => {
    const all = sent.get(channel)?.get(key);
    check(all !== undefined, () => `received before sent: ${key} on ${channel} (step ${e.step})`);
    const last = lastReceived.get(channel) ?? 0;
    const pos = all!.find((p) => p > last);
    check(pos !== undefined, () => `${key} overtook an earlier element on ${channel} (step ${e.step}; sent at ${all!.join(',')}, last received ${last})`);
    lastReceived.set(channel, pos!);
  };
  for (const e of trace) {
    switch (e.type) {
      case 'checkpoint.triggered':
        finishedAtTrigger.set(e.checkpoint, new Set(finished));
        pending.add(e.checkpoint);
        check(pending.size <= maxConcurrent, () => `${pending.size} pending checkpoints at step ${e.step} (max-concurrent ${maxConcurrent})`);
        break;
      case 'checkpoint.acknowledged': {
        const s = acked.get(e.checkpoint) ?? new Set<string>();
        s.add(e.task);
        acked.set(e.checkpoint, s);
        break;
      }
      case 'checkpoint.completed': {
        // Tasks FINISHED when it was triggered are part of it with their final state (FLIP-147): no ack.
        const waitFor = allTasks.filter((t) => !(finishedAtTrigger.get(e.checkpoint) ?? new Set()).has(t));
        check(waitFor.every((t) => acked.get(e.checkpoint)?.has(t)), () => `checkpoint ${e.checkpoint} completed at step ${e.step} without the ack of ${waitFor.filter((t) => !acked.get(e.checkpoint)?.has(t)).join(',')}`);
        pending.delete(e.checkpoint);
        stats.completedCheckpoints += 1;
        break;
      }
      case 'checkpoint.aborted':
        pending.delete(e.checkpoint);
        break;
      case 'record.sent':
        mark(e.channel, `r${e.record.id}`);
        break;
      case 'barrier.sent':
        if (inBand) mark(e.channel, `${e.cancel ? 'x' : 'b'}${e.checkpoint}`);
        break;
      case 'record.received':
        arrive(e.channel, `r${e.record}`, e);
        channelOf.set(`${e.task}#${e.record}`, e.channel);
        break;
      case 'barrier.received':
        if (inBand) arrive(e.channel, `${e.cancel ? 'x' : 'b'}${e.checkpoint}`, e);
        break;
      case 'checkpoint.alignment':
        sawAlign = true;
        blocked.set(e.task, new Set(e.blocked));
        break;
      case 'task.state':
        if (e.to === 'FINISHED') finished.add(e.task);
        else finished.delete(e.task);
        // A new attempt starts unblocked and without backpressure.
        if (e.to !== 'RUNNING') {
          blocked.delete(e.task);
          backPressured.delete(e.task);
        }
        break;
      case 'task.backpressure':
        sawBp = true;
        if (e.backPressured) backPressured.add(e.task);
        else backPressured.delete(e.task);
        break;
      case 'record.processed': {
        const ch = channelOf.get(`${e.task}#${e.record}`);
        check(ch === undefined || !blocked.get(e.task)?.has(ch), () => `${e.task} processed record ${e.record} of blocked ${ch} (step ${e.step})`);
        check(!backPressured.has(e.task), () => `back-pressured ${e.task} processed record ${e.record} (step ${e.step})`);
        break;
      }
      case 'source.emitted':
        check(!backPressured.has(e.task), () => `back-pressured ${e.task} emitted offset ${e.offset} (step ${e.step})`);
        break;
      default:
        break;
    }
  }
  if (sawBp) stats.backpressureRuns += 1;
  if (sawAlign) stats.alignmentRuns += 1;
  if (events(trace, 'checkpoint.restored').length > 0) stats.restored += 1;
}

/** Determinism: the same scenario and seed give the identical trace (checked on a share of the runs). */
function checkDeterminism(r: Run): void {
  const again = Timeline.record(validateScenario(r.sc), { keyframeEvery: 1e9 });
  expect(serializeTrace(again.trace)).toBe(serializeTrace(r.tl.trace));
  stats.deterministicChecks += 1;
}

/** The last job tried (CP_DUMP=file writes the failing one's scenarios there, to replay outside the test). */
let lastScenario: unknown = null;
const dump = (label: string) => {
  const file = process.env.CP_DUMP;
  if (!file || !lastScenario) return;
  const { j, mode, restartFrom } = lastScenario as { j: Job; mode: Mode; restartFrom: 'earliest' | 'latest' };
  const base = scenarioOf(j, mode, restartFrom);
  const clean = run(base);
  writeFileSync(file, JSON.stringify({ label, clean: base, faulty: { ...base, faults: faultsOf(j, clean) } }, null, 1));
};

/** The failure-free run and the faulty one (invariants checked on both). */
function pair(j: Job, mode: Mode, restartFrom: 'earliest' | 'latest' = 'earliest') {
  lastScenario = { j, mode, restartFrom };
  const t0 = performance.now();
  const base = scenarioOf(j, mode, restartFrom);
  const clean = run(base);
  const maxConcurrent = mode === 'aligned' || mode === 'atLeastOnce' ? j.maxConcurrent : 1;
  checkInvariants(clean, mode, maxConcurrent);
  const faults = faultsOf(j, clean);
  const faulty = run({ ...base, faults });
  if (faulty.tl.steps > stats.maxSteps) stats.maxSteps = faulty.tl.steps;
  stats.steps += clean.tl.steps + faulty.tl.steps;
  checkInvariants(faulty, mode, maxConcurrent);
  stats.faultyRuns += 1;
  if (faults.some((f) => f.type === 'killTaskManager')) stats.killTm += 1;
  if (j.seed % 10 === 0) checkDeterminism(faulty);
  stats.ms += performance.now() - t0;
  return { clean, faulty };
}

/** Exactly-once: keyed state equal; committed records equal as a multiset; no origin committed twice. */
function expectExactlyOnce(clean: Run, faulty: Run): void {
  expect(clean.tl.stopReason).toBe('finished');
  if (faulty.tl.stopReason !== 'finished') {
    stats.failedJobs += 1;
    throw new Error(`the faulty run did not finish: ${faulty.tl.stopReason} (${faulty.world.jobStatus})`);
  }
  expect(keyedState(faulty.world)).toEqual(keyedState(clean.world));
  const c = committed(faulty.world);
  expect(asMultiset(c)).toEqual(asMultiset(committed(clean.world)));
  expect(new Set(c.map((r) => r.origin)).size).toBe(c.length);
}

const FC = { seed: Number(process.env.CP_SEED ?? 20261122), endOnFailure: true } as const;

/** A property body that dumps the failing job's scenarios (CP_DUMP) before rethrowing. */
const dumping = <A extends unknown[]>(body: (...a: A) => void) => (...a: A) => {
  try {
    body(...a);
  } catch (e) {
    dump((e as Error).message);
    throw e;
  }
};

describe('checkpoint properties: recovery against the failure-free run', () => {
  it('1. aligned EXACTLY_ONCE: same keyed state, same committed records, no duplicate origin', () => {
    fc.assert(fc.property(jobArb, dumping((j) => {
      const { clean, faulty } = pair(j, 'aligned');
      expectExactlyOnce(clean, faulty);
    })), { ...FC, numRuns: runs(180) });
  });

  it('2. unaligned and aligned-with-timeout: exactly once too, and channel state was really persisted', () => {
    let persisted = 0;
    let total = 0;
    fc.assert(fc.property(jobArb, fc.constantFrom<Mode>('unaligned', 'alignedTimeout'), dumping((j, mode) => {
      const { clean, faulty } = pair(j, mode);
      expectExactlyOnce(clean, faulty);
      total += 1;
      const p = events(faulty.tl.trace, 'checkpoint.acknowledged').reduce((n, e) => n + e.persistedData, 0);
      if (p > 0) persisted += 1;
    })), { ...FC, numRuns: runs(180) });
    stats.persistedRuns += persisted;
    // Coverage: the generated jobs really exercise channel state (not only empty unaligned checkpoints).
    expect(persisted, `runs with persisted channel state out of ${total}`).toBeGreaterThan(total / 20);
  });

  it('3. AT_LEAST_ONCE: nothing lost; some runs count records twice', () => {
    let dup = 0;
    let total = 0;
    // Duplicates need a task reading records after barrier n on one channel while another still
    // lacks it: at least two source subtasks, several events, a slow first sum.
    const busier = jobArb.map((j) => ({
      ...j,
      sourceP: Math.max(2, j.sourceP),
      // Bursts of records (more in flight at a barrier), and faults in the second half (after a checkpoint).
      evs: [...j.evs, ...j.evs.map((e) => ({ ...e, at: e.at + 3 }))],
      faults: j.faults.map((f) => ({ ...f, frac: 0.5 + f.frac / 2 })),
      sums: j.sums.map((s, i) => (i === 0 ? { ...s, cost: s.cost + 10 } : s)),
    }));
    fc.assert(fc.property(busier, dumping((j) => {
      const { clean, faulty } = pair(j, 'atLeastOnce');
      expect(faulty.tl.stopReason).toBe('finished');
      const a = keyedState(faulty.world);
      const b = keyedState(clean.world);
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
      for (const [op, m] of Object.entries(b)) {
        for (const [k, v] of Object.entries(m)) {
          // Values are positive: a record counted twice only adds; a lost one would leave less.
          const got = a[op]![k];
          expect(got, `${op} ${k}`).toBeDefined();
          expect(got!, `${op} ${k}`).toBeGreaterThanOrEqual(v);
        }
      }
      for (const origin of Object.keys(delivered(clean.world, 'print'))) expect(delivered(faulty.world, 'print')[origin] ?? 0, origin).toBeGreaterThanOrEqual(1);
      for (const r of committed(clean.world)) expect(committed(faulty.world).some((x) => x.origin === r.origin), r.origin).toBe(true);
      total += 1;
      const s0 = a.sum0 ?? {};
      const twice = Object.entries(b.sum0 ?? {}).some(([k, v]) => s0[k] !== v);
      if (twice) dup += 1;
    })), { ...FC, numRuns: runs(130) });
    stats.duplicateRuns += dup;
    expect(dup, `runs with a record counted twice out of ${total}`).toBeGreaterThan(0);
  });

  it('4. no checkpointing: restartFrom earliest loses nothing; latest loses exactly what source.skipped reports', () => {
    let lostRuns = 0;
    fc.assert(fc.property(jobArb, fc.boolean(), dumping((j, latest) => {
      const { clean, faulty } = pair(j, 'none', latest ? 'latest' : 'earliest');
      expect(faulty.tl.stopReason).toBe('finished');
      const skipped = events(faulty.tl.trace, 'source.skipped');
      expect(faulty.world.checkpointing.lost).toBe(skipped.reduce((n, e) => n + e.records, 0));
      expect(events(faulty.tl.trace, 'checkpoint.triggered')).toEqual([]);
      const got = delivered(faulty.world, 'print');
      if (!latest) {
        expect(skipped).toEqual([]);
        expect(faulty.world.checkpointing.lost).toBe(0);
        // Everything is replayed from the start: every record reaches the print sink, and (all tasks
        // restart without state) the final state is recomputed from scratch.
        for (const origin of Object.keys(delivered(clean.world, 'print'))) expect(got[origin] ?? 0, origin).toBeGreaterThanOrEqual(1);
        expect(keyedState(faulty.world)).toEqual(keyedState(clean.world));
      } else {
        // What the print sink never delivered lies within what the sources skipped.
        const skippedUpTo = new Map<string, number>();
        for (const e of skipped) skippedUpTo.set(e.task, Math.max(skippedUpTo.get(e.task) ?? 0, e.offset));
        for (const origin of Object.keys(delivered(clean.world, 'print'))) {
          if ((got[origin] ?? 0) > 0) continue;
          const [task, offset] = origin.split('@') as [string, string];
          expect(Number(offset), `${origin} missing but not skipped`).toBeLessThan(skippedUpTo.get(task) ?? 0);
        }
        if (faulty.world.checkpointing.lost > 0) lostRuns += 1;
      }
    })), { ...FC, numRuns: runs(160) });
    stats.lostRuns += lostRuns;
  });

  it('coverage report', () => {
    // eslint-disable-next-line no-console
    console.log('checkpointProperties coverage', JSON.stringify({ ...stats, ms: Math.round(stats.ms) }));
    expect(stats.runs).toBeGreaterThan(0);
    expect(stats.restored).toBeGreaterThan(0);
    expect(stats.backpressureRuns).toBeGreaterThan(0);
    expect(stats.alignmentRuns).toBeGreaterThan(0);
    expect(stats.killTm).toBeGreaterThan(0);
    expect(stats.deterministicChecks).toBeGreaterThan(0);
    expect(stats.completedCheckpoints).toBeGreaterThan(stats.runs / 2);
  });
});
