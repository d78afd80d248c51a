/**
 * `npm run bench`: kernel throughput against a bare binary-heap loop, and seek latency on a
 * 100,000-event timeline. Prints a table; not a test (timings never gate CI).
 */
import { performance } from 'node:perf_hooks';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import { createContext } from '../../src/sim/runtime/SimContext.ts';
import { createWorld, step } from '../../src/sim/runtime/Kernel.ts';
import type { Scenario } from '../../src/sim/scenario/Scenario.ts';

const TARGET_EVENTS = 100_000;

/** A generator-driven word count, sized to produce about `TARGET_EVENTS` kernel events. */
function benchScenario(until: number): Scenario {
  return {
    version: 1,
    until,
    maxEvents: 5_000_000,
    network: { latencyMs: 20, jitterMs: 5 },
    job: { parallelism: 2 },
    operators: [
      { id: 'src', type: 'source', generator: { seed: 1, ratePerSec: 500, values: ['to be or not', 'flink is fast', 'a b c'] } },
      { id: 'split', type: 'flatMap', input: 'src', fn: 'splitWords', costMs: 0 },
      { id: 'count', type: 'sum', input: 'split', keyBy: 0, field: 1, costMs: 0, parallelism: 3 },
      { id: 'print', type: 'sink', input: 'count', parallelism: 3, costMs: 0 },
    ],
  };
}

function sizedScenario(): Scenario {
  let until = 10_000;
  for (;;) {
    const tl = Timeline.record(validateScenario(benchScenario(until)));
    if (tl.steps >= TARGET_EVENTS) return benchScenario(Math.ceil((until * TARGET_EVENTS) / tl.steps));
    until *= 2;
  }
}

/** The baseline: a bare binary heap of {time, seq} where each pop schedules one new event. */
function bareHeapLoop(n: number): number {
  const times: number[] = [];
  const seqs: number[] = [];
  let seq = 0;
  let x = 12345;
  const push = (t: number) => {
    let i = times.length;
    times.push(t);
    seqs.push(seq++);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p]! < times[i]! || (times[p] === times[i] && seqs[p]! < seqs[i]!)) break;
      [times[p], times[i]] = [times[i]!, times[p]!];
      [seqs[p], seqs[i]] = [seqs[i]!, seqs[p]!];
      i = p;
    }
  };
  const pop = () => {
    const t = times[0]!;
    const lt = times.pop()!;
    const ls = seqs.pop()!;
    if (times.length) {
      times[0] = lt;
      seqs[0] = ls;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < times.length && (times[l]! < times[m]! || (times[l] === times[m] && seqs[l]! < seqs[m]!))) m = l;
        if (r < times.length && (times[r]! < times[m]! || (times[r] === times[m] && seqs[r]! < seqs[m]!))) m = r;
        if (m === i) break;
        [times[m], times[i]] = [times[i]!, times[m]!];
        [seqs[m], seqs[i]] = [seqs[i]!, seqs[m]!];
        i = m;
      }
    }
    return t;
  };
  for (let i = 0; i < 64; i++) push(i);
  let now = 0;
  for (let i = 0; i < n; i++) {
    now = pop();
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    push(now + 1 + ((x >>> 8) % 50));
  }
  return now;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

function best<T>(runs: number, f: () => T): { ms: number; value: T } {
  let ms = Infinity;
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, value };
}

const scenario = validateScenario(sizedScenario());
const ctx = createContext(scenario);

// 1. Kernel alone: step the world, no trace, no keyframes.
const kernel = best(5, () => {
  const w = createWorld(ctx, scenario.seed);
  let n = 0;
  while (n < TARGET_EVENTS && step(ctx, w, null)) n++;
  return n;
});
const events = kernel.value;
const heap = best(5, () => bareHeapLoop(events));
// 2. A full recording: trace events and keyframes included.
const rec = best(3, () => Timeline.record(scenario));
const tl = rec.value;

// 3. Seek latency: random targets, forward and backward, on the recorded timeline.
let x = 42;
const seeks: number[] = [];
for (let i = 0; i < 2000; i++) {
  x = (Math.imul(x, 1103515245) + 12345) >>> 0;
  const target = x % (tl.steps + 1);
  const t0 = performance.now();
  tl.worldAt(target);
  seeks.push(performance.now() - t0);
}
const steps: number[] = [];
tl.worldAt(0);
for (let s = 1; s <= 2000; s++) {
  const t0 = performance.now();
  tl.worldAt(s);
  steps.push(performance.now() - t0);
}

// 4. The runtime under faults: a job on 4 TaskManagers with fixed-delay restarts, failed and killed
//    every few seconds (restarts, cancellation, heartbeats, slot requests).
const faulty = validateScenario({
  ...benchScenario(60_000),
  config: { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 100, 'restart-strategy.fixed-delay.delay': '200 ms', 'heartbeat.interval': '1 s', 'heartbeat.timeout': '5 s', 'taskmanager.numberOfTaskSlots': 1 },
  cluster: { taskManagers: 4 },
  faults: [
    ...Array.from({ length: 10 }, (_, i) => ({ at: 3000 + i * 5000, type: 'failTask', task: `count/${i % 3}` })),
    { at: 20_000, type: 'killTaskManager', taskManager: 'tm-2' },
    { at: 21_000, type: 'addTaskManager' },
  ],
} as Scenario);
const faultRun = best(3, () => Timeline.record(faulty));
const restarts = faultRun.value.trace.filter((e) => e.type === 'job.restart').length;
// 5. Region computation and slot sharing for a large all-to-all job: 64 × 64 subtasks, 4,096 channels.
const wide = validateScenario({
  version: 1,
  job: { parallelism: 64 },
  operators: [
    { id: 'src', type: 'source', events: [{ at: 0, value: 'a' }] },
    { id: 'sink', type: 'sink', input: 'src', partitioner: 'rebalance' },
  ],
});
const plan = best(5, () => createContext(wide));

