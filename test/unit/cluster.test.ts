/**
 * The cluster in whole runs (reference §7): the slot request protocol, slot sharing
 * (LocalInputPreferredSlotSharingStrategyTest's rules as placed by a run), registration and
 * heartbeats, a lost TaskManager, standalone vs YARN.
 */
import { describe, expect, it } from 'vitest';
import { events, first, jobStatuses, record, source } from '../support/runs.ts';

const wordCount = (extra: object = {}) =>
  record({
    job: { parallelism: 2 },
    ...extra,
    operators: [
      source('source', 2, 3),
      { id: 'count', type: 'sum', input: 'source', keyBy: '$', field: '$' },
      { id: 'print', type: 'sink', input: 'count' },
    ],
  });
const rpcNames = (tl: ReturnType<typeof record>) => events(tl, 'rpc.sent').map((e) => e.message.name);

describe('slot request protocol (declarative resource management, 1.20)', () => {
  it('JobMaster → ResourceManager → TaskExecutor → slot offer → JobMaster → submitTask, in that order', () => {
    const tl = wordCount();
    const order = ['submitJob', 'registerTaskExecutor', 'registrationSuccess', 'sendSlotReport', 'registerJobMaster', 'declareRequiredResources', 'requestSlot', 'offerSlots', 'submitTask', 'updateTaskExecutionState'];
    const at = (name: string) => first(tl, 'rpc.sent', (e) => e.message.name === name).step;
    expect(at('declareRequiredResources')).toBeLessThan(at('requestSlot'));
    expect(at('requestSlot')).toBeLessThan(at('offerSlots'));
    expect(at('offerSlots')).toBeLessThan(at('submitTask'));
    expect(at('submitTask')).toBeLessThan(at('updateTaskExecutionState'));
    for (const name of order) expect(rpcNames(tl)).toContain(name);
    // One requestSlot per slot needed: parallelism 2, one slot sharing group.
    expect(rpcNames(tl).filter((n) => n === 'requestSlot')).toHaveLength(2);
    // Every task goes SCHEDULED before its slot arrives and DEPLOYING after.
    const deploying = first(tl, 'task.state', (e) => e.to === 'DEPLOYING');
    expect(deploying.step).toBeGreaterThan(first(tl, 'slot.assigned').step - 1);
  });

  it('slot sharing: one subtask of each job vertex per slot; the job needs max-parallelism slots', () => {
    const tl = wordCount({ config: { 'taskmanager.numberOfTaskSlots': 2 } });
    const assigned = events(tl, 'slot.assigned');
    expect(assigned.map((a) => a.tasks)).toEqual([['source/0', 'count/0'], ['source/1', 'count/1']]);
    const world = tl.worldAt(first(tl, 'task.state', (e) => e.task === 'count/1' && e.to === 'RUNNING').step);
    const slots = world.cluster.taskManagers.flatMap((tm) => tm.slots.map((s) => s.tasks.length));
    expect(slots).toEqual([2, 2]); // one TaskManager (2 slots for 2 slots needed), two subtasks in each slot
  });

  it('two slot sharing groups need the sum of their max parallelisms', () => {
    const tl = record({
      job: { parallelism: 2 },
      operators: [source('source', 2, 3), { id: 'print', type: 'sink', input: 'source', partitioner: 'rebalance', parallelism: 3, slotSharingGroup: 'sinks' }],
    });
    expect(events(tl, 'slot.assigned')).toHaveLength(5);
    expect(tl.worldAt(tl.steps).cluster.taskManagers).toHaveLength(5); // standalone default: enough TaskManagers
  });
});

describe('too few slots (standalone)', () => {
  const scarce = (faults: object[] = []) =>
    record({
      config: { 'slot.request.timeout': '3 s', 'restart-strategy.type': 'none' },
      cluster: { taskManagers: 1 },
      job: { parallelism: 2 },
      faults,
      operators: [source('source', 2, 3, 100, 1000), { id: 'print', type: 'sink', input: 'source', partitioner: 'rebalance' }],
    });

  it('is not an error: the tasks wait SCHEDULED, then the bulk times out with NoResourceAvailableException', () => {
    const tl = scarce();
    expect(first(tl, 'job.failure').cause).toMatch(/^NoResourceAvailableException/);
    expect(jobStatuses(tl).at(-1)).toBe('FAILED');
  });

  it('adding a TaskManager before the timeout lets the job run', () => {
    const tl = scarce([{ at: 1000, type: 'addTaskManager' }]);
    expect(events(tl, 'job.failure')).toEqual([]);
    expect(jobStatuses(tl).at(-1)).toBe('FINISHED');
    expect(first(tl, 'taskmanager.status', (e) => e.tm === 'tm-2' && e.to === 'running').t).toBe(2000); // process start 1 s
  });
});

