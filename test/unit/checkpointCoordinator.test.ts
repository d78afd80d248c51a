/**
 * The JobManager-side CheckpointCoordinator, its request decider, failure manager, configuration and
 * the pending-checkpoint machine (reference §5.1, §5.2, §6.4), after Flink's
 * flink-runtime/src/test/java/org/apache/flink/runtime/checkpoint/CheckpointCoordinatorTest,
 * CheckpointRequestDeciderTest and CheckpointFailureManagerTest. Driven through the module's functions only.
 */
import { describe, expect, it } from 'vitest';
import {
  abortPendingCheckpoints, createCoordinator, latestCompletedCheckpoint, notYetAcknowledged, onCheckpointTimeout,
  receiveAcknowledge, receiveDecline, startCheckpointScheduler, stopCheckpointScheduler, triggerCheckpoint,
  type CheckpointProps, type CoordinatorCommand, type CoordinatorState, type SubtaskAck,
} from '../../src/sim/checkpoint/CheckpointCoordinator.ts';
import { checkCheckpointConfig, resolveCheckpointConfig, type CheckpointConfig } from '../../src/sim/checkpoint/CheckpointConfig.ts';
import {
  CHECKPOINT_FAILURE_REASONS, EXCEEDED_CHECKPOINT_TOLERABLE_FAILURE_MESSAGE, handleCheckpointException, handleCheckpointSuccess,
  newFailureCounter, type CheckpointFailureReason, type FailureCounter,
} from '../../src/sim/checkpoint/CheckpointFailureManager.ts';
import {
  chooseQueuedRequestToExecute, chooseRequestToExecute, type DeciderContext, type TriggerRequest,
} from '../../src/sim/checkpoint/CheckpointRequestDecider.ts';
import { CHECKPOINT_STATUSES, nextCheckpointStatus, pendingCheckpointMachine } from '../../src/sim/checkpoint/PendingCheckpointMachine.ts';

const CP: CheckpointProps = { savepoint: false, synchronous: false };
const SP: CheckpointProps = { savepoint: true, synchronous: false };
const SYNC_SP: CheckpointProps = { savepoint: true, synchronous: true };

const config = (over: Partial<CheckpointConfig> = {}): CheckpointConfig =>
  ({ ...resolveCheckpointConfig({ 'execution.checkpointing.interval': 1000 }), ...over });
const ack = (at: number): SubtaskAck => ({ ackAt: at, stateSize: 100, persistedData: 0, snapshot: { at } });
const of = <T extends CoordinatorCommand['type']>(cmds: CoordinatorCommand[], type: T) =>
  cmds.filter((c): c is Extract<CoordinatorCommand, { type: T }> => c.type === type);

/** A coordinator over `tasks` (all of them sources, as in CheckpointCoordinatorTest's graphs). */
function coordinator(cfg: CheckpointConfig, tasks: string[] = ['v1', 'v2']) {
  const s = createCoordinator();
  const trigger = (now: number, props = CP, periodic = false) =>
    triggerCheckpoint(s, cfg, now, { periodic, props, sources: tasks, allTasks: tasks });
  const ackAll = (now: number, id: number) => tasks.flatMap((t) => receiveAcknowledge(s, cfg, now, id, t, ack(now)).commands);
  return { s, trigger, ackAll };
}
const pendingIds = (s: CoordinatorState) => s.pending.map((p) => p.id);
const statusOf = (s: CoordinatorState, id: number) => s.history.find((h) => h.id === id)?.status;

