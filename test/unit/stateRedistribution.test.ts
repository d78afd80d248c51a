/**
 * State redistribution on restore and rescale (reference §6.2, §6.3): operator list state after
 * Flink's RoundRobinOperatorStateRepartitioner (golden cases from the reference and from
 * flink-runtime/src/test/java/org/apache/flink/runtime/checkpoint/StateAssignmentOperationTest.java),
 * and keyed state by key-group ranges, checked with fast-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/sim/scenario/Scenario.ts';
import {
  javaHashMapOrder, repartitionOperatorState, type OperatorStateMode, type OperatorStateSnapshot,
} from '../../src/sim/state/RoundRobinOperatorStateRepartitioner.ts';
import {
  assignKeyGroupEntries, assignKeyedState, keyGroupRanges, type KeyedSnapshot,
} from '../../src/sim/state/StateAssignmentOperation.ts';
import { assignToKeyGroup, computeOperatorIndexForKeyGroup } from '../../src/sim/state/KeyGroupRangeAssignment.ts';
import { canonicalJson } from '../../src/sim/functions/fields.ts';
import { FlinkRuntimeException } from '../../src/sim/windowing/TimeWindow.ts';

const split = (...elements: Json[]) => ({ mode: 'SPLIT_DISTRIBUTE' as const, elements });
const union = (...elements: Json[]) => ({ mode: 'UNION' as const, elements });
const broadcast = (...elements: Json[]) => ({ mode: 'BROADCAST' as const, elements });
const lists = (r: OperatorStateSnapshot[], name: string) => r.map((s) => s[name]?.elements ?? null);
/** How many elements of each mode each new subtask got, as StateAssignmentOperationTest counts offsets. */
const lengths = (r: OperatorStateSnapshot[], mode: OperatorStateMode) =>
  r.map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v.mode === mode).map(([k, v]) => [k, v.elements.length])));
/** In how many new subtasks each state name appears. */
const presence = (r: OperatorStateSnapshot[]) => {
  const n: Record<string, number> = {};
  for (const s of r) for (const k of Object.keys(s)) n[k] = (n[k] ?? 0) + 1;
  return n;
};