describe('heartbeats and a lost TaskManager', () => {
  const killed = (config: object) =>
    record({
      until: 30_000,
      config: { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.delay': '1 s', ...config },
      cluster: { taskManagers: 2 },
      operators: [{ id: 'src', type: 'source', generator: { seed: 1, ratePerSec: 5, values: ['a'] } }, { id: 'print', type: 'sink', input: 'src', partitioner: 'rebalance' }],
      faults: [{ at: 3000, type: 'killTaskManager', taskManager: 'tm-1' }],
    });

  it('a killed process is unreachable after heartbeat.rpc-failure-threshold failed heartbeats; its tasks fail and restart elsewhere', () => {
    const tl = killed({ 'heartbeat.interval': '1 s', 'heartbeat.timeout': '5 s' });
    const lost = first(tl, 'taskmanager.lost', (e) => e.by === 'jobmaster');
    expect(lost.reason).toBe('org.apache.flink.runtime.jobmaster.JobMasterException: TaskManager with id tm-1 is no longer reachable.');
    // Two failed heartbeat RPCs after the kill: the second one's failure arrives within two intervals.
    expect(lost.t).toBeGreaterThan(3000);
    expect(lost.t).toBeLessThanOrEqual(3000 + 2 * 1000 + 20);
    expect(first(tl, 'job.failure').cause).toContain('tm-1');
    const end = tl.worldAt(tl.steps);
    expect(end.jobStatus).toBe('RUNNING');
    expect(end.tasks.every((t) => t.location?.tm === 'tm-2' && t.state === 'RUNNING' && t.attempt === 1)).toBe(true);
  });

  it('with the RPC failure threshold off, heartbeat.timeout decides', () => {
    const tl = killed({ 'heartbeat.interval': '1 s', 'heartbeat.timeout': '5 s', 'heartbeat.rpc-failure-threshold': -1 });
    const lost = first(tl, 'taskmanager.lost', (e) => e.by === 'jobmaster');
    expect(lost.reason).toBe('java.util.concurrent.TimeoutException: The heartbeat of TaskManager with id tm-1 timed out.');
    expect(lost.t).toBeGreaterThanOrEqual(3000 + 5000 - 1000);
  });
});

describe('YARN (active resource management)', () => {
  const yarn = () =>
    record({
      config: { 'taskmanager.numberOfTaskSlots': 2, 'resourcemanager.taskmanager-timeout': '3 s' },
      cluster: { mode: 'yarn' },
      job: { parallelism: 3 },
      operators: [source('src', 3, 2, 100, 3000), { id: 'print', type: 'sink', input: 'src', partitioner: 'rebalance' }],
    });

  it('the ResourceManager requests ceil(slots / slots per TaskManager) containers, which register their slots', () => {
    const tl = yarn();
    expect(rpcNames(tl)[0]).toBe('submitApplication');
    expect(rpcNames(tl).filter((n) => n === 'requestContainer')).toHaveLength(2);
    expect(events(tl, 'taskmanager.status').filter((e) => e.to === 'running').map((e) => e.tm)).toEqual(['tm-1', 'tm-2']);
    expect(jobStatuses(tl).at(-1)).toBe('FINISHED');
  });

  it('idle TaskManagers are released after resourcemanager.taskmanager-timeout', () => {
    const tl = yarn();
    const finished = first(tl, 'job.status', (e) => e.to === 'FINISHED');
    const released = events(tl, 'taskmanager.status').filter((e) => e.to === 'released');
    expect(released.map((e) => e.tm)).toEqual(['tm-1', 'tm-2']);
    for (const r of released) expect(r.t).toBeGreaterThanOrEqual(finished.t + 3000);
  });
});

describe('audit cases: Flink behaviours around lost and extra resources', () => {
  it('a TaskManager lost while a bulk waits fails the SCHEDULED executions bound to its slot (SharedSlot.release) and the job restarts', () => {
    const tl = record({
      config: { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.delay': '100 ms', 'heartbeat.interval': '1 s', 'heartbeat.timeout': '3 s' },
      cluster: { taskManagers: 2 },
      job: { parallelism: 3 },
      faults: [{ at: 1000, type: 'killTaskManager', taskManager: 'tm-1' }, { at: 5000, type: 'addTaskManager' }, { at: 5000, type: 'addTaskManager' }],
      operators: [source('src', 3, 2, 100, 8000), { id: 'sink', type: 'sink', input: 'src', partitioner: 'rebalance' }],
    });
    const failure = first(tl, 'job.failure');
    expect(failure.t).toBeLessThan(4000); // found through heartbeats, not the 5-minute slot request timeout
    expect(failure.cause).toContain('tm-1');
    expect(jobStatuses(tl).at(-1)).toBe('FINISHED');
  });

  it('YARN: a killed container is reported at once and replaced', () => {
    const tl = record({
      config: { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 5, 'restart-strategy.fixed-delay.delay': '100 ms' },
      cluster: { mode: 'yarn' },
      faults: [{ at: 2500, type: 'killTaskManager', taskManager: 'tm-1' }],
      operators: [{ id: 'src', type: 'source', events: [{ at: 5000, value: 'a' }] }, { id: 'print', type: 'sink', input: 'src' }],
    });
    const completed = first(tl, 'rpc.sent', (e) => e.message.name === 'containerCompleted');
    expect(completed.t).toBe(2500);
    expect(events(tl, 'rpc.sent').filter((e) => e.message.name === 'requestContainer' && e.t >= 2500).length).toBeGreaterThanOrEqual(1);
    expect(jobStatuses(tl).at(-1)).toBe('FINISHED');
  });

  it('BATCH: a slot request the pool can serve later is checked again instead of failing (willBeOccupiedIndefinitely = false)', () => {
    const batch = (mode: string) =>
      record({
        config: { 'execution.runtime-mode': mode, 'slot.request.timeout': '2 s', 'taskmanager.numberOfTaskSlots': 2, 'restart-strategy.type': 'none' },
        cluster: { taskManagers: 1 },
        job: { parallelism: 4 },
        operators: [source('src', 4, 1, 100, 3000), { id: 'print', type: 'sink', input: 'src', partitioner: 'rebalance', exchange: 'batch' }],
      });
    expect(jobStatuses(batch('BATCH')).at(-1)).toBe('FINISHED');
    expect(first(batch('STREAMING'), 'job.failure').cause).toMatch(/^NoResourceAvailableException/);
  });

  it('cluster.evenly-spread-out-slots picks the least utilized TaskManager', () => {
    // A BATCH job: the source region takes one slot first; the sink region later needs one more,
    // when both TaskManagers are registered.
    const spread = (evenly: boolean) =>
      record({
        config: { 'execution.runtime-mode': 'BATCH', 'taskmanager.numberOfTaskSlots': 2, 'cluster.evenly-spread-out-slots': evenly },
        cluster: { taskManagers: 2 },
        operators: [source('src', 1, 1), { id: 'print', type: 'sink', input: 'src', parallelism: 2, partitioner: 'rebalance' }],
      });
    const tms = (tl: ReturnType<typeof record>) => events(tl, 'slot.allocated').map((e) => e.tm);
    expect(tms(spread(false))).toEqual(['tm-1', 'tm-1']);
    expect(tms(spread(true))).toEqual(['tm-1', 'tm-2']);
  });

  it('a TaskManager the ResourceManager wrongly declared lost registers again', () => {
    // Heartbeat timeout shorter than a heartbeat's round trip: both sides "lose" live TaskManagers.
    const tl = record({
      until: 3000,
      config: { 'heartbeat.interval': '10 ms', 'heartbeat.timeout': '15 ms', 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 1000, 'restart-strategy.fixed-delay.delay': '200 ms' },
      cluster: { taskManagers: 1 },
      operators: [source('src', 1, 1, 100, 2500), { id: 'print', type: 'sink', input: 'src' }],
    });
    const lost = first(tl, 'taskmanager.lost', (e) => e.by === 'resourcemanager');
    expect(tl.trace.some((e) => e.type === 'rpc.sent' && e.message.name === 'registerTaskExecutor' && e.t > lost.t)).toBe(true);
    expect(tl.trace.some((e) => e.type === 'rpc.sent' && e.message.name === 'disconnectResourceManager')).toBe(true);
  });
});
