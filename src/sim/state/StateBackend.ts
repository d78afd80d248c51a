/**
 * A cost model of Flink's two state backends, HashMapStateBackend and EmbeddedRocksDBStateBackend
 * (flink-runtime/.../runtime/state/hashmap/HashMapStateBackend.java, CopyOnWriteStateMap.java;
 * flink-state-backends/flink-statebackend-rocksdb/.../RocksIncrementalSnapshotStrategy.java;
 * course notes "Flink 状态后端": heap copy-on-write vs RocksDB SST files). It times a snapshot's sync
 * and async phases and counts what is written; it stores no state values.
 *
 * - `hashmap`: state lives as objects on the heap; reads and writes cost nothing extra. Sync phase: a
 *   copy-on-write snapshot of the state table (a shallow copy per key group), O(key groups). Async
 *   phase: serialize and write ALL state, every checkpoint (no incremental checkpoints). While an async
 *   snapshot runs, the first write to each entry copies it (copy-on-write); those copies are counted.
 * - `rocksdb`: every state access (de)serializes, a per-record cost. Writes go to the memtable. Sync
 *   phase: flush the memtable into a new immutable SST file (∝ bytes written since the last flush).
 *   Async phase: upload SST files, all live files for a full checkpoint, and with
 *   `execution.checkpointing.incremental` only the files not in the last completed checkpoint (the
 *   others are shared by reference). Every `ROCKSDB_COMPACTION_EVERY` flushes, compaction merges all
 *   live files into one file of the live state's size, which the next incremental checkpoint uploads.
 *
 * The rates are simulated, not measured: they are scaled so that lesson-sized state (hundreds of keys,
 * tens of KB) gives phases of tens to hundreds of ms. Same inputs ⇒ same outputs.
 */
import type { Json } from '../scenario/Scenario.ts';
import { canonicalJson } from '../functions/fields.ts';

export type StateBackendName = 'hashmap' | 'rocksdb';

/** Fixed serialized overhead of one state entry (key/value length prefixes, namespace, key group), bytes. */
export const ENTRY_OVERHEAD_BYTES = 16;
/** hashmap: fixed cost of the sync phase, ms. */
export const HEAP_SYNC_BASE_MS = 1;
/** hashmap: sync-phase cost per key group of the subtask (shallow copy of its state map), ms. */
export const HEAP_SYNC_MS_PER_KEY_GROUP = 0.05;
/** hashmap: fixed cost of the async phase (open the checkpoint stream, write metadata), ms. */
export const HEAP_ASYNC_BASE_MS = 10;
/** hashmap: serialize-and-write rate of the async phase, bytes per ms. */
export const HEAP_SERIALIZE_BYTES_PER_MS = 500;
/** rocksdb: fixed cost of the sync phase (memtable switch, native checkpoint), ms. */
export const ROCKSDB_SYNC_BASE_MS = 2;
/** rocksdb: memtable flush rate of the sync phase, bytes per ms. */
export const ROCKSDB_FLUSH_BYTES_PER_MS = 1000;
/** rocksdb: fixed cost of the async phase (metadata, MANIFEST), ms. */
export const ROCKSDB_ASYNC_BASE_MS = 10;
/** rocksdb: SST upload rate (a file copy, no serialization), bytes per ms. */
export const ROCKSDB_UPLOAD_BYTES_PER_MS = 1000;
/** rocksdb: extra cost of one state access ((de)serialization through JNI), ms per record. */
export const ROCKSDB_ACCESS_MS = 0.02;
/** rocksdb: compaction merges the live files after every this many flushes. */
export const ROCKSDB_COMPACTION_EVERY = 4;
/** Key groups a subtask holds when the caller does not say: the default maxParallelism 128, parallelism 1. */
export const DEFAULT_KEY_GROUPS = 128;

/** A live SST file. */
export type SstFile = { id: string; bytes: number; createdByCheckpoint: number };