describe('CheckpointCoordinatorTest', () => {
  it('testTriggerAndConfirmSimpleCheckpoint', () => {
    const cfg = config();
    const { s, trigger } = coordinator(cfg);
    const cmds = trigger(0);
    expect(s.pending).toHaveLength(1);
    expect(s.completed).toHaveLength(0);
    const [cp] = s.pending;
    expect(cp!.id).toBe(1);
    expect(notYetAcknowledged(cp!)).toEqual(['v1', 'v2']);
    expect(of(cmds, 'scheduleTimeout')).toEqual([{ type: 'scheduleTimeout', id: 1, at: 600_000 }]);
    expect(of(cmds, 'triggerTasks')).toEqual([{ type: 'triggerTasks', id: 1, timestamp: 0, props: CP, tasks: ['v1', 'v2'] }]);

    expect(receiveAcknowledge(s, cfg, 5, 1, 'v2', ack(5))).toEqual({ result: 'SUCCESS', commands: [] });
    expect(Object.keys(s.pending[0]!.acknowledged)).toEqual(['v2']);
    expect(notYetAcknowledged(s.pending[0]!)).toEqual(['v1']);
    // duplicate: ignored
    expect(receiveAcknowledge(s, cfg, 6, 1, 'v2', ack(6)).result).toBe('DUPLICATE');
    expect(s.pending).toHaveLength(1);
    expect(s.pending[0]!.status).toBe('IN_PROGRESS');

    const done = receiveAcknowledge(s, cfg, 7, 1, 'v1', ack(7));
    expect(done.result).toBe('SUCCESS');
    expect(s.pending).toHaveLength(0);
    expect(s.completed.map((c) => [c.id, c.status, c.completedAt])).toEqual([[1, 'COMPLETED', 7]]);
    expect(of(done.commands, 'notifyComplete')).toEqual([{ type: 'notifyComplete', id: 1, tasks: ['v1', 'v2'] }]);
    expect(onCheckpointTimeout(s, cfg, 600_000, 1)).toEqual([]); // the canceller is void once completed
    expect(s.completed[0]!.status).toBe('COMPLETED');

    trigger(10);
    receiveAcknowledge(s, cfg, 11, 2, 'v1', ack(11));
    const second = receiveAcknowledge(s, cfg, 12, 2, 'v2', ack(12));
    expect(s.pending).toHaveLength(0);
    expect(s.completed.map((c) => c.id)).toEqual([2]); // num-retained 1
    expect(latestCompletedCheckpoint(s)?.id).toBe(2);
    expect(of(second.commands, 'notifyComplete')).toEqual([{ type: 'notifyComplete', id: 2, tasks: ['v1', 'v2'] }]);
    expect(s.history.map((h) => [h.id, h.status])).toEqual([[1, 'SUBSUMED'], [2, 'COMPLETED']]);
    expect(s.history[1]!.acknowledged.v1!.snapshot).toBeNull(); // the history keeps no snapshots
    expect(s.completed[0]!.acknowledged.v1!.snapshot).toEqual({ at: 11 });
  });

  for (const n of [1, 2, 7]) {
    it(`testMaxConcurrentAttempts (${n})`, () => {
      const cfg = config({ intervalMs: 10, timeoutMs: 200_000, minPauseMs: 0, maxConcurrent: n });
      const { s, trigger } = coordinator(cfg, ['v1']);
      expect(startCheckpointScheduler(s, cfg, 0, 10)).toEqual([{ type: 'scheduleTrigger', at: 10 }]);
      const triggered: number[] = [];
      const periodic = (t: number) => {
        const cmds = trigger(t, CP, true);
        triggered.push(...of(cmds, 'triggerTasks').map((c) => c.id));
        expect(of(cmds, 'scheduleTrigger')).toEqual([{ type: 'scheduleTrigger', at: t + 10 }]); // fixed rate
        return cmds;
      };
      for (let i = 1; i <= n; i++) periodic(10 * i);
      expect(triggered).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(s.completed).toHaveLength(0);
      // At the limit, the next periodic request waits in the queue.
      periodic(10 * (n + 1));
      expect(triggered).toHaveLength(n);
      expect(s.queued).toBe(1);
      // Once one checkpoint is acknowledged, the queued request runs at once.
      const cmds = receiveAcknowledge(s, cfg, 10 * n + 15, 1, 'v1', ack(0)).commands;
      expect(of(cmds, 'triggerTasks').map((c) => c.id)).toEqual([n + 1]);
      triggered.push(n + 1);
      expect(s.queued).toBe(0);
      // No further checkpoints.
      periodic(10 * (n + 2));
      expect(triggered).toHaveLength(n + 1);
      expect(s.queued).toBe(1);
      expect(s.pending).toHaveLength(n);
      expect(s.nextId).toBe(n + 2);
    });
  }

  it('testMaxConcurrentAttemptsWithSubsumption', () => {
    const cfg = config({ intervalMs: 10, timeoutMs: 200_000, maxConcurrent: 2 });
    const { s, trigger } = coordinator(cfg, ['v1']);
    for (const t of [10, 20, 30, 40]) trigger(t, CP, true);
    expect(pendingIds(s)).toEqual([1, 2]);
    expect(s.queued).toBe(2);
    const cmds = receiveAcknowledge(s, cfg, 45, 2, 'v1', ack(45)).commands;
    expect(cmds.map((c) => c.type)).toEqual(['completed', 'aborted', 'notifyAborted', 'notifyComplete', 'scheduleTimeout', 'triggerTasks', 'scheduleTimeout', 'triggerTasks']);
    expect(of(cmds, 'aborted')).toEqual([{ type: 'aborted', id: 1, reason: 'CHECKPOINT_SUBSUMED' }]);
    expect(of(cmds, 'failJob')).toEqual([]); // subsumption is not a counted failure
    expect(pendingIds(s)).toEqual([3, 4]);
    expect(statusOf(s, 1)).toBe('FAILED');
  });

  it('testMinCheckpointPause', () => {
    const cfg = config({ intervalMs: 1000, minPauseMs: 1000, maxConcurrent: 1, timeoutMs: 1e12 });
    const { s, trigger } = coordinator(cfg, ['v']);
    expect(of(trigger(0, CP, true), 'triggerTasks')).toHaveLength(1); // periodic #1 runs
    expect(of(trigger(0, CP, true), 'triggerTasks')).toHaveLength(0); // periodic #2 is queued
    expect(s.queued).toBe(1);
    const cmds = receiveAcknowledge(s, cfg, 100, 1, 'v', ack(100)).commands;
    // The queued periodic request is within min-pause of the completion: dropped, trigger moved.
    expect(of(cmds, 'triggerRejected')).toEqual([{ type: 'triggerRejected', reason: 'MINIMUM_TIME_BETWEEN_CHECKPOINTS', periodic: true, savepoint: false }]);
    expect(of(cmds, 'scheduleTrigger')).toEqual([{ type: 'scheduleTrigger', at: 1100 }]);
    expect(s.pending).toHaveLength(0);
    // 500 ms later: still nothing; a trigger then is refused and rescheduled to the same time.
    const early = trigger(600, CP, true);
    expect(s.pending).toHaveLength(0);
    expect(of(early, 'scheduleTrigger')).toEqual([{ type: 'scheduleTrigger', at: 1100 }]);
    // Eventually the second checkpoint runs.
    expect(of(trigger(1100, CP, true), 'triggerTasks').map((c) => c.id)).toEqual([2]);
    expect(s.pending).toHaveLength(1);
  });

  it('testSavepointsAreNotSubsumed', () => {
    const cfg = config({ maxConcurrent: 2147483647 });
    const { s, trigger, ackAll } = coordinator(cfg);
    trigger(0, SP); // savepoint 1
    trigger(1); // checkpoint 2
    trigger(2); // checkpoint 3
    expect(pendingIds(s)).toEqual([1, 2, 3]);
    const c3 = ackAll(3, 3);
    expect(pendingIds(s)).toEqual([1]); // 2 subsumed, the savepoint still pending
    expect(of(c3, 'aborted')).toEqual([{ type: 'aborted', id: 2, reason: 'CHECKPOINT_SUBSUMED' }]);
    expect(s.completed.map((c) => c.id)).toEqual([3]);
    expect(s.pending[0]!.status).toBe('IN_PROGRESS');

    trigger(4); // checkpoint 4
    trigger(5, SP); // savepoint 5
    const s5 = ackAll(6, 5);
    expect(pendingIds(s)).toEqual([1, 4]); // savepoints do not subsume checkpoints
    expect(of(s5, 'notifyComplete')).toEqual([]); // and commit nothing
    expect(s.completed.map((c) => c.id)).toEqual([3]);
    expect(s.savepoints.map((c) => c.id)).toEqual([5]);

    expect(of(ackAll(7, 1), 'notifyComplete')).toEqual([]);
    expect(pendingIds(s)).toEqual([4]);
    expect(s.savepoints.map((c) => [c.id, c.status])).toEqual([[5, 'COMPLETED'], [1, 'COMPLETED']]);

    const c4 = ackAll(8, 4);
    expect(of(c4, 'notifyComplete').map((c) => c.id)).toEqual([4]);
    expect(s.completed.map((c) => c.id)).toEqual([4]);
    expect(statusOf(s, 3)).toBe('SUBSUMED');
    expect(s.savepoints.every((p) => p.status === 'COMPLETED')).toBe(true);
    expect(latestCompletedCheckpoint(s)?.id).toBe(4); // intermediate savepoints are not for recovery
  });

  it('testConcurrentSavepoints and testMinDelayBetweenSavepoints: forced savepoints ignore max-concurrent and min-pause', () => {
    const cfg = config({ maxConcurrent: 1, minPauseMs: 100_000_000 });
    const { s, trigger } = coordinator(cfg, ['v1']);
    for (let i = 0; i < 5; i++) trigger(i, SP);
    expect(pendingIds(s)).toEqual([1, 2, 3, 4, 5]);
    for (let id = 5; id >= 1; id--) receiveAcknowledge(s, cfg, 10, id, 'v1', ack(10));
    expect(s.savepoints).toHaveLength(5);
    // With unaligned checkpoints savepoints are not forced (forSavepoint(!unalignedCheckpointsEnabled, …)).
    const u = coordinator(config({ maxConcurrent: 1, unaligned: true }), ['v1']);
    u.trigger(0);
    u.trigger(1, SP);
    expect(pendingIds(u.s)).toEqual([1]);
    expect(u.s.queued).toBe(1);
  });

  it('notifyCheckpointComplete only if !savepoint || synchronous; a stop-with-savepoint subsumes older checkpoints', () => {
    const cfg = config({ maxConcurrent: 5 });
    const { s, trigger, ackAll } = coordinator(cfg);
    trigger(0); // 1
    trigger(1, SYNC_SP); // 2
    const cmds = ackAll(2, 2);
    expect(of(cmds, 'aborted')).toEqual([{ type: 'aborted', id: 1, reason: 'CHECKPOINT_SUBSUMED' }]);
    expect(of(cmds, 'notifyComplete')).toEqual([{ type: 'notifyComplete', id: 2, tasks: ['v1', 'v2'] }]);
    expect(latestCompletedCheckpoint(s)?.id).toBe(2); // newer than any completed checkpoint
    expect(s.completed).toHaveLength(0);
  });

  it('ids start at 1; aborted attempts consume ids', () => {
    const cfg = config();
    const { s, trigger, ackAll } = coordinator(cfg);
    trigger(0);
    expect(receiveDecline(s, cfg, 1, 1, 'v1', 'CHECKPOINT_DECLINED_TASK_NOT_READY').map((c) => c.type)).toEqual(['aborted', 'notifyAborted']);
    trigger(2);
    expect(pendingIds(s)).toEqual([2]);
    ackAll(3, 2);
    expect(s.history.map((h) => [h.id, h.status, h.failureReason])).toEqual([[1, 'FAILED', 'CHECKPOINT_DECLINED_TASK_NOT_READY'], [2, 'COMPLETED', undefined]]);
  });

  it('testCheckpointTimeoutIsolated: the canceller expires it with CHECKPOINT_EXPIRED, a late ack is discarded', () => {
    const cfg = config({ timeoutMs: 200, tolerableFailures: 5 });
    const { s, trigger } = coordinator(cfg);
    const [timeout] = of(trigger(0), 'scheduleTimeout');
    expect(timeout).toEqual({ type: 'scheduleTimeout', id: 1, at: 200 });
    receiveAcknowledge(s, cfg, 50, 1, 'v1', ack(50));
    const cmds = onCheckpointTimeout(s, cfg, 200, 1);
    expect(cmds).toEqual([
      { type: 'aborted', id: 1, reason: 'CHECKPOINT_EXPIRED' },
      { type: 'notifyAborted', id: 1, reason: 'CHECKPOINT_EXPIRED', tasks: ['v1', 'v2'] },
    ]);
    expect(s.pending).toHaveLength(0);
    expect(s.history[0]).toMatchObject({ status: 'FAILED', failedAt: 200, failureReason: 'CHECKPOINT_EXPIRED' });
    expect(s.failures.continuous).toBe(1);
    expect(receiveAcknowledge(s, cfg, 250, 1, 'v2', ack(250))).toEqual({ result: 'DISCARDED', commands: [] });
  });

  it('testStateCleanupForLateOrUnknownMessages: unknown checkpoint → DISCARDED, unknown task → UNKNOWN', () => {
    const cfg = config();
    const { s, trigger } = coordinator(cfg);
    trigger(0);
    expect(receiveAcknowledge(s, cfg, 1, 99, 'v1', ack(1)).result).toBe('DISCARDED');
    expect(receiveAcknowledge(s, cfg, 1, 1, 'nobody', ack(1)).result).toBe('UNKNOWN');
    expect(s.pending[0]!.acknowledged).toEqual({});
    expect(receiveDecline(s, cfg, 2, 99, 'v1', 'CHECKPOINT_DECLINED')).toEqual([]);
  });

  it('testExpiredCheckpointExceedsTolerableFailureNumber and tolerable failures through the coordinator', () => {
    const zero = coordinator(config());
    zero.trigger(0);
    expect(of(receiveDecline(zero.s, config(), 1, 1, 'v1', 'CHECKPOINT_DECLINED'), 'failJob'))
      .toEqual([{ type: 'failJob', reason: EXCEEDED_CHECKPOINT_TOLERABLE_FAILURE_MESSAGE }]);

    const cfg = config({ tolerableFailures: 1, maxConcurrent: 3 });
    const { s, trigger, ackAll } = coordinator(cfg);
    const fails = (cmds: CoordinatorCommand[]) => of(cmds, 'failJob').length;
    trigger(0);
    expect(fails(onCheckpointTimeout(s, cfg, 10, 1))).toBe(0); // counter 1
    trigger(11);
    ackAll(12, 2); // success resets
    expect(s.failures.continuous).toBe(0);
    trigger(13);
    expect(fails(receiveDecline(s, cfg, 14, 3, 'v1', 'CHECKPOINT_DECLINED'))).toBe(0); // 1
    trigger(15);
    expect(fails(receiveDecline(s, cfg, 16, 4, 'v2', 'CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER'))).toBe(0); // not counted
    trigger(17);
    expect(fails(abortPendingCheckpoints(s, cfg, 18, 'CHECKPOINT_COORDINATOR_SUSPEND'))).toBe(0); // not counted
    trigger(19);
    expect(fails(onCheckpointTimeout(s, cfg, 20, 6))).toBe(1); // 2 > 1
    expect(s.failures.continuous).toBe(0); // cleared when the job is failed
  });

  it('only ids newer than the last success count; savepoint failures', () => {
    const cfg = config({ maxConcurrent: 5 });
    const { s, trigger, ackAll } = coordinator(cfg);
    trigger(0, SP); // 1
    trigger(1); // 2
    ackAll(2, 2);
    // A task declines the older savepoint: id 1 ≤ last success 2, not counted.
    expect(of(receiveDecline(s, cfg, 3, 1, 'v1', 'CHECKPOINT_DECLINED'), 'failJob')).toEqual([]);
    // A savepoint expiring (JobManager side) never counts.
    trigger(4, SP);
    expect(of(onCheckpointTimeout(s, cfg, 5, 3), 'failJob')).toEqual([]);
    // A task declining stop-with-savepoint always fails the job.
    trigger(6, SYNC_SP);
    expect(of(receiveDecline(s, cfg, 7, 4, 'v2', 'CHECKPOINT_DECLINED_TASK_NOT_READY'), 'failJob'))
      .toEqual([{ type: 'failJob', reason: 'Checkpoint was declined (tasks not ready)' }]);
  });

  it('stopCheckpointScheduler: queued requests fail and pending ones abort with CHECKPOINT_COORDINATOR_SUSPEND', () => {
    const cfg = config({ maxConcurrent: 1 });
    const { s, trigger } = coordinator(cfg);
    startCheckpointScheduler(s, cfg, 0);
    trigger(1000, CP, true);
    trigger(2000, CP, true);
    expect(s.queued).toBe(1);
    const cmds = stopCheckpointScheduler(s, cfg, 2500);
    expect(cmds.map((c) => c.type)).toEqual(['triggerRejected', 'aborted', 'notifyAborted']);
    expect(s).toMatchObject({ queued: 0, queue: [], pending: [], nextTriggerAt: null });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s); // plain data
  });
});

