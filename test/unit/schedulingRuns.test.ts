/**
 * Scheduling, failover and restart strategies in whole runs (reference §3–§5): the golden cases of
 * PipelinedRegionSchedulingStrategyTest, EagerSchedulingStrategyTest, LazyFromSourcesSchedulingStrategyTest,
 * RestartPipelinedRegionFailoverStrategyTest, RestartAllFailoverStrategyTest and the restart backoff
 * strategy tests, driven through scenarios: bulks are read from `scheduler.bulk`, restarts from `job.failure`.
 */
import { describe, expect, it } from 'vitest';
import { events, first, jobStatuses, record, source } from '../support/runs.ts';

const bulks = (tl: ReturnType<typeof record>) => events(tl, 'scheduler.bulk').map((e) => e.tasks);

/** G3.8a's shape: source(2) -POINTWISE pipelined-> map(2) -ALL_TO_ALL BLOCKING-> sink(2). */
const g38 = (strategy: string, extra: object = {}) =>
  record({
    scheduling: { strategy },
    job: { parallelism: 2 },
    ...extra,
    operators: [
      source('source', 2, 2),
      { id: 'map', type: 'map', input: 'source', fn: 'identity', partitioner: 'rescale' },
      { id: 'sink', type: 'sink', input: 'map', partitioner: 'rebalance', exchange: 'batch' },
    ],
  });