describe('RoundRobinOperatorStateRepartitioner', () => {
  it('even-split 2 → 3 (reference §6.3 golden case)', () => {
    const old = [{ L: split('a', 'b', 'c') }, { L: split('d', 'e') }];
    expect(lists(repartitionOperatorState(old, 3), 'L')).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });
  it('union 2 → 3 (reference §6.3 golden case)', () => {
    const old = [{ U: union('a', 'b', 'c') }, { U: union('d', 'e') }];
    const all = ['a', 'b', 'c', 'd', 'e'];
    expect(lists(repartitionOperatorState(old, 3), 'U')).toEqual([all, all, all]);
  });
  it("the docs' example: parallelism 1 → 2 splits [element1, element2]", () => {
    const r = repartitionOperatorState([{ buffered: split('element1', 'element2') }], 2);
    expect(lists(r, 'buffered')).toEqual([['element1'], ['element2']]);
  });
  it('unchanged parallelism: even-split state stays where it was, union state is re-merged', () => {
    const old = [{ L: split('a', 'b', 'c'), U: union(1) }, { L: split('d'), U: union(2, 3) }];
    const r = repartitionOperatorState(old, 2);
    expect(lists(r, 'L')).toEqual([['a', 'b', 'c'], ['d']]);
    expect(lists(r, 'U')).toEqual([[1, 2, 3], [1, 2, 3]]);
    const onlySplit: OperatorStateSnapshot[] = [{ L: split('a', 'b', 'c') }, {}];
    expect(repartitionOperatorState(onlySplit, 2)).toEqual(onlySplit);
  });
  it('the start index rotates across state names in Java HashMap order', () => {
    expect(javaHashMapOrder(['b', 'a'])).toEqual(['a', 'b']); // "a".hashCode 97 → bucket 1, "b" → 2
    // a: 5 elements over 3 → 2,2,1 from subtask 0; the next name starts at the first subtask that got only
    // the base share (subtask 2): b: 4 elements → 2 to subtask 2, then 1 to subtask 0, 1 to subtask 1.
    const old: OperatorStateSnapshot[] = [{ b: split('b0', 'b1', 'b2', 'b3'), a: split('a0', 'a1', 'a2') }, { a: split('a3', 'a4') }];
    const r = repartitionOperatorState(old, 3);
    expect(lists(r, 'a')).toEqual([['a0', 'a1'], ['a2', 'a3'], ['a4']]);
    expect(lists(r, 'b')).toEqual([['b2'], ['b3'], ['b0', 'b1']]);
  });
  it('the rotation carries over a name that splits evenly, and a subtask with no element gets no entry', () => {
    expect(javaHashMapOrder(['c', 'a', 'b'])).toEqual(['a', 'b', 'c']);
    const old = [{ a: split(1), b: split(1, 2, 3, 4), c: split('x', 'y') }];
    const r = repartitionOperatorState(old, 4);
    expect(lists(r, 'a')).toEqual([[1], null, null, null]); // start 0, rem 1 → next start 1
    expect(lists(r, 'b')).toEqual([[4], [1], [2], [3]]); // rem 0 → start stays 1
    expect(lists(r, 'c')).toEqual([null, ['x'], ['y'], null]);
  });
  it('javaHashMapOrder grows the table past 12 names like HashMap.resize', () => {
    const names = Array.from({ length: 13 }, (_, i) => `s${i}`);
    const bucket = (k: string, cap: number) => {
      let h = 0;
      for (const ch of k) h = (Math.imul(31, h) + ch.charCodeAt(0)) | 0;
      return (h ^ (h >>> 16)) & (cap - 1);
    };
    const order = javaHashMapOrder(names);
    for (let i = 1; i < order.length; i++) expect(bucket(order[i - 1]!, 32)).toBeLessThanOrEqual(bucket(order[i]!, 32));
  });
  it('broadcast state: every new subtask gets a full copy, also from a subtask that reported nothing', () => {
    const old: OperatorStateSnapshot[] = [{ rules: broadcast({ k: 1 }, { k: 2 }) }, {}];
    for (const p of [1, 2, 3]) {
      const r = repartitionOperatorState(old, p);
      expect(lists(r, 'rules')).toEqual(Array(p).fill([{ k: 1 }, { k: 2 }]));
    }
    const r = repartitionOperatorState(old, 3);
    (r[0]!.rules!.elements[0] as { k: number }).k = 99;
    expect(r[1]!.rules!.elements[0]).toEqual({ k: 1 }); // copies, not shared objects
    expect(old[0]!.rules!.elements[0]).toEqual({ k: 1 });
  });
  it('rejects a non-positive parallelism and a name with two modes', () => {
    expect(() => repartitionOperatorState([{ L: split(1) }], 0)).toThrow(/positive/);
    expect(() => repartitionOperatorState([{ L: split(1) }, { L: union(2) }], 3)).toThrow(/one distribution mode/);
  });
  it('property: even-split keeps every element exactly once, in order, with shares differing by at most 1', () => {
    fc.assert(fc.property(
      fc.array(fc.array(fc.integer(), { maxLength: 6 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 8 }),
      (parts, p) => {
        const old = parts.map((els) => ({ L: split(...els) }));
        const r = repartitionOperatorState(old, p);
        const got = lists(r, 'L').map((l) => l ?? []);
        if (p === parts.length) {
          expect(got).toEqual(parts);
          return;
        }
        const sizes = got.map((l) => l.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(got.flat()).toEqual(parts.flat()); // first name starts at subtask 0: slices in subtask order
      },
    ));
  });
});

describe('StateAssignmentOperationTest', () => {
  const both = [2, 3, 1];
  it('testRepartitionSplitDistributeStates', () => {
    const old: OperatorStateSnapshot[] = [{ 't-1': split(0, 10) }, { 't-2': split(0, 15) }];
    for (const p of both) {
      const r = repartitionOperatorState(old, p);
      expect(Object.keys(presence(r)).sort()).toEqual(['t-1', 't-2']);
      const each = p > 2 ? 1 : 2;
      for (const s of lengths(r, 'SPLIT_DISTRIBUTE')) for (const n of Object.values(s)) expect(n).toBe(each);
      expect(presence(r)).toEqual(p > 2 ? { 't-1': 2, 't-2': 2 } : { 't-1': 1, 't-2': 1 });
    }
  });
  it('testRepartitionUnionState', () => {
    const old: OperatorStateSnapshot[] = [{ 't-3': union(0), 't-4': union(22, 44) }, { 't-3': union(0) }];
    for (const p of both) {
      const r = repartitionOperatorState(old, p);
      expect(lengths(r, 'UNION')).toEqual(Array(p).fill({ 't-3': 2, 't-4': 2 }));
    }
  });
  it('testRepartitionBroadcastState', () => {
    const old = [{ 't-5': broadcast(0, 10, 20), 't-6': broadcast(30, 40, 50) }, { 't-5': broadcast(0, 10, 20), 't-6': broadcast(30, 40, 50) }];
    for (const p of both) expect(lengths(repartitionOperatorState(old, p), 'BROADCAST')).toEqual(Array(p).fill({ 't-5': 3, 't-6': 3 }));
  });
  it('testRepartitionBroadcastStateWithNullSubtaskState / WithEmptySubtaskState', () => {
    const old: OperatorStateSnapshot[] = [{ 't-5': broadcast(0, 10, 20), 't-6': broadcast(30, 40, 50) }, {}];
    for (const p of both) expect(lengths(repartitionOperatorState(old, p), 'BROADCAST')).toEqual(Array(p).fill({ 't-5': 3, 't-6': 3 }));
  });
  it('testReDistributeCombinedPartitionableStates', () => {
    const old: OperatorStateSnapshot[] = [
      { 't-1': union(0), 't-2': union(22, 44), 't-3': split(52, 63), 't-4': broadcast(67, 74, 75), 't-5': broadcast(77, 88, 92), 't-6': broadcast(101, 123, 127) },
      { 't-1': union(0), 't-4': broadcast(20, 27, 28), 't-5': broadcast(30, 44, 48), 't-6': broadcast(57, 79, 83) },
    ];
    for (const p of both) {
      const r = repartitionOperatorState(old, p);
      expect(presence(r)).toEqual({ 't-1': p, 't-2': p, 't-3': p > 2 ? 2 : 1, 't-4': p, 't-5': p, 't-6': p });
      for (const s of lengths(r, 'UNION')) expect(s).toEqual({ 't-1': 2, 't-2': 2 });
      for (const s of lengths(r, 'BROADCAST')) expect(s).toEqual({ 't-4': 3, 't-5': 3, 't-6': 3 });
      for (const s of lengths(r, 'SPLIT_DISTRIBUTE')) for (const n of Object.values(s)) expect(n).toBe(p > 2 ? 1 : 2);
    }
  });
});

describe('KeyGroupRangeAssignment on restore (StateAssignmentOperation.reDistributeKeyedStates)', () => {
  it('§6.2 golden ranges for maxParallelism 128', () => {
    const pairs = (p: number) => keyGroupRanges(128, p).map((r) => [r.start, r.end]);
    expect(pairs(2)).toEqual([[0, 63], [64, 127]]);
    expect(pairs(3)).toEqual([[0, 42], [43, 85], [86, 127]]);
    expect(pairs(4)).toEqual([[0, 31], [32, 63], [64, 95], [96, 127]]);
  });
  it('§6.2 golden keys move to the subtask owning their key group (p = 3)', () => {
    const entry = (key: number) => ({ key, keyGroup: assignToKeyGroup(key, 128), value: key * 10 });
    const old: KeyedSnapshot[] = [{ op: {} }, { op: {} }];
    for (const k of [0, 1, 4, -1]) old[computeOperatorIndexForKeyGroup(128, 2, assignToKeyGroup(k, 128))]!.op![String(k)] = entry(k);
    const r = assignKeyedState(old, 128, 3);
    // kg(0)=94 → 2, kg(1)=86 → 2, kg(4)=7 → 0, kg(-1)=80 → 1
    expect(r.map((s) => Object.keys(s.op!).sort())).toEqual([['4'], ['-1'], ['0', '1']]);
    expect(r[2]!.op!['0']).toEqual({ key: 0, keyGroup: 94, value: 0 });
  });
  it('every operator id appears in every new subtask; the max-parallelism precondition holds', () => {
    const r = assignKeyedState([{ a: { x: { key: 'x', keyGroup: 5, value: 1 } } }, { b: {} }], 8, 3);
    expect(r.map((s) => Object.keys(s).sort())).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b']]);
    expect(() => assignKeyedState([], 4, 5)).toThrow(FlinkRuntimeException);
    expect(() => assignKeyedState([], 4, 5)).toThrow(/maximum parallelism \(4\) of the restored state is lower than the configured parallelism \(5\)/);
    expect(() => assignKeyGroupEntries([{ keyGroup: 8 }], 8, 2)).toThrow(/key group 8/);
  });
  it('property: p = 1..8 → 1..8, every entry lands in the subtask owning its key group, none lost or duplicated', () => {
    const keyArb = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.string({ maxLength: 4 }));
    fc.assert(fc.property(
      fc.uniqueArray(keyArb, { maxLength: 60, selector: (k) => canonicalJson(k) }),
      fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(8, 16, 128),
      (keys, oldP, newP, maxP) => {
        const old: KeyedSnapshot[] = Array.from({ length: oldP }, () => ({ count: {}, sum: {} }));
        for (const key of keys) {
          const kg = assignToKeyGroup(key, maxP);
          const s = old[computeOperatorIndexForKeyGroup(maxP, oldP, kg)]!;
          s.count![canonicalJson(key)] = { key, keyGroup: kg, value: 1 };
          if (typeof key === 'number') s.sum![canonicalJson(key)] = { key, keyGroup: kg, value: key };
        }
        const r = assignKeyedState(old, maxP, newP);
        expect(r).toHaveLength(newP);
        for (const op of ['count', 'sum']) {
          const before = old.flatMap((s) => Object.keys(s[op]!)).sort();
          const after = r.flatMap((s) => Object.keys(s[op]!)).sort();
          expect(after).toEqual(before);
          r.forEach((s, i) => {
            const range = keyGroupRanges(maxP, newP)[i]!;
            for (const e of Object.values(s[op]!)) {
              expect(e.keyGroup).toBeGreaterThanOrEqual(range.start);
              expect(e.keyGroup).toBeLessThanOrEqual(range.end);
              expect(computeOperatorIndexForKeyGroup(maxP, newP, e.keyGroup)).toBe(i);
            }
          });
        }
      },
    ));
  });
});
