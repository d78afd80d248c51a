/**
 * The legacy TwoPhaseCommitSinkFunction (reference §7.1, §6.4), after Flink's
 * flink-streaming-java/src/test/java/.../sink/legacy/TwoPhaseCommitSinkFunctionTest.java: the test sink's
 * target directory is `ext.committed`, its temporary directory (open transaction files) `ext.openTxns`.
 */
import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/sim/scenario/Scenario.ts';
import {
  close, finish, initializeState, invoke, newExternalSystem, newTwoPhaseCommitState, notifyCheckpointAborted,
  notifyCheckpointComplete, snapshotState, TwoPhaseCommitError, type ExternalSystem, type TwoPhaseCommitState,
  type TwoPhaseEffect,
} from '../../src/sim/sink/TwoPhaseCommitSinkFunction.ts';

/** `assertExactlyOnce`: every committed record, sorted. */
const committedValues = (ext: ExternalSystem) => ext.committed.flatMap((c) => c.records).map(String).sort();

/** `harness.open()` on a fresh sink. */
function open(ext: ExternalSystem, subtask = 0): TwoPhaseCommitState {
  const s = newTwoPhaseCommitState(subtask);
  initializeState(s, null, ext);
  return s;
}

/** Elements 42, 43, 44 with snapshots 0, 1, 2 after each. */
function threeCheckpoints(ext: ExternalSystem): TwoPhaseCommitState {
  const s = open(ext);
  invoke(s, '42', ext);
  snapshotState(s, 0, ext);
  invoke(s, '43', ext);
  snapshotState(s, 1, ext);
  invoke(s, '44', ext);
  snapshotState(s, 2, ext);
  return s;
}

describe('TwoPhaseCommitSinkFunctionTest', () => {
  it('testNotifyOfCompletedCheckpoint', () => {
    const ext = newExternalSystem();
    const s = threeCheckpoints(ext);
    const effects = notifyCheckpointComplete(s, 1, ext);
    expect(committedValues(ext)).toEqual(['42', '43']);
    expect(ext.openTxns).toHaveLength(2); // the transaction of checkpoint 2 and the current one
    expect(effects.map((e) => [e.type, e.txn, e.checkpointId, e.records, e.outcome])).toEqual([
      ['commit', '0-0', 0, 1, 'done'],
      ['commit', '0-1', 1, 1, 'done'],
    ]);
    expect(s.pending.map((p) => p.checkpointId)).toEqual([2]);
  });

  it('testSubsumedNotificationOfPreviousCheckpoint', () => {
    const ext = newExternalSystem();
    const s = threeCheckpoints(ext);
    notifyCheckpointComplete(s, 2, ext);
    expect(notifyCheckpointComplete(s, 1, ext)).toEqual([]); // already committed with checkpoint 2
    expect(committedValues(ext)).toEqual(['42', '43', '44']);
    expect(ext.openTxns).toHaveLength(1); // the current transaction
  });

  it('testFailBeforeNotify', () => {
    const ext = newExternalSystem();
    const s = open(ext);
    invoke(s, '42', ext);
    snapshotState(s, 0, ext);
    invoke(s, '43', ext);
    const snapshot = snapshotState(s, 1, ext);
    ext.unwritable = true;
    const trace: TwoPhaseEffect[] = [];
    expect(() => {
      invoke(s, '44', ext);
      snapshotState(s, 2, ext, trace);
    }).toThrow(TwoPhaseCommitError);
    expect(trace.map((e) => [e.type, e.outcome])).toEqual([['preCommit', 'failed']]);
    close(s, ext);
    ext.unwritable = false;

    const restored = newTwoPhaseCommitState(0);
    const effects = initializeState(restored, snapshot, ext);
    expect(committedValues(ext)).toEqual(['42', '43']);
    expect(effects.map((e) => e.type)).toEqual(['recoverAndCommit', 'recoverAndCommit', 'recoverAndAbort', 'begin']);
    close(restored, ext);
    expect(ext.openTxns).toEqual([]); // no temporary file left
  });

  it('testFailBeforeNotify: the unwritable pre-commit throws a NotWritableException and leaves the state alone', () => {
    const ext = newExternalSystem();
    const s = open(ext);
    invoke(s, 'x', ext);
    ext.unwritable = true;
    let err: unknown;
    try {
      snapshotState(s, 1, ext);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TwoPhaseCommitError);
    expect((err as TwoPhaseCommitError).javaClass).toBe('NotWritableException');
    expect(s.pending).toEqual([]);
    expect(s.current).toEqual({ id: '0-0', records: ['x'] });
  });

  it('testNoTransactionAfterSinkFunctionFinish', () => {
    const ext = newExternalSystem();
    const s = open(ext);
    invoke(s, '42', ext);
    snapshotState(s, 0, ext);
    invoke(s, '43', ext);
    snapshotState(s, 1, ext);
    invoke(s, '44', ext);
    finish(s);
    snapshotState(s, 2, ext);
    notifyCheckpointComplete(s, 1, ext);
    const trace: TwoPhaseEffect[] = [];
    snapshotState(s, 3, ext, trace); // the previous (null) transaction is not pre-committed
    expect(trace).toEqual([]);
    let err: unknown;
    try {
      invoke(s, '45', ext);
    } catch (e) {
      err = e;
    }
    expect((err as TwoPhaseCommitError).javaClass).toBe('NullPointerException');
    expect(committedValues(ext)).toEqual(['42', '43']);
    expect(ext.openTxns).toHaveLength(1); // the transaction of checkpoint 2
  });

  it('testRecoverFromStateAfterFinished', () => {
    const ext = newExternalSystem();
    const s = open(ext);
    invoke(s, '42', ext);
    finish(s);
    const snapshot = snapshotState(s, 2, ext);
    expect(snapshot.pendingTransaction).toBeNull();
    close(s, ext);
    const restored = newTwoPhaseCommitState(0);
    const effects = initializeState(restored, snapshot, ext);
    expect(effects.filter((e) => e.type === 'abort' || e.type === 'recoverAndAbort')).toEqual([]);
    expect(ext.aborted).toEqual([]);
    expect(committedValues(ext)).toEqual(['42']);
  });
});