describe('CheckpointRequestDeciderTest', () => {
  const req = (over: Partial<TriggerRequest> = {}): TriggerRequest =>
    ({ periodic: true, props: CP, force: false, timestamp: 0, sources: [], allTasks: [], ...over });
  const ctx = (over: Partial<DeciderContext> = {}): DeciderContext =>
    ({ now: 1000, pendingCount: 0, lastCompletionAt: null, maxConcurrent: 1, minPauseMs: 10, ...over });

  it('testForce', () => {
    const r = req({ props: SP, force: true });
    expect(chooseRequestToExecute([], r, ctx({ pendingCount: 1 })).execute).toBe(r);
  });
  it('testEnqueueOnTooManyPending and testNonForcedEnqueueOnTooManyPending', () => {
    for (const r of [req(), req({ props: SP, periodic: false })]) {
      const queue: TriggerRequest[] = [];
      expect(chooseRequestToExecute(queue, r, ctx({ pendingCount: 1 })).execute).toBeNull();
      expect(chooseQueuedRequestToExecute(queue, ctx({ pendingCount: 0 })).execute).toBe(r);
    }
  });
  it('testNonForcedUserSubmittedPrioritized, testNonForcedSavepointPrioritized', () => {
    const queue: TriggerRequest[] = [];
    const periodic = req({ props: SP });
    const user = req({ props: SP, periodic: false });
    const checkpoint = req({ periodic: false });
    for (const r of [checkpoint, periodic, user]) chooseRequestToExecute(queue, r, ctx({ pendingCount: 1 }));
    expect(queue).toEqual([user, periodic, checkpoint]);
  });
  it('testQueueSizeLimit and testQueueSizeLimitPriority', () => {
    const queue: TriggerRequest[] = [];
    const dropped = Array.from({ length: 11 }, (_, i) =>
      chooseRequestToExecute(queue, req({ timestamp: i }), ctx({ pendingCount: 1, maxQueued: 10 })).dropped);
    expect(dropped.flat().map((d) => [d.request.timestamp, d.reason])).toEqual([[10, 'TOO_MANY_CHECKPOINT_REQUESTS']]);
    const one: TriggerRequest[] = [];
    const checkpoint = req();
    chooseRequestToExecute(one, checkpoint, ctx({ pendingCount: 1, maxQueued: 1 }));
    const d = chooseRequestToExecute(one, req({ props: SP, periodic: false }), ctx({ pendingCount: 1, maxQueued: 1 }));
    expect(d.dropped.map((x) => x.request)).toEqual([checkpoint]);
    // Only user requests queued: the new one is dropped instead.
    const user = [req({ periodic: false })];
    const d2 = chooseRequestToExecute(user, req(), ctx({ pendingCount: 1, maxQueued: 1 }));
    expect(d2.dropped.map((x) => [x.request.periodic, x.reason])).toEqual([[true, 'TOO_MANY_CHECKPOINT_REQUESTS']]);
    expect(user).toHaveLength(1);
  });
  it('testCheckpointTiming and testSavepointTiming', () => {
    const at = ctx({ lastCompletionAt: 1000, now: 1000 });
    const periodic = chooseRequestToExecute([], req(), at);
    expect(periodic).toMatchObject({ execute: null, rescheduleDelay: 10 });
    expect(periodic.dropped.map((x) => x.reason)).toEqual(['MINIMUM_TIME_BETWEEN_CHECKPOINTS']);
    expect(chooseRequestToExecute([], req({ periodic: false }), at).execute).not.toBeNull();
    expect(chooseRequestToExecute([], req({ props: SP, force: true }), at).execute).not.toBeNull();
    expect(chooseRequestToExecute([], req({ props: SP, periodic: false }), at).execute).not.toBeNull();
  });
});