/** One task's backend bookkeeping (plain data). */
export type BackendState = {
  /** rocksdb: bytes written since the last flush. */
  memtableBytes: number;
  /** rocksdb: the live SST files, oldest first. */
  files: SstFile[];
  nextFileId: number;
  /** rocksdb: flushes since the last compaction. */
  flushesSinceCompaction: number;
  /** rocksdb: the files of each pending (not yet completed or aborted) checkpoint, by checkpoint id. */
  pendingCheckpoints: Record<string, string[]>;
  /** rocksdb: the files of the last completed checkpoint: the ones an incremental checkpoint shares. */
  confirmedFiles: string[];
  lastCompletedCheckpoint: number | null;
  /** hashmap: checkpoints whose async phase is running (their copy-on-write snapshot is held). */
  cowSnapshots: number[];
  /** hashmap: entries already copied since the newest running snapshot began. */
  cowCopied: Record<string, true>;
  /** hashmap: copy-on-write copies in total, and the bytes copied. */
  cowCopies: number;
  cowCopiedBytes: number;
};

/** One snapshot's cost and content. */
export type SnapshotCost = {
  syncMs: number;
  asyncMs: number;
  /** Bytes of a full checkpoint of this task (hashmap: all state; rocksdb: all live SST files). */
  fullSize: number;
  /** Bytes actually written by this checkpoint (= fullSize unless rocksdb and incremental). */
  incrementalSize: number;
  /** The files this checkpoint consists of; `uploaded` false = shared by reference with an earlier one. */
  files: { id: string; bytes: number; createdByCheckpoint: number; uploaded: boolean }[];
};

export const newBackendState = (): BackendState => ({
  memtableBytes: 0, files: [], nextFileId: 0, flushesSinceCompaction: 0, pendingCheckpoints: {},
  confirmedFiles: [], lastCompletedCheckpoint: null, cowSnapshots: [], cowCopied: {}, cowCopies: 0, cowCopiedBytes: 0,
});

/**
 * A task restored from `checkpointId` with `stateBytes` of state. rocksdb: one SST file holding it,
 * already in the restored checkpoint and so shared by the next incremental checkpoint.
 */
export function restoredBackendState(backend: StateBackendName, stateBytes: number, checkpointId: number): BackendState {
  const b = newBackendState();
  if (backend === 'rocksdb' && stateBytes > 0) {
    const f = newFile(b, stateBytes, checkpointId);
    b.files.push(f);
    b.confirmedFiles = [f.id];
    b.lastCompletedCheckpoint = checkpointId;
  }
  return b;
}

/** Serialized size of one entry: the characters of its canonical JSON key and value, plus ENTRY_OVERHEAD_BYTES. */
export const estimateEntryBytes = (key: Json, value: Json): number =>
  canonicalJson(key).length + canonicalJson(value).length + ENTRY_OVERHEAD_BYTES;

/** Extra cost of one state access for one record, ms: 0 on the heap, ROCKSDB_ACCESS_MS with RocksDB. */
export const accessCostMs = (backend: StateBackendName): number => (backend === 'rocksdb' ? ROCKSDB_ACCESS_MS : 0);

/**
 * A state write of `bytesWritten` bytes (the new entry's `estimateEntryBytes`; for a delete, the
 * tombstone's; the sign is ignored). rocksdb: the memtable grows. hashmap: if an async snapshot runs and
 * this entry (`entryId`, e.g. operator + canonical key) was not copied yet since it began, it is copied
 * now; without `entryId` every write counts as a copy. Returns whether a copy happened.
 */
export function onStateWrite(b: BackendState, backend: StateBackendName, bytesWritten: number, entryId?: string): { cowCopy: boolean } {
  const bytes = Math.abs(bytesWritten);
  if (backend === 'rocksdb') {
    b.memtableBytes += bytes;
    return { cowCopy: false };
  }
  if (b.cowSnapshots.length === 0) return { cowCopy: false };
  if (entryId !== undefined) {
    if (b.cowCopied[entryId]) return { cowCopy: false };
    b.cowCopied[entryId] = true;
  }
  b.cowCopies += 1;
  b.cowCopiedBytes += bytes;
  return { cowCopy: true };
}

function newFile(b: BackendState, bytes: number, checkpointId: number): SstFile {
  return { id: `sst-${b.nextFileId++}`, bytes, createdByCheckpoint: checkpointId };
}

