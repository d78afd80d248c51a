/**
 * JobStatus and ExecutionState golden cases (reference §1.4, §2.3), each named after the Flink test
 * it comes from and driven through scenarios and faults on the timeline: the simulation decides
 * every transition; the tests only read the trace and the world.
 */
import { describe, expect, it } from 'vitest';
import { events, first, jobStatuses, record, rpcCount, source, stateAt, taskStates } from '../support/runs.ts';
import { JOB_STATUSES, jobStatusMachine, nextJobStatus } from '../../src/sim/runtime/JobStatus.ts';
import { nextExecutionState } from '../../src/sim/runtime/ExecutionState.ts';

const NO_RESTART = { 'restart-strategy.type': 'none' };
const fixedDelay = (attempts: number, delay: string) => ({
  'restart-strategy.type': 'fixed-delay',
  'restart-strategy.fixed-delay.attempts': attempts,
  'restart-strategy.fixed-delay.delay': delay,
});
/** A long-running job of one source vertex with parallelism p (events up to t ≈ 5 s). */
const sources = (p: number, config: object, faults: object[] = []) =>
  record({ config, faults, operators: [source('source', p, 50, 100, 200)] });
const stepOfAction = (tl: ReturnType<typeof record>, type: string) => first(tl, 'action.applied', (e) => e.action.type === type).step;