describe('CheckpointFailureManagerTest', () => {
  const expired = (f: FailureCounter, id: number, tolerable = 2, reason: string = 'CHECKPOINT_EXPIRED') =>
    handleCheckpointException(f, tolerable, { id, savepoint: false, synchronous: false, task: null, reason });
  it('testIgnoresPastCheckpoints', () => {
    const f = newFailureCounter();
    const out = [expired(f, 1), expired(f, 2)];
    handleCheckpointSuccess(f, 2);
    out.push(expired(f, 1), expired(f, 3), expired(f, 4));
    expect(out.every((x) => x === null)).toBe(true);
  });
  it('testContinuousFailure', () => {
    const f = newFailureCounter();
    const out = [expired(f, 1, 2, 'CHECKPOINT_DECLINED'), expired(f, 2, 2, 'CHECKPOINT_DECLINED'),
      expired(f, 3, 2, 'JOB_FAILOVER_REGION'), expired(f, 4, 2, 'CHECKPOINT_DECLINED')];
    expect(out).toEqual([null, null, null, EXCEEDED_CHECKPOINT_TOLERABLE_FAILURE_MESSAGE]);
  });
  it('testBreakContinuousFailure', () => {
    const f = newFailureCounter();
    expired(f, 1, 2, 'IO_EXCEPTION');
    expired(f, 2, 2, 'CHECKPOINT_DECLINED');
    expired(f, 3, 2, 'JOB_FAILOVER_REGION');
    handleCheckpointSuccess(f, 4);
    expect(expired(f, 5)).toBeNull();
  });
  it('testTotalCountValue', () => {
    const f = newFailureCounter();
    const failed = (Object.keys(CHECKPOINT_FAILURE_REASONS) as CheckpointFailureReason[]).filter((r) => expired(f, -2, 0, r) !== null);
    expect(failed.sort()).toEqual(['CHECKPOINT_ASYNC_EXCEPTION', 'CHECKPOINT_DECLINED', 'CHECKPOINT_EXPIRED', 'FINALIZE_CHECKPOINT_FAILURE', 'IO_EXCEPTION']);
  });
  it('testIgnoreOneCheckpointRepeatedlyCountMultiTimes', () => {
    const f = newFailureCounter();
    const out = [expired(f, 1, 2, 'CHECKPOINT_DECLINED'), expired(f, 2, 2, 'CHECKPOINT_DECLINED'),
      expired(f, 3, 2, 'JOB_FAILOVER_REGION'), expired(f, 2, 2, 'CHECKPOINT_DECLINED')];
    expect(out).toEqual([null, null, null, null]);
    expect(f.countedIds).toEqual([1, 2]);
  });
});