/** rocksdb sync phase: flush the memtable into a new file; compact every ROCKSDB_COMPACTION_EVERY flushes. */
function flush(b: BackendState, stateBytes: number, checkpointId: number): number {
  const flushed = b.memtableBytes;
  if (flushed === 0) return 0;
  b.files.push(newFile(b, flushed, checkpointId));
  b.memtableBytes = 0;
  if (++b.flushesSinceCompaction >= ROCKSDB_COMPACTION_EVERY) {
    const total = b.files.reduce((n, f) => n + f.bytes, 0);
    b.files = [newFile(b, Math.min(total, Math.max(stateBytes, 0)), checkpointId)];
    b.flushesSinceCompaction = 0;
  }
  return flushed;
}

/**
 * Take checkpoint `checkpointId` of a task holding `stateBytes` of state (the sum of its entries'
 * `estimateEntryBytes`) in `keyGroups` key groups. `incremental` only matters for rocksdb.
 */
export function snapshot(
  b: BackendState,
  backend: StateBackendName,
  incremental: boolean,
  stateBytes: number,
  checkpointId: number,
  keyGroups: number = DEFAULT_KEY_GROUPS,
): SnapshotCost {
  if (backend === 'hashmap') {
    const size = Math.max(stateBytes, 0);
    b.cowSnapshots.push(checkpointId);
    b.cowCopied = {}; // entries now need a copy for the newest snapshot version
    return {
      syncMs: HEAP_SYNC_BASE_MS + keyGroups * HEAP_SYNC_MS_PER_KEY_GROUP,
      asyncMs: HEAP_ASYNC_BASE_MS + size / HEAP_SERIALIZE_BYTES_PER_MS,
      fullSize: size,
      incrementalSize: size,
      files: [{ id: `heap-${checkpointId}`, bytes: size, createdByCheckpoint: checkpointId, uploaded: true }],
    };
  }
  const flushed = flush(b, stateBytes, checkpointId);
  const files = b.files.map((f) => ({
    ...f, uploaded: !incremental || !b.confirmedFiles.includes(f.id),
  }));
  b.pendingCheckpoints[String(checkpointId)] = b.files.map((f) => f.id);
  const fullSize = files.reduce((n, f) => n + f.bytes, 0);
  const incrementalSize = files.reduce((n, f) => n + (f.uploaded ? f.bytes : 0), 0);
  return {
    syncMs: ROCKSDB_SYNC_BASE_MS + flushed / ROCKSDB_FLUSH_BYTES_PER_MS,
    asyncMs: ROCKSDB_ASYNC_BASE_MS + incrementalSize / ROCKSDB_UPLOAD_BYTES_PER_MS,
    fullSize,
    incrementalSize,
    files,
  };
}

/** hashmap: the async phase of `checkpointId` ended; its copy-on-write snapshot is released. */
export function onAsyncSnapshotDone(b: BackendState, checkpointId: number): void {
  b.cowSnapshots = b.cowSnapshots.filter((id) => id !== checkpointId);
  if (b.cowSnapshots.length === 0) b.cowCopied = {};
}

/**
 * The checkpoint completed: its files become the ones later incremental checkpoints share, and older
 * pending checkpoints are subsumed (RocksIncrementalSnapshotStrategy.notifyCheckpointComplete).
 */
export function onCheckpointCompleted(b: BackendState, checkpointId: number): void {
  onAsyncSnapshotDone(b, checkpointId);
  const files = b.pendingCheckpoints[String(checkpointId)];
  if (files && (b.lastCompletedCheckpoint === null || checkpointId > b.lastCompletedCheckpoint)) {
    b.confirmedFiles = [...files];
    b.lastCompletedCheckpoint = checkpointId;
  }
  for (const id of Object.keys(b.pendingCheckpoints)) if (Number(id) <= checkpointId) delete b.pendingCheckpoints[id];
}

/** The checkpoint was aborted: forget its file list; nothing it uploaded is shared. */
export function onCheckpointAborted(b: BackendState, checkpointId: number): void {
  onAsyncSnapshotDone(b, checkpointId);
  delete b.pendingCheckpoints[String(checkpointId)];
}