describe('DefaultSchedulerTest', () => {
  it('failJobIfCannotRestart', () => {
    const tl = sources(1, NO_RESTART, [{ at: 300, type: 'failTask', task: 'source/0' }]);
    expect(jobStatuses(tl)).toEqual(['INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'FAILED']);
    expect(first(tl, 'job.failure').reason).toBe('Recovery is suppressed by NoRestartBackoffTimeStrategy');
    expect(taskStates(tl, 'source/0').at(-1)).toBe('FAILED');
  });

  it('cancelWhileRestartingShouldWaitForRunningTasks', () => {
    const tl = sources(2, fixedDelay(3, '10 s'), [
      { at: 300, type: 'failTask', task: 'source/0' },
      { at: 400, type: 'cancelJob' },
    ]);
    const cancel = stepOfAction(tl, 'cancelJob');
    expect(tl.worldAt(cancel - 1).jobStatus).toBe('RESTARTING');
    expect(tl.worldAt(cancel).jobStatus).toBe('CANCELLING');
    expect(stateAt(tl, 'source/1', cancel)).toBe('CANCELING');
    // The job is CANCELED exactly when source/1 reports CANCELED; the pending restart never runs.
    const done = first(tl, 'task.state', (e) => e.task === 'source/1' && e.to === 'CANCELED');
    expect(tl.worldAt(done.step).jobStatus).toBe('CANCELED');
    expect(tl.worldAt(done.step - 1).jobStatus).toBe('CANCELLING');
    expect(events(tl, 'job.restart')).toEqual([]);
    expect(jobStatuses(tl).at(-1)).toBe('CANCELED');
  });

  it('failJobIfNotEnoughResources: too few slots leaves tasks SCHEDULED until slot.request.timeout', () => {
    // One pipelined region of 6 subtasks needs 3 slots; the cluster has 1.
    const tl = record({
      config: { ...NO_RESTART, 'slot.request.timeout': '2 s' },
      cluster: { taskManagers: 1 },
      operators: [source('source', 3, 5), { id: 'sink', type: 'sink', input: 'source', partitioner: 'rebalance', parallelism: 3 }],
    });
    const failure = first(tl, 'job.failure');
    expect(failure.cause).toContain('NoResourceAvailableException');
    // Submitted at t = 10, scheduled at t = 20: the bulk times out 2 s later.
    expect(failure.t).toBe(20 + 2000);
    expect(stateAt(tl, 'source/1', failure.step - 1)).toBe('SCHEDULED');
    expect(jobStatuses(tl).at(-1)).toBe('FAILED');
  });
});

describe('ExecutionGraphRestartTest', () => {
  it('testCancelWhileFailing', () => {
    // source/0 fails without restart: FAILING cancels source/1; cancel() while it is still CANCELING.
    const tl = sources(2, NO_RESTART, [
      { at: 300, type: 'failTask', task: 'source/0' },
      { at: 315, type: 'cancelJob' },
    ]);
    const cancel = stepOfAction(tl, 'cancelJob');
    expect(tl.worldAt(cancel - 1).jobStatus).toBe('FAILING');
    expect(stateAt(tl, 'source/1', cancel - 1)).toBe('CANCELING');
    expect(tl.worldAt(cancel).jobStatus).toBe('CANCELLING');
    expect(jobStatuses(tl)).toEqual(['INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'CANCELLING', 'CANCELED']);
  });

  it('testFailingExecutionAfterRestart', () => {
    // Two independent vertices: A finishes, B fails and restarts; A is not restarted; the job finishes.
    const tl = record({
      config: fixedDelay(1, '100 ms'),
      operators: [source('a', 1, 1), source('b', 1, 10, 100, 200)],
    });
    const failed = record({
      config: fixedDelay(1, '100 ms'),
      operators: [source('a', 1, 1), source('b', 1, 10, 100, 200)],
      faults: [{ at: 500, type: 'failTask', task: 'b/0' }],
    });
    expect(jobStatuses(tl)).toEqual(['INITIALIZING', 'CREATED', 'RUNNING', 'FINISHED']);
    expect(first(failed, 'task.state', (e) => e.task === 'a/0' && e.to === 'FINISHED').step).toBeLessThan(first(failed, 'job.failure').step);
    expect(jobStatuses(failed)).toEqual(['INITIALIZING', 'CREATED', 'RUNNING', 'RESTARTING', 'RUNNING', 'FINISHED']);
    expect(first(failed, 'job.failure').tasks).toEqual(['b/0']);
    const end = failed.worldAt(failed.steps);
    expect(end.tasks.map((t) => [t.state, t.attempt])).toEqual([['FINISHED', 0], ['FINISHED', 1]]);
  });
});

describe('ExecutionGraphSuspendTest', () => {
  const p10 = (config: object, faults: object[]) => sources(10, config, faults);

  it('testSuspendedOutOfCreated', () => {
    // The ExecutionGraph is CREATED from JobMaster start (t = 10) until scheduling starts (t = 20).
    const tl = p10(NO_RESTART, [{ at: 15, type: 'loseLeadership' }]);
    const at = stepOfAction(tl, 'loseLeadership');
    expect(tl.worldAt(at - 1).jobStatus).toBe('CREATED');
    expect(tl.worldAt(at).jobStatus).toBe('SUSPENDED');
    expect(tl.worldAt(at).tasks.every((t) => t.state === 'CANCELED')).toBe(true);
    expect(rpcCount(tl, 'cancelTask')).toBe(0);
  });

  it('testSuspendedOutOfDeploying', () => {
    const tl = p10(NO_RESTART, [{ at: 75, type: 'loseLeadership' }]);
    const at = stepOfAction(tl, 'loseLeadership');
    expect(tl.worldAt(at - 1).tasks.every((t) => t.state === 'DEPLOYING')).toBe(true);
    expect(tl.worldAt(at).jobStatus).toBe('SUSPENDED');
    expect(rpcCount(tl, 'cancelTask')).toBe(10);
  });

  it('testSuspendedOutOfRunning', () => {
    const tl = p10(NO_RESTART, [{ at: 300, type: 'loseLeadership' }]);
    const at = stepOfAction(tl, 'loseLeadership');
    expect(tl.worldAt(at - 1).tasks.every((t) => t.state === 'RUNNING')).toBe(true);
    expect(tl.worldAt(at).jobStatus).toBe('SUSPENDED');
    expect(tl.worldAt(at).tasks.every((t) => t.state === 'CANCELED')).toBe(true);
    expect(rpcCount(tl, 'cancelTask')).toBe(10);
  });

  it('testSuspendedOutOfFailing', () => {
    const tl = p10(NO_RESTART, [{ at: 300, type: 'failTask', task: 'source/3' }, { at: 315, type: 'loseLeadership' }]);
    expect(jobStatuses(tl)).toEqual(['INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'SUSPENDED']);
  });

  it('testSuspendedOutOfFailed / OutOfCanceled: a terminal state stays', () => {
    const failed = p10(NO_RESTART, [{ at: 300, type: 'failTask', task: 'source/3' }, { at: 1000, type: 'loseLeadership' }]);
    expect(jobStatuses(failed).at(-1)).toBe('FAILED');
    const canceled = p10(NO_RESTART, [{ at: 300, type: 'cancelJob' }, { at: 1000, type: 'loseLeadership' }]);
    expect(jobStatuses(canceled)).toEqual(['INITIALIZING', 'CREATED', 'RUNNING', 'CANCELLING', 'CANCELED']);
  });

  it('testSuspendedOutOfCanceling', () => {
    const tl = p10(NO_RESTART, [{ at: 300, type: 'cancelJob' }, { at: 305, type: 'loseLeadership' }]);
    expect(jobStatuses(tl)).toEqual(['INITIALIZING', 'CREATED', 'RUNNING', 'CANCELLING', 'SUSPENDED']);
  });

  it('testSuspendWhileRestarting: the restart timer fires later and changes nothing', () => {
    const tl = p10(fixedDelay(3, '2 s'), [{ at: 300, type: 'failTask', task: 'source/3' }, { at: 400, type: 'loseLeadership' }]);
    expect(jobStatuses(tl)).toEqual(['INITIALIZING', 'CREATED', 'RUNNING', 'RESTARTING', 'SUSPENDED']);
    expect(events(tl, 'job.restart')).toEqual([]);
    expect(tl.worldAt(tl.steps).jobStatus).toBe('SUSPENDED');
  });

  it('testSuspendedOutOfSuspended: cancel and losing leadership again do nothing', () => {
    const tl = p10(NO_RESTART, [{ at: 300, type: 'loseLeadership' }, { at: 500, type: 'cancelJob' }, { at: 600, type: 'loseLeadership' }]);
    const suspended = stepOfAction(tl, 'loseLeadership');
    expect(jobStatuses(tl).at(-1)).toBe('SUSPENDED');
    const later = tl.trace.filter((e) => e.step > suspended && e.t >= 500 && e.type !== 'action.applied' && !e.type.startsWith('rpc.'));
    expect(later.filter((e) => e.type === 'job.status' || e.type === 'task.state')).toEqual([]);
  });
});

describe('ExecutionGraphFinishTest', () => {
  it('testJobFinishes', () => {
    const tl = record({ operators: [source('task1', 2, 2, 100, 200), source('task2', 2, 4, 100, 200)] });
    const finished = events(tl, 'task.state').filter((e) => e.to === 'FINISHED');
    expect(finished.map((e) => e.task).slice(0, 2).sort()).toEqual(['task1/0', 'task1/1']);
    for (const e of finished.slice(0, 3)) expect(tl.worldAt(e.step).jobStatus).toBe('RUNNING');
    expect(tl.worldAt(finished[3]!.step).jobStatus).toBe('FINISHED');
  });
});

describe('ExecutionVertexCancelTest', () => {
  it('testCancelFromCreated / FromScheduled: CANCELING then CANCELED at once, without an RPC', () => {
    // Two TaskManagers' worth of tasks on one TaskManager: one region waits SCHEDULED for a slot.
    const tl = record({
      config: NO_RESTART,
      cluster: { taskManagers: 1 },
      operators: [source('a', 1, 50), { id: 'b', type: 'source', parallelism: 1, slotSharingGroup: 'other', events: [{ at: 200, value: 1 }] }],
      faults: [{ at: 300, type: 'cancelJob' }],
    });
    const cancel = stepOfAction(tl, 'cancelJob');
    expect(stateAt(tl, 'b/0', cancel - 1)).toBe('SCHEDULED');
    expect(taskStates(tl, 'b/0')).toEqual(['CREATED', 'SCHEDULED', 'CANCELING', 'CANCELED']);
    const b = events(tl, 'task.state').filter((e) => e.task === 'b/0' && e.step === cancel);
    expect(b.map((e) => e.to)).toEqual(['CANCELING', 'CANCELED']);
    expect(tl.trace.some((e) => e.type === 'rpc.sent' && e.message.name === 'cancelTask' && e.message.task === 1)).toBe(false);
  });

  it('testCancelFromRunning: CANCELING until the TaskExecutor reports', () => {
    const tl = sources(1, NO_RESTART, [{ at: 300, type: 'cancelJob' }]);
    const cancel = stepOfAction(tl, 'cancelJob');
    expect(stateAt(tl, 'source/0', cancel)).toBe('CANCELING');
    expect(rpcCount(tl, 'cancelTask')).toBe(1);
    expect(taskStates(tl, 'source/0').slice(-2)).toEqual(['CANCELING', 'CANCELED']);
  });

  it('testSendCancelAndReceiveFail: a failure while CANCELING ends in CANCELED', () => {
    const tl = sources(1, NO_RESTART, [{ at: 300, type: 'cancelJob' }, { at: 305, type: 'failTask', task: 'source/0' }]);
    expect(['FAILED', 'CANCELED']).toContain(taskStates(tl, 'source/0').at(-1));
    expect(events(tl, 'job.failure')).toEqual([]);
    expect(jobStatuses(tl).at(-1)).toBe('CANCELED');
  });
});

describe('JobStatus machine', () => {
  it('has Flink 1.20\'s states and leaves no terminal state', () => {
    expect(Object.keys(jobStatusMachine.config.states!).sort()).toEqual([...JOB_STATUSES].sort());
    for (const s of ['FAILED', 'CANCELED', 'FINISHED', 'SUSPENDED'] as const) {
      for (const ev of ['START_SCHEDULING', 'CANCEL', 'FAIL_JOB', 'SUSPEND', 'RESTARTED', 'ALL_FINISHED'] as const) expect(nextJobStatus(s, ev)).toBeNull();
    }
  });

  it('allows exactly the transitions of reference §1.3', () => {
    const EVENTS = ['JOB_MASTER_STARTED', 'START_SCHEDULING', 'RESTART_PENDING', 'RESTARTED', 'FAIL_JOB', 'CANCEL', 'ALL_VERTICES_TERMINAL', 'CANCEL_FAILED', 'ALL_FINISHED', 'SUSPEND', 'RECONCILE', 'RECONCILED'] as const;
    const edges = new Set<string>();
    for (const s of JOB_STATUSES) for (const e of EVENTS) { const to = nextJobStatus(s, e); if (to) edges.add(`${s}->${to}`); }
    const allowed = [
      'INITIALIZING->CREATED', 'INITIALIZING->FAILED', 'INITIALIZING->CANCELLING', 'INITIALIZING->SUSPENDED',
      'CREATED->RUNNING', 'CREATED->CANCELLING', 'CREATED->FAILING', 'CREATED->SUSPENDED', 'CREATED->RECONCILING',
      'RECONCILING->RUNNING',
      'RUNNING->RESTARTING', 'RUNNING->FAILING', 'RUNNING->CANCELLING', 'RUNNING->FINISHED', 'RUNNING->SUSPENDED',
      'RESTARTING->RUNNING', 'RESTARTING->CANCELLING', 'RESTARTING->FAILING', 'RESTARTING->SUSPENDED',
      'FAILING->FAILED', 'FAILING->CANCELLING', 'FAILING->SUSPENDED',
      'CANCELLING->CANCELED', 'CANCELLING->FAILING', 'CANCELLING->FAILED', 'CANCELLING->SUSPENDED',
    ];
    expect([...edges].sort()).toEqual(allowed.sort());
  });

  it('ExecutionState: cancel() before deployment passes CANCELING; a terminal state is never left', () => {
    expect(nextExecutionState('CREATED', 'CANCEL')).toBe('CANCELING');
    expect(nextExecutionState('SCHEDULED', 'CANCEL')).toBe('CANCELING');
    expect(nextExecutionState('CANCELING', 'FAIL')).toBe('CANCELED');
    expect(nextExecutionState('CANCELING', 'FINISH')).toBe('CANCELED');
    for (const s of ['FINISHED', 'CANCELED', 'FAILED'] as const) {
      for (const e of ['SCHEDULE', 'DEPLOY', 'INITIALIZE', 'RUN', 'FINISH', 'CANCEL', 'COMPLETE_CANCELLING', 'FAIL'] as const) {
        expect(nextExecutionState(s, e)).toBeNull();
      }
    }
  });
});
