/**
 * The legacy exactly-once sink, after Flink's
 * flink-streaming-java/src/main/java/org/apache/flink/streaming/api/functions/sink/legacy/TwoPhaseCommitSinkFunction.java
 * (reference §7.1), over a transactional external system modelled as plain data: records are appended
 * to the open transaction, `snapshotState` pre-commits it (flush; the only step that writes to the
 * storage) and remembers it under the checkpoint id, `notifyCheckpointComplete` commits every pending
 * transaction up to that id. Like the test sink of TwoPhaseCommitSinkFunctionTest, a transaction is a
 * temporary file: begin creates it, commit moves it to the committed area, abort deletes it.
 *
 * All state is plain JSON mutated in place. Functions that Flink may throw from throw `TwoPhaseCommitError`.
 */
import type { Json } from '../scenario/Scenario.ts';
import { SimulationError } from '../kernel/errors.ts';

/** A transaction of the external system; ids are deterministic: `${txnPrefix}${n}`. */
export type Transaction = { id: string; records: Json[] };

/** One subtask's sink function state. */
export type TwoPhaseCommitState = {
  /** `currentTransactionHolder`: null before `initializeState`, after `finish` + snapshot, after `close`. */
  current: Transaction | null;
  /** `pendingCommitTransactions` (a LinkedHashMap): pre-committed, awaiting a checkpoint-complete notification. */
  pending: { checkpointId: number; txn: Transaction }[];
  /** `finished`: set by `finish()`; no new transaction is begun after the next snapshot. */
  finished: boolean;
  /** The next transaction number to try. */
  nextTxn: number;
  /** Prefix of this subtask's transaction ids, e.g. `0-`. */
  txnPrefix: string;
};

/** `TwoPhaseCommitSinkFunction.State`: what one subtask puts into its (SPLIT_DISTRIBUTE) list state. */
export type TwoPhaseSnapshot = {
  /** `pendingTransaction`: the transaction opened by the snapshot (null after `finish`). */
  pendingTransaction: Transaction | null;
  /** `pendingCommitTransactions`, in insertion order. */
  pendingCommitTransactions: { checkpointId: number; txn: Transaction }[];
};

/** The external system: what a `read_committed` reader sees is `committed`. */
export type ExternalSystem = {
  committed: { txn: string; records: Json[] }[];
  aborted: string[];
  /** Transactions begun and neither committed nor aborted (the test's temporary files). */
  openTxns: string[];
  /** "Storage becomes unwritable" (the test's `tmpDirectory.setWritable(false)`): pre-commits fail. */
  unwritable?: boolean;
};

/** What happened, for the trace. `outcome` says what the external system did. */
export type TwoPhaseEffect = {
  type: 'begin' | 'preCommit' | 'commit' | 'abort' | 'recoverAndCommit' | 'recoverAndAbort';
  txn: string;
  /** The checkpoint the transaction belongs to (null for begin, abort and the recovered open transaction). */
  checkpointId: number | null;
  records: number;
  outcome: 'done' | 'alreadyCommitted' | 'alreadyAborted' | 'failed';
  error?: string;
};

/** A Java exception the sink function throws; `javaClass` names the Java class. */
export class TwoPhaseCommitError extends SimulationError {
  readonly javaClass: 'NullPointerException' | 'NotWritableException' | 'FlinkRuntimeException' | 'IllegalStateException';
  /** What happened before the throw (so the runtime can still trace it). */
  readonly effects: TwoPhaseEffect[];
  constructor(javaClass: TwoPhaseCommitError['javaClass'], message: string, effects: TwoPhaseEffect[] = []) {
    super(message);
    this.name = 'TwoPhaseCommitError';
    this.javaClass = javaClass;
    this.effects = effects;
  }
}

export const newExternalSystem = (): ExternalSystem => ({ committed: [], aborted: [], openTxns: [] });

/** A sink subtask before `initializeState`; `subtask` names its transactions (`${subtask}-${n}`). */
export const newTwoPhaseCommitState = (subtask: number | string): TwoPhaseCommitState => ({
  current: null, pending: [], finished: false, nextTxn: 0, txnPrefix: `${subtask}-`,
});

const isCommitted = (ext: ExternalSystem, id: string) => ext.committed.some((c) => c.txn === id);
const used = (ext: ExternalSystem, id: string) => isCommitted(ext, id) || ext.aborted.includes(id) || ext.openTxns.includes(id);
const dropOpen = (ext: ExternalSystem, id: string) => {
  ext.openTxns = ext.openTxns.filter((t) => t !== id);
};
const effect = (type: TwoPhaseEffect['type'], txn: Transaction, checkpointId: number | null,
  outcome: TwoPhaseEffect['outcome'] = 'done'): TwoPhaseEffect => ({ type, txn: txn.id, checkpointId, records: txn.records.length, outcome });

/** `beginTransaction`: the next unused id (a restarted subtask never reuses an id the system has seen). */
function begin(s: TwoPhaseCommitState, ext: ExternalSystem, effects: TwoPhaseEffect[]): Transaction {
  let id = `${s.txnPrefix}${s.nextTxn++}`;
  while (used(ext, id)) id = `${s.txnPrefix}${s.nextTxn++}`;
  ext.openTxns.push(id);
  const txn: Transaction = { id, records: [] };
  effects.push(effect('begin', txn, null));
  return txn;
}

