/**
 * The state-backend cost model (src/sim/state/StateBackend.ts): consistency and monotonicity
 * properties of HashMapStateBackend (copy-on-write, full snapshots) and EmbeddedRocksDBStateBackend
 * (memtable flush, SST files shared by incremental checkpoints, compaction). No Flink test has these
 * numbers; the rules follow the course notes and RocksIncrementalSnapshotStrategy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accessCostMs, estimateEntryBytes, newBackendState, onAsyncSnapshotDone, onCheckpointAborted, onCheckpointCompleted,
  onStateWrite, restoredBackendState, ROCKSDB_COMPACTION_EVERY, snapshot, ENTRY_OVERHEAD_BYTES,
  type BackendState, type SnapshotCost, type StateBackendName,
} from '../../src/sim/state/StateBackend.ts';

/** A run: writes of some sizes, then a checkpoint that completes, aborts or stays pending. */
type Step = { writes: number[]; outcome: 'complete' | 'abort' | 'pending' };
const stepArb = fc.record({
  writes: fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 12 }),
  outcome: fc.constantFrom('complete', 'abort', 'pending') as fc.Arbitrary<Step['outcome']>,
});

function run(backend: StateBackendName, incremental: boolean, steps: Step[]): { b: BackendState; costs: SnapshotCost[] } {
  const b = newBackendState();
  let stateBytes = 0;
  const costs = steps.map((step, i) => {
    step.writes.forEach((w, j) => onStateWrite(b, backend, w, `k${j}`));
    stateBytes += step.writes.reduce((a, w) => a + w, 0);
    const cost = snapshot(b, backend, incremental, stateBytes, i + 1);
    if (step.outcome === 'complete') onCheckpointCompleted(b, i + 1);
    else if (step.outcome === 'abort') onCheckpointAborted(b, i + 1);
    return cost;
  });
  return { b, costs };
}