// 6. Event time: 4 sources with bounded out-of-orderness and idleness, sliding event-time windows
//    (3 panes per record) with a ProcessWindowFunction buffering every element, for 60 s simulated.
const timed = validateScenario({
  version: 1,
  until: 60_000,
  maxEvents: 5_000_000,
  job: { parallelism: 4 },
  network: { latencyMs: 20, jitterMs: 5 },
  operators: [
    { id: 'src', type: 'source', generator: { seed: 3, ratePerSec: 200, values: [['a', 1], ['b', 2], ['c', 3], ['d', 4]] },
      watermarks: { strategy: 'ingestionTime', idleness: '2 s' } },
    { id: 'win', type: 'window', input: 'src', keyBy: 0, window: { type: 'sliding', size: '3 s', slide: '1 s' }, aggregate: 'sum', field: 1, function: 'process', costMs: 0 },
    { id: 'print', type: 'sink', input: 'win', costMs: 0 },
  ],
} as Scenario);
const timeRun = best(3, () => Timeline.record(timed));
const fired = timeRun.value.trace.filter((e) => e.type === 'window.fired').length;
const wmEvents = timeRun.value.trace.filter((e) => e.type.startsWith('watermark.')).length;

// 7. Checkpoints under backpressure: a slow keyed count behind one-record buffers, unaligned checkpoints
//    every 200 ms, a transactional sink, two task failures; 30 s simulated.
const checkpointed = (unaligned: boolean) => validateScenario({
  version: 1,
  until: 30_000,
  maxEvents: 5_000_000,
  job: { parallelism: 4 },
  network: { latencyMs: 20, jitterMs: 5, recordsPerBuffer: 1 },
  config: {
    'execution.checkpointing.interval': '200 ms', 'execution.checkpointing.unaligned.enabled': unaligned,
    'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 5, 'restart-strategy.fixed-delay.delay': '100 ms',
  },
  operators: [
    { id: 'src', type: 'source', generator: { seed: 5, ratePerSec: 300, values: [['a', 1], ['b', 1], ['c', 1], ['d', 1], ['e', 1]] } },
    { id: 'count', type: 'sum', input: 'src', keyBy: 0, field: 1, costMs: 3 },
    { id: 'out', type: 'sink', input: 'count', transactional: true, costMs: 0 },
  ],
  faults: [{ at: 9_000, type: 'failTask', task: 'count/1' }, { at: 21_000, type: 'failTask', task: 'src/2' }],
} as Scenario);
const cpAligned = best(3, () => Timeline.record(checkpointed(false)));
const cpUnaligned = best(3, () => Timeline.record(checkpointed(true)));
const completed = (t: Timeline) => t.trace.filter((e) => e.type === 'checkpoint.completed').length;

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} events/s`;
const rows: [string, string][] = [
  ['timeline length', `${tl.steps.toLocaleString('en-US')} steps, ${tl.trace.length.toLocaleString('en-US')} trace events, ${tl.endTime} ms simulated`],
  ['kernel (no trace)', `${rate(events, kernel.ms)} (${fmt(kernel.ms)} for ${events.toLocaleString('en-US')})`],
  ['bare binary-heap loop', `${rate(events, heap.ms)} (${fmt(heap.ms)})`],
  ['kernel / bare heap', `${(kernel.ms / heap.ms).toFixed(1)}× the time of the bare loop`],
  ['recording (trace + keyframes every 256)', `${rate(tl.steps, rec.ms)} (${fmt(rec.ms)})`],
  ['seek to a random step (2000 seeks)', `p50 ${fmt(pct(seeks, 50))}, p95 ${fmt(pct(seeks, 95))}, max ${fmt(Math.max(...seeks))}`],
  ['step forward by one', `p50 ${fmt(pct(steps, 50))}, p95 ${fmt(pct(steps, 95))}`],
  ['recording with faults (4 TMs, 11 faults)', `${rate(faultRun.value.steps, faultRun.ms)} (${faultRun.value.steps.toLocaleString('en-US')} steps, ${restarts} restarts, ${fmt(faultRun.ms)})`],
  ['plan 64×64 all-to-all (graphs, regions, slot sharing)', fmt(plan.ms)],
  ['recording checkpoints, aligned (backpressure, 200 ms, 2 failures, 30 s)', `${rate(cpAligned.value.steps, cpAligned.ms)} (${cpAligned.value.steps.toLocaleString('en-US')} steps, ${completed(cpAligned.value)} checkpoints completed, ${fmt(cpAligned.ms)})`],
  ['recording checkpoints, unaligned (same job)', `${rate(cpUnaligned.value.steps, cpUnaligned.ms)} (${cpUnaligned.value.steps.toLocaleString('en-US')} steps, ${completed(cpUnaligned.value)} checkpoints completed, ${fmt(cpUnaligned.ms)})`],
  ['recording event time (4 sources, sliding windows, 60 s)', `${rate(timeRun.value.steps, timeRun.ms)} (${timeRun.value.steps.toLocaleString('en-US')} steps, ${fired.toLocaleString('en-US')} firings, ${wmEvents.toLocaleString('en-US')} watermark events, ${fmt(timeRun.ms)})`],
];
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`Flinkscope benchmark (Node ${process.version})`);
for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
