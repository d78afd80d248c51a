/**
 * Determinism across engines: the same scenario and seed give a byte-identical trace in Node and in
 * Chromium. Node computes the hash here; the built site computes it in the page.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect } from './support.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import { traceHash } from '../../src/sim/traceHash.ts';

const lesson = (f: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../lessons/01-anatomy/${f}`, import.meta.url)), 'utf8'));

/** A job that draws random numbers (rebalance start, shuffle, jitter) and runs a generator. */
const randomJob = {
  version: 1,
  until: 3000,
  network: { latencyMs: 30, jitterMs: 25 },
  job: { parallelism: 3 },
  operators: [
    { id: 'src', type: 'source', generator: { seed: 5, ratePerSec: 40, values: ['to be', 'or not', 'flink'] } },
    { id: 'split', type: 'flatMap', input: 'src', fn: 'splitWords', parallelism: 2, partitioner: 'rebalance' },
    { id: 'shuf', type: 'map', input: 'split', fn: 'identity', partitioner: 'shuffle' },
    { id: 'count', type: 'sum', input: 'shuf', keyBy: 0, field: 1, parallelism: 4 },
    { id: 'print', type: 'sink', input: 'count', parallelism: 4 },
  ],
};

/** Event time with randomness: jittered channels, sessions merging, late data, idleness, processing-time timers. */
const timeJob = {
  version: 1,
  until: 6000,
  network: { latencyMs: 30, jitterMs: 40 },
  job: { parallelism: 3 },
  operators: [
    { id: 'src', type: 'source', generator: { seed: 9, ratePerSec: 30, values: [['a', 1], ['b', 2], ['c', 3]] },
      watermarks: { strategy: 'ingestionTime', idleness: '500 ms' } },
    { id: 'shuf', type: 'map', input: 'src', fn: 'identity', partitioner: 'shuffle' },
    { id: 'win', type: 'window', input: 'shuf', keyBy: 0, window: { type: 'session', gap: 60 }, aggregate: 'sum', field: 1, function: 'process', lateOutput: 'late' },
    { id: 'p', type: 'process', input: 'shuf', keyBy: 0, fn: 'countWithTimeout', args: { timeout: 300, domain: 'processing' } },
    { id: 'print', type: 'sink', input: 'win' },
    { id: 'late', type: 'sink', input: 'win', sideOutput: 'late' },
    { id: 'print2', type: 'sink', input: 'p' },
  ],
};

/** Checkpoints with randomness: unaligned with a timeout under backpressure, a transactional sink, a failure and a restore. */
const checkpointJob = {
  version: 1,
  until: 4000,
  network: { latencyMs: 20, jitterMs: 15, recordsPerBuffer: 1 },
  job: { parallelism: 2 },
  config: {
    'execution.checkpointing.interval': '300 ms', 'execution.checkpointing.unaligned.enabled': true,
    'execution.checkpointing.aligned-checkpoint-timeout': '50 ms', 'taskmanager.network.memory.buffers-per-channel': 1,
    'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.delay': '100 ms',
  },
  operators: [
    { id: 'src', type: 'source', generator: { seed: 4, ratePerSec: 60, values: [['a', 1], ['b', 1], ['c', 1]] } },
    { id: 'shuf', type: 'map', input: 'src', fn: 'identity', partitioner: 'shuffle' },
    { id: 'count', type: 'sum', input: 'shuf', keyBy: 0, field: 1, costMs: 25 },
    { id: 'out', type: 'sink', input: 'count', transactional: true },
  ],
  faults: [{ at: 2100, type: 'failTask', task: 'count/1' }],
};

for (const [name, scenario, seed] of [
  ['checkpointing job, seed 5', checkpointJob, 5],
  ['word count lesson', lesson('scenario.json'), 7],
  ['event-time job, seed 3', timeJob, 3],
  ['random job, seed 1', randomJob, 1],
  ['random job, seed 99', randomJob, 99],
] as const) {
  test(`trace hash in Chromium equals Node: ${name}`, async ({ page }) => {
    const tl = Timeline.record(validateScenario(scenario), { seed });
    const nodeHash = await traceHash(tl.trace);
    await page.goto('./');
    await page.waitForFunction(() => 'flinkscope' in globalThis);
    const browserHash = await page.evaluate(
      ([s, sd]) => (globalThis as unknown as { flinkscope: { traceHash(s: unknown, seed: number): Promise<string> } }).flinkscope.traceHash(s, sd),
      [scenario, seed] as const,
    );
    expect(tl.trace.length).toBeGreaterThan(50);
    expect(browserHash).toMatch(/^[0-9a-f]{64}$/);
    expect(browserHash).toBe(nodeHash);
  });
}