describe('StateBackend', () => {
  it('estimateEntryBytes: canonical JSON of key and value plus a fixed overhead', () => {
    expect(estimateEntryBytes('a', 1)).toBe(3 + 1 + ENTRY_OVERHEAD_BYTES);
    expect(estimateEntryBytes({ b: 1, a: 2 }, null)).toBe(estimateEntryBytes({ a: 2, b: 1 }, null));
  });

  it('accessCostMs: RocksDB (de)serializes on every access, the heap does not', () => {
    expect(accessCostMs('rocksdb')).toBeGreaterThan(accessCostMs('hashmap'));
    expect(accessCostMs('hashmap')).toBe(0);
  });

  it('lesson-sized state (300 keys) gives phases of tens to hundreds of ms', () => {
    const bytes = 300 * estimateEntryBytes('user-123', { count: 42 });
    const heap = snapshot(newBackendState(), 'hashmap', false, bytes, 1);
    expect(heap.syncMs).toBeLessThan(heap.asyncMs);
    expect(heap.asyncMs).toBeGreaterThanOrEqual(10);
    expect(heap.asyncMs).toBeLessThanOrEqual(500);
    const b = newBackendState();
    onStateWrite(b, 'rocksdb', bytes);
    const rocks = snapshot(b, 'rocksdb', true, bytes, 1);
    expect(rocks.asyncMs).toBeGreaterThanOrEqual(10);
    expect(rocks.asyncMs).toBeLessThanOrEqual(500);
  });

  it('property: incremental uploads ≤ full size, full size = the sum of the live files, deterministic', () => {
    fc.assert(fc.property(fc.array(stepArb, { minLength: 1, maxLength: 10 }), fc.boolean(), (steps, incremental) => {
      const { b, costs } = run('rocksdb', incremental, steps);
      for (const c of costs) {
        expect(c.incrementalSize).toBeLessThanOrEqual(c.fullSize);
        expect(c.fullSize).toBe(c.files.reduce((n, f) => n + f.bytes, 0));
        if (!incremental) expect(c.incrementalSize).toBe(c.fullSize);
      }
      expect(costs.at(-1)!.files.map((f) => f.id)).toEqual(b.files.map((f) => f.id));
      expect(run('rocksdb', incremental, steps)).toEqual({ b, costs });
      expect(run('hashmap', incremental, steps)).toEqual(run('hashmap', incremental, steps));
    }));
  });

  it('property: RocksDB sync time grows with the bytes changed since the last checkpoint', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 0, max: 50_000 }), (x, y) => {
      const sync = (bytes: number) => {
        const b = newBackendState();
        onStateWrite(b, 'rocksdb', bytes);
        return snapshot(b, 'rocksdb', true, 100_000, 1).syncMs;
      };
      if (x < y) expect(sync(x)).toBeLessThan(sync(y));
      // the heap's sync phase does not depend on the state size
      expect(snapshot(newBackendState(), 'hashmap', false, x, 1).syncMs).toBe(snapshot(newBackendState(), 'hashmap', false, y, 1).syncMs);
    }));
  });

  it('property: heap async time grows with the total state, and every checkpoint writes all of it', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), (x, y) => {
      const cx = snapshot(newBackendState(), 'hashmap', true, x, 1);
      const cy = snapshot(newBackendState(), 'hashmap', true, y, 1);
      if (x < y) expect(cx.asyncMs).toBeLessThan(cy.asyncMs);
      expect(cx.incrementalSize).toBe(x);
      expect(cx.fullSize).toBe(x);
    }));
  });

  it('heap copy-on-write: during an async snapshot each written entry is copied once', () => {
    const b = newBackendState();
    expect(onStateWrite(b, 'hashmap', 30, 'k1').cowCopy).toBe(false); // no snapshot running
    snapshot(b, 'hashmap', false, 1000, 1);
    expect(onStateWrite(b, 'hashmap', 30, 'k1').cowCopy).toBe(true);
    expect(onStateWrite(b, 'hashmap', 30, 'k1').cowCopy).toBe(false);
    expect(onStateWrite(b, 'hashmap', 20, 'k2').cowCopy).toBe(true);
    expect([b.cowCopies, b.cowCopiedBytes]).toEqual([2, 50]);
    onAsyncSnapshotDone(b, 1);
    expect(onStateWrite(b, 'hashmap', 30, 'k1').cowCopy).toBe(false);
    snapshot(b, 'hashmap', false, 1000, 2);
    expect(onStateWrite(b, 'hashmap', 30, 'k1').cowCopy).toBe(true); // a new snapshot version
    onCheckpointCompleted(b, 2);
    expect(b.cowSnapshots).toEqual([]);
    const rocks = newBackendState();
    snapshot(rocks, 'rocksdb', true, 0, 1);
    expect(onStateWrite(rocks, 'rocksdb', 30, 'k1').cowCopy).toBe(false); // SST files are immutable
  });

  it('incremental checkpoints share the files of the last completed checkpoint, not of an aborted one', () => {
    const b = newBackendState();
    onStateWrite(b, 'rocksdb', 1000);
    const c1 = snapshot(b, 'rocksdb', true, 1000, 1);
    expect(c1.files.map((f) => [f.id, f.bytes, f.uploaded])).toEqual([['sst-0', 1000, true]]);
    onCheckpointCompleted(b, 1);
    onStateWrite(b, 'rocksdb', 200);
    const c2 = snapshot(b, 'rocksdb', true, 1200, 2);
    expect(c2.files.map((f) => [f.id, f.uploaded])).toEqual([['sst-0', false], ['sst-1', true]]);
    expect([c2.fullSize, c2.incrementalSize]).toEqual([1200, 200]);
    onCheckpointAborted(b, 2);
    onStateWrite(b, 'rocksdb', 100);
    const c3 = snapshot(b, 'rocksdb', true, 1300, 3);
    expect(c3.files.filter((f) => f.uploaded).map((f) => f.id)).toEqual(['sst-1', 'sst-2']);
    const full = snapshot(b, 'rocksdb', false, 1300, 4);
    expect([full.fullSize, full.incrementalSize]).toEqual([1300, 1300]);
  });

  it('a checkpoint with nothing changed flushes nothing and, incrementally, uploads nothing', () => {
    const b = restoredBackendState('rocksdb', 5000, 7);
    const c = snapshot(b, 'rocksdb', true, 5000, 8);
    expect([c.fullSize, c.incrementalSize, c.files[0]!.createdByCheckpoint]).toEqual([5000, 0, 7]);
    expect(c.syncMs).toBe(snapshot(newBackendState(), 'rocksdb', true, 0, 1).syncMs);
  });

  it(`compaction merges the live files after every ${ROCKSDB_COMPACTION_EVERY} flushes; the next incremental checkpoint uploads it`, () => {
    const b = newBackendState();
    let c: SnapshotCost | undefined;
    for (let i = 1; i <= ROCKSDB_COMPACTION_EVERY; i++) {
      onStateWrite(b, 'rocksdb', 500); // the same 500 bytes of keys overwritten each time
      c = snapshot(b, 'rocksdb', true, 500, i);
      onCheckpointCompleted(b, i);
      if (i < ROCKSDB_COMPACTION_EVERY) expect(b.files).toHaveLength(i);
    }
    expect(b.files).toHaveLength(1);
    expect(b.files[0]!.bytes).toBe(500); // garbage dropped: the live state's size
    expect([c!.fullSize, c!.incrementalSize]).toEqual([500, 500]);
  });
});