describe('PipelinedRegionSchedulingStrategyTest (runs)', () => {
  it('testSchedulingTopologyWithPipelinedAndBlockingEdges (G3.8a): one bulk per region, sinks after both maps finished', () => {
    const tl = g38('pipelined-region');
    expect(bulks(tl)).toEqual([['source/0', 'map/0'], ['source/1', 'map/1'], ['sink/0'], ['sink/1']]);
    const sinkBulk = events(tl, 'scheduler.bulk')[2]!;
    const mapsFinished = events(tl, 'task.state').filter((e) => e.task.startsWith('map/') && e.to === 'FINISHED');
    expect(mapsFinished).toHaveLength(2);
    expect(sinkBulk.step).toBe(mapsFinished[1]!.step); // scheduled when the last map partition is produced
    expect(jobStatuses(tl).at(-1)).toBe('FINISHED');
  });

  it('slots are requested per region: the blocking job runs on fewer slots than all regions need at once', () => {
    const tl = g38('pipelined-region', { cluster: { taskManagers: 1 }, config: { 'taskmanager.numberOfTaskSlots': 2 } });
    expect(jobStatuses(tl).at(-1)).toBe('FINISHED');
    const maxDeclared = Math.max(...events(tl, 'rpc.sent').flatMap((e) => (e.message.name === 'declareRequiredResources' ? [e.message.slots] : [])));
    expect(maxDeclared).toBe(2);
  });

  it('testRestartTasks (G3.8a restart): a region restarts as one bulk, topologically ordered', () => {
    const tl = g38('pipelined-region', {
      config: { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.delay': '50 ms' },
      faults: [{ at: 205, type: 'failTask', task: 'map/1' }],
    });
    expect(first(tl, 'job.failure').tasks).toEqual(['source/1', 'map/1']);
    expect(first(tl, 'job.restart').tasks).toEqual(['source/1', 'map/1']);
    const restartBulk = events(tl, 'scheduler.bulk').find((e) => e.step === first(tl, 'job.restart').step)!;
    expect(restartBulk.tasks).toEqual(['source/1', 'map/1']);
    expect(jobStatuses(tl).at(-1)).toBe('FINISHED');
  });
});

describe('EagerSchedulingStrategyTest (runs, legacy ≤ 1.12)', () => {
  it('testStartScheduling: every subtask in one bulk, in topological order', () => {
    expect(bulks(g38('eager'))[0]).toEqual(['source/0', 'source/1', 'map/0', 'map/1', 'sink/0', 'sink/1']);
  });
});

describe('LazyFromSourcesSchedulingStrategyTest (runs, legacy ≤ 1.12)', () => {
  it('testStartScheduling: sources first, one vertex per bulk; consumers once their input is consumable', () => {
    const tl = g38('lazy-from-sources');
    const b = bulks(tl);
    expect(b.slice(0, 2)).toEqual([['source/0'], ['source/1']]);
    expect(b.every((x) => x.length === 1)).toBe(true);
    // map/i is deployed when source/i has produced data (its pipelined partition became consumable).
    const firstRecord = first(tl, 'record.sent', (e) => e.task === 'source/0');
    expect(first(tl, 'scheduler.bulk', (e) => e.tasks[0] === 'map/0').step).toBe(firstRecord.step);
    // The sinks need the whole BLOCKING result: both maps finished.
    const lastMap = events(tl, 'task.state').filter((e) => e.task.startsWith('map/') && e.to === 'FINISHED')[1]!;
    expect(first(tl, 'scheduler.bulk', (e) => e.tasks[0] === 'sink/0').step).toBe(lastMap.step);
  });
});

/** Two independent pipelines a and b (source → map → sink each, parallelism 2, all forward but map chained off). */
const twoPipelines = (failover: string, faults: object[]) =>
  record({
    config: { 'jobmanager.execution.failover-strategy': failover, 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.delay': '100 ms' },
    faults,
    job: { parallelism: 2 },
    operators: [
      source('a', 2, 10),
      { id: 'amap', type: 'map', input: 'a', fn: 'identity', partitioner: 'rebalance' },
      source('b', 2, 10),
      { id: 'bmap', type: 'map', input: 'b', fn: 'identity', partitioner: 'rebalance' },
    ],
  });

describe('RestartPipelinedRegionFailoverStrategyTest (runs)', () => {
  it('region failover restarts only the failed pipeline; the other keeps its first attempt', () => {
    const tl = twoPipelines('region', [{ at: 400, type: 'failTask', task: 'amap/0' }]);
    expect(first(tl, 'job.failure').tasks).toEqual(['a/0', 'a/1', 'amap/0', 'amap/1']);
    const end = tl.worldAt(tl.steps);
    const attempt = (id: string) => end.tasks[tl.plan.execution.tasks.findIndex((t) => t.id === id)]!.attempt;
    expect(['a/0', 'a/1', 'amap/0', 'amap/1'].map(attempt)).toEqual([1, 1, 1, 1]);
    expect(['b/0', 'b/1', 'bmap/0', 'bmap/1'].map(attempt)).toEqual([0, 0, 0, 0]);
    // b was never cancelled.
    expect(events(tl, 'task.state').filter((e) => e.task.startsWith('b') && e.to === 'CANCELING')).toEqual([]);
  });
});

describe('RestartAllFailoverStrategyTest (runs)', () => {
  it('testGetTasksNeedingRestart: full failover restarts every task', () => {
    const tl = twoPipelines('full', [{ at: 400, type: 'failTask', task: 'amap/0' }]);
    expect([...first(tl, 'job.failure').tasks!].sort()).toEqual(['a/0', 'a/1', 'amap/0', 'amap/1', 'b/0', 'b/1', 'bmap/0', 'bmap/1']);
    expect(tl.worldAt(tl.steps).tasks.every((t) => t.attempt === 1)).toBe(true);
  });
});

/** A long job of one source (p = 1) failed at the given times. */
const failedAt = (config: object, times: number[]) =>
  record({ config, faults: times.map((at) => ({ at, type: 'failTask', task: 'src/0' })), operators: [source('src', 1, 100, 100, 200)] });

describe('FixedDelayRestartBackoffTimeStrategyTest (runs)', () => {
  it('testNumberOfRestarts: N = 3 restarts; the 4th failure fails the job', () => {
    const tl = failedAt({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 3, 'restart-strategy.fixed-delay.delay': '100 ms' }, [300, 1000, 2000, 3000]);
    const failures = events(tl, 'job.failure');
    expect(failures.map((f) => f.restart)).toEqual([true, true, true, false]);
    expect(failures.map((f) => f.numberOfRestarts)).toEqual([1, 2, 3, 3]);
    expect(failures[3]!.reason).toBe('Recovery is suppressed by FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=100)');
    expect(jobStatuses(tl).slice(-2)).toEqual(['FAILING', 'FAILED']);
  });

  it('testBackoffTime: the restart waits exactly the delay', () => {
    const tl = failedAt({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.delay': '10 s' }, [300]);
    const failure = first(tl, 'job.failure');
    expect(failure.delayMs).toBe(10_000);
    // RESTARTING → RUNNING once the delay elapsed (cancellation finished long before).
    const restarted = first(tl, 'job.status', (e) => e.from === 'RESTARTING');
    expect(restarted.t - failure.t).toBe(10_000);
  });
});

describe('FailureRateRestartBackoffTimeStrategyTest (runs)', () => {
  it('testFailuresExceedingRate: M = 2 per 5 s; the 3rd failure within the interval fails the job', () => {
    const tl = failedAt(
      { 'restart-strategy.type': 'failure-rate', 'restart-strategy.failure-rate.max-failures-per-interval': 2, 'restart-strategy.failure-rate.failure-rate-interval': '5 s', 'restart-strategy.failure-rate.delay': '100 ms' },
      [300, 1000, 2000],
    );
    expect(events(tl, 'job.failure').map((f) => f.restart)).toEqual([true, true, false]);
  });

  it('failures spread out more than the interval keep restarting', () => {
    const tl = failedAt(
      { 'restart-strategy.type': 'failure-rate', 'restart-strategy.failure-rate.max-failures-per-interval': 1, 'restart-strategy.failure-rate.failure-rate-interval': '1 s', 'restart-strategy.failure-rate.delay': '100 ms' },
      [300, 1500, 2700],
    );
    expect(events(tl, 'job.failure').map((f) => f.restart)).toEqual([true, true, true]);
  });
});

describe('ExponentialDelayRestartBackoffTimeStrategyTest (runs)', () => {
  it('testBackoffMultiplier: backoffs 4, 9, 21 ms (b0 = 4, m = 2.3, no jitter)', () => {
    const tl = failedAt(
      {
        'restart-strategy.type': 'exponential-delay',
        'restart-strategy.exponential-delay.initial-backoff': '4 ms',
        'restart-strategy.exponential-delay.max-backoff': '300 ms',
        'restart-strategy.exponential-delay.backoff-multiplier': 2.3,
        'restart-strategy.exponential-delay.reset-backoff-threshold': 2147483647,
        'restart-strategy.exponential-delay.jitter-factor': 0,
      },
      [300, 1000, 2000],
    );
    expect(events(tl, 'job.failure').map((f) => f.delayMs)).toEqual([4, 9, 21]);
  });

  it('the default with checkpointing enabled is exponential-delay (1.19+): 1 s first backoff, jittered ±10 %', () => {
    const tl = failedAt({ 'execution.checkpointing.interval': '10 s' }, [300]);
    const d = first(tl, 'job.failure').delayMs!;
    expect(d).toBeGreaterThanOrEqual(1000);
    expect(d).toBeLessThanOrEqual(1100);
  });

  it('without checkpointing and without a restart strategy the job does not restart', () => {
    const tl = failedAt({}, [300]);
    expect(first(tl, 'job.failure').reason).toBe('Recovery is suppressed by NoRestartBackoffTimeStrategy');
  });
});

describe('RestartPipelinedRegionFailoverStrategyTest (runs): producers of unavailable results', () => {
  it('testRegionFailoverForDataConsumptionErrors: a lost BLOCKING partition restarts its producer region too', () => {
    // source(2) -BLOCKING-> sink(1) on two TaskManagers; the sources finish, then tm-2 (holding
    // source/1's finished partition) dies before the sink, deployed on tm-1, reads it.
    const tl = record({
      job: { parallelism: 2 },
      config: { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.delay': '100 ms', 'execution.runtime-mode': 'BATCH', 'heartbeat.interval': '1 s', 'heartbeat.timeout': '5 s' },
      cluster: { taskManagers: 2 },
      faults: [{ at: 150, type: 'killTaskManager', taskManager: 'tm-2' }],
      operators: [
        { id: 'source', type: 'source', events: [{ at: 100, subtask: 0, value: 'a' }, { at: 120, subtask: 1, value: 'b' }] },
        { id: 'sink', type: 'sink', input: 'source', partitioner: 'rebalance', parallelism: 1 },
      ],
    });
    const failures = events(tl, 'job.failure');
    const notFound = failures.find((f) => f.cause.startsWith('PartitionNotFoundException'));
    expect(notFound, failures.map((f) => `${f.task}: ${f.cause}`).join('\n')).toBeDefined();
    // The failed sink's region and the producer region of the lost partition; source/0's partition is still there.
    expect(notFound!.task).toBe('sink/0');
    expect(notFound!.tasks).toEqual(['source/1', 'sink/0']);
    expect(jobStatuses(tl).at(-1)).toBe('FINISHED');
    const end = tl.worldAt(tl.steps);
    expect(end.tasks.map((t) => t.attempt)).toEqual([0, 1, 1]);
    expect(end.tasks.every((t) => t.location?.tm !== 'tm-2')).toBe(true);
  });
});