/** `commit` / `recoverAndCommit`: idempotent; committing an aborted transaction fails. */
function commit(type: 'commit' | 'recoverAndCommit', txn: Transaction, checkpointId: number, ext: ExternalSystem): TwoPhaseEffect {
  if (isCommitted(ext, txn.id)) return effect(type, txn, checkpointId, 'alreadyCommitted');
  if (ext.aborted.includes(txn.id)) {
    return { ...effect(type, txn, checkpointId, 'failed'), error: `Transaction [${txn.id}] was aborted and can not be committed` };
  }
  dropOpen(ext, txn.id);
  ext.committed.push({ txn: txn.id, records: structuredClone(txn.records) });
  return effect(type, txn, checkpointId);
}

/** `abort` / `recoverAndAbort`: deletes the transaction; aborting twice does nothing more. */
function abort(type: 'abort' | 'recoverAndAbort', txn: Transaction, ext: ExternalSystem): TwoPhaseEffect {
  if (isCommitted(ext, txn.id)) return effect(type, txn, null, 'alreadyCommitted'); // a committed txn stays committed
  if (ext.aborted.includes(txn.id)) return effect(type, txn, null, 'alreadyAborted');
  dropOpen(ext, txn.id);
  ext.aborted.push(txn.id);
  return effect(type, txn, null);
}

/**
 * `initializeState`: for every restored State, recoverAndCommit each pending transaction (in order),
 * then recoverAndAbort its open transaction; then clear pending and begin a transaction. `restored` is
 * null for a fresh start, or the list-state elements this subtask got (one, or several after scale-in).
 * A failed recoverAndCommit is rethrown (Flink: "If this fails to succeed eventually, there is actually data loss").
 */
export function initializeState(
  s: TwoPhaseCommitState,
  restored: TwoPhaseSnapshot | readonly TwoPhaseSnapshot[] | null,
  ext: ExternalSystem,
): TwoPhaseEffect[] {
  const effects: TwoPhaseEffect[] = [];
  const states = restored === null ? [] : Array.isArray(restored) ? restored : [restored as TwoPhaseSnapshot];
  for (const st of states) {
    for (const { checkpointId, txn } of st.pendingCommitTransactions) {
      const e = commit('recoverAndCommit', txn, checkpointId, ext);
      effects.push(e);
      if (e.outcome === 'failed') throw new TwoPhaseCommitError('FlinkRuntimeException', e.error!, effects);
    }
    if (st.pendingTransaction) effects.push(abort('recoverAndAbort', st.pendingTransaction, ext));
  }
  s.pending = [];
  s.current = begin(s, ext, effects);
  return effects;
}

/** `invoke(value, context)`: append to the open transaction. */
export function invoke(s: TwoPhaseCommitState, value: Json, _ext?: ExternalSystem): void {
  if (!s.current) {
    throw new TwoPhaseCommitError('NullPointerException', 'Two phase commit sink function with null transaction should not be invoked! ');
  }
  s.current.records.push(structuredClone(value));
}

/**
 * `snapshotState` (synchronous phase): preCommit the open transaction and remember it under
 * `checkpointId`, then begin a new one unless finished. Returns the list-state element. If the storage is
 * unwritable the preCommit throws and nothing changes (the open transaction stays open).
 */
export function snapshotState(
  s: TwoPhaseCommitState,
  checkpointId: number,
  ext: ExternalSystem,
  effects: TwoPhaseEffect[] = [],
): TwoPhaseSnapshot {
  const cur = s.current;
  if (cur) {
    if (ext.unwritable) {
      effects.push({ ...effect('preCommit', cur, checkpointId, 'failed'), error: `File [${cur.id}] is not writable` });
      throw new TwoPhaseCommitError('NotWritableException', `File [${cur.id}] is not writable`, effects);
    }
    effects.push(effect('preCommit', cur, checkpointId));
    const at = s.pending.findIndex((p) => p.checkpointId === checkpointId);
    if (at >= 0) s.pending[at] = { checkpointId, txn: cur }; // LinkedHashMap.put keeps the old position
    else s.pending.push({ checkpointId, txn: cur });
  }
  s.current = s.finished ? null : begin(s, ext, effects);
  return structuredClone({ pendingTransaction: s.current, pendingCommitTransactions: s.pending });
}

/**
 * `notifyCheckpointComplete`: commit every pending transaction with id ≤ `checkpointId`, in insertion
 * order, removing each; failures are collected and the first rethrown after the loop.
 */
export function notifyCheckpointComplete(s: TwoPhaseCommitState, checkpointId: number, ext: ExternalSystem): TwoPhaseEffect[] {
  const effects: TwoPhaseEffect[] = [];
  const keep: TwoPhaseCommitState['pending'] = [];
  for (const p of s.pending) {
    if (p.checkpointId > checkpointId) keep.push(p);
    else effects.push(commit('commit', p.txn, p.checkpointId, ext));
  }
  s.pending = keep;
  const failed = effects.find((e) => e.outcome === 'failed');
  if (failed) {
    throw new TwoPhaseCommitError(
      'FlinkRuntimeException', `Committing one of transactions failed, logging first encountered failure: ${failed.error}`, effects,
    );
  }
  return effects;
}

/** `notifyCheckpointAborted`: a no-op (the transaction is committed with a later checkpoint). */
export function notifyCheckpointAborted(_s: TwoPhaseCommitState, _checkpointId: number): void {}

/** `finish()`: end of input; `finishProcessing(current)` has nothing to flush here. */
export function finish(s: TwoPhaseCommitState): void {
  s.finished = true;
}

/** `close()`: abort the open transaction, if any. Pending (pre-committed) transactions are left alone. */
export function close(s: TwoPhaseCommitState, ext: ExternalSystem): TwoPhaseEffect[] {
  const effects = s.current ? [abort('abort', s.current, ext)] : [];
  s.current = null;
  return effects;
}