describe('TwoPhaseCommitSinkFunction rules', () => {
  it('commit is idempotent: recoverAndCommit of an already committed transaction does nothing', () => {
    const ext = newExternalSystem();
    const s = open(ext);
    invoke(s, 'a', ext);
    const snap = snapshotState(s, 1, ext);
    notifyCheckpointComplete(s, 1, ext); // committed, then the task fails before the next checkpoint
    close(s, ext);
    const effects = initializeState(newTwoPhaseCommitState(0), snap, ext);
    expect(effects[0]).toMatchObject({ type: 'recoverAndCommit', txn: '0-0', checkpointId: 1, outcome: 'alreadyCommitted' });
    expect(committedValues(ext)).toEqual(['a']);
  });

  it('close aborts the open transaction and leaves pre-committed ones pending', () => {
    const ext = newExternalSystem();
    const s = open(ext);
    invoke(s, 'a', ext);
    snapshotState(s, 1, ext);
    invoke(s, 'b', ext);
    expect(close(s, ext)).toEqual([{ type: 'abort', txn: '0-1', checkpointId: null, records: 1, outcome: 'done' }]);
    expect(ext.aborted).toEqual(['0-1']);
    expect(ext.openTxns).toEqual(['0-0']);
    expect(s.current).toBeNull();
    expect(close(s, ext)).toEqual([]);
  });

  it('recoverAndCommit on restore: a checkpoint that completed without notification is committed, the rest aborted', () => {
    const ext = newExternalSystem();
    const s = open(ext);
    invoke(s, 'a', ext);
    invoke(s, { n: 1 } as Json, ext);
    const snap = snapshotState(s, 7, ext);
    invoke(s, 'lost', ext);
    close(s, ext); // failure: checkpoint 7 completed on the JobManager, the notification never arrived
    expect(ext.committed).toEqual([]);
    const r = newTwoPhaseCommitState(0);
    const effects = initializeState(r, [snap], ext);
    expect(ext.committed).toEqual([{ txn: '0-0', records: ['a', { n: 1 }] }]);
    expect(effects.map((e) => [e.type, e.txn, e.outcome])).toEqual([
      ['recoverAndCommit', '0-0', 'done'], ['recoverAndAbort', '0-1', 'alreadyAborted'], ['begin', '0-2', 'done'],
    ]);
    expect(r.pending).toEqual([]);
  });

  it('restoring several states (scale-in) recovers each; transaction ids are never reused', () => {
    const ext = newExternalSystem();
    const a = open(ext, 0);
    const b = open(ext, 1);
    invoke(a, 'a', ext);
    invoke(b, 'b', ext);
    const sa = snapshotState(a, 3, ext);
    const sb = snapshotState(b, 3, ext);
    const r = newTwoPhaseCommitState(0);
    initializeState(r, [sa, sb], ext);
    expect(committedValues(ext)).toEqual(['a', 'b']);
    expect(r.current!.id).toBe('0-2'); // 0-0 and 0-1 are known to the external system
  });

  it('savepoint-style: no notifyCheckpointComplete ⇒ nothing is committed; an abort notification is a no-op', () => {
    const ext = newExternalSystem();
    const s = open(ext);
    invoke(s, 'a', ext);
    snapshotState(s, 5, ext);
    notifyCheckpointAborted(s, 5);
    expect(ext.committed).toEqual([]);
    expect(s.pending.map((p) => p.checkpointId)).toEqual([5]);
    invoke(s, 'b', ext);
    snapshotState(s, 6, ext);
    notifyCheckpointComplete(s, 6, ext); // a later checkpoint commits both
    expect(ext.committed.map((c) => c.txn)).toEqual(['0-0', '0-1']);
  });

  it('a snapshot is a copy: later records do not leak into it', () => {
    const ext = newExternalSystem();
    const s = open(ext);
    const snap = snapshotState(s, 1, ext);
    invoke(s, 'later', ext);
    expect(snap.pendingTransaction).toEqual({ id: '0-1', records: [] });
  });

  it('committing a transaction the system aborted fails after trying the others', () => {
    const ext = newExternalSystem();
    const s = open(ext);
    invoke(s, 'a', ext);
    snapshotState(s, 1, ext);
    invoke(s, 'b', ext);
    snapshotState(s, 2, ext);
    ext.aborted.push('0-0'); // e.g. a transaction timeout in the external system
    ext.openTxns = ext.openTxns.filter((t) => t !== '0-0');
    expect(() => notifyCheckpointComplete(s, 2, ext)).toThrow(/Committing one of transactions failed/);
    expect(ext.committed.map((c) => c.txn)).toEqual(['0-1']);
    expect(s.pending).toEqual([]);
  });
});