describe('CheckpointConfig', () => {
  it('resolves Flink 1.20 defaults (reference §5.1)', () => {
    expect(resolveCheckpointConfig({})).toEqual({
      enabled: false, intervalMs: -1, mode: 'EXACTLY_ONCE', timeoutMs: 600_000, maxConcurrent: 1, minPauseMs: 0,
      tolerableFailures: 0, numRetained: 1, unaligned: false, alignedTimeoutMs: 0, afterTasksFinish: true,
    });
    const c = resolveCheckpointConfig({
      'execution.checkpointing.interval': 5000, 'execution.checkpointing.mode': 'AT_LEAST_ONCE',
      'execution.checkpointing.num-retained': 3, 'execution.checkpointing.unaligned.enabled': true,
    });
    expect(c).toMatchObject({ enabled: true, intervalMs: 5000, mode: 'AT_LEAST_ONCE', numRetained: 3, unaligned: true });
    expect(checkCheckpointConfig(config())).toEqual([]);
  });
  it('rejects contradictory settings with Flink\'s messages', () => {
    const one = (over: Partial<CheckpointConfig>) => {
      const errors = checkCheckpointConfig(config(over));
      expect(errors).toHaveLength(1);
      return errors[0]!;
    };
    expect(one({ timeoutMs: 0 })).toMatch(/^Checkpoint timeout must be larger than zero .*execution\.checkpointing\.timeout/);
    expect(one({ intervalMs: 5 })).toMatch(/^Checkpoint interval must be larger than or equal to 10 ms .*execution\.checkpointing\.interval/);
    expect(one({ maxConcurrent: 0 })).toMatch(/^The maximum number of concurrent attempts must be at least one\..*max-concurrent-checkpoints/);
    expect(one({ minPauseMs: -1 })).toMatch(/^Pause value must be zero or positive .*min-pause/);
    expect(one({ tolerableFailures: -1 })).toMatch(/^The tolerable failure checkpoint number must be non-negative\..*tolerable-failed-checkpoints/);
    expect(one({ unaligned: true, mode: 'AT_LEAST_ONCE' })).toMatch(/^Unaligned checkpoints can only be used with checkpointing mode EXACTLY_ONCE/);
    expect(one({ unaligned: true, maxConcurrent: 2 })).toMatch(/max-concurrent-checkpoints is 1/);
    expect(checkCheckpointConfig(config({ enabled: false, intervalMs: -1 }))).toEqual([]);
  });
});

describe('PendingCheckpointMachine', () => {
  it('every transition, and invalid ones are refused', () => {
    const events = ['ACKNOWLEDGE', 'FULLY_ACKNOWLEDGED', 'ABORT', 'SUBSUME'] as const;
    const table = Object.fromEntries(CHECKPOINT_STATUSES.map((s) => [s, events.map((e) => nextCheckpointStatus(s, e))]));
    expect(table).toEqual({
      IN_PROGRESS: ['IN_PROGRESS', 'COMPLETED', 'FAILED', null],
      COMPLETED: [null, null, null, 'SUBSUMED'],
      FAILED: [null, null, null, null],
      SUBSUMED: [null, null, null, null],
    });
    expect(nextCheckpointStatus('COMPLETED', { type: 'SUBSUME', savepoint: true })).toBeNull(); // savepoints never
    expect(pendingCheckpointMachine.config.initial).toBe('IN_PROGRESS');
  });
});
