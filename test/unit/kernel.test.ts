/**
 * The simulation kernel's building blocks: the (time, seq) event heap and the seeded random
 * generator whose state lives in the world as plain JSON.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heapPeek, heapPop, heapPush } from '../../src/sim/kernel/EventQueue.ts';
import type { QueuedEvent } from '../../src/sim/kernel/EventQueue.ts';
import { hashInt, nextInt, seedRng } from '../../src/sim/kernel/Random.ts';

/** An event whose `task` field identifies it, so order can be checked. */
const item = (time: number, seq: number): QueuedEvent => ({ time, seq, event: { kind: 'source.emit', task: seq, epoch: 0 } });
const byTimeSeq = (a: QueuedEvent, b: QueuedEvent) => a.time - b.time || a.seq - b.seq;

function drain(heap: QueuedEvent[]): QueuedEvent[] {
  const out: QueuedEvent[] = [];
  for (let e = heapPop(heap); e !== undefined; e = heapPop(heap)) out.push(e);
  return out;
}

describe('EventQueue', () => {
  it('pops by time', () => {
    const heap: QueuedEvent[] = [];
    [50, 10, 40, 20, 30].forEach((t, i) => heapPush(heap, item(t, i)));
    expect(drain(heap).map((e) => e.time)).toEqual([10, 20, 30, 40, 50]);
  });

  it('keeps insertion order (seq) for equal times', () => {
    const heap: QueuedEvent[] = [];
    for (let i = 0; i < 20; i++) heapPush(heap, item(i % 2 === 0 ? 5 : 3, i));
    const out = drain(heap);
    expect(out.map((e) => e.seq)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(out.map((e) => e.event)).toEqual(out.map((e) => ({ kind: 'source.emit', task: e.seq, epoch: 0 })));
  });

  it('orders by seq for equal times even when pushed out of seq order', () => {
    const heap: QueuedEvent[] = [];
    for (const s of [4, 2, 9, 0, 7]) heapPush(heap, item(1, s));
    expect(drain(heap).map((e) => e.seq)).toEqual([0, 2, 4, 7, 9]);
  });

  it('pop on an empty heap gives undefined; peek shows the next without removing it', () => {
    const heap: QueuedEvent[] = [];
    expect(heapPop(heap)).toBeUndefined();
    expect(heapPeek(heap)).toBeUndefined();
    heapPush(heap, item(7, 0));
    heapPush(heap, item(3, 1));
    expect(heapPeek(heap)).toEqual(item(3, 1));
    expect(heap).toHaveLength(2);
    expect(heapPop(heap)).toEqual(item(3, 1));
    expect(heapPop(heap)).toEqual(item(7, 0));
    expect(heapPop(heap)).toBeUndefined();
    expect(heap).toEqual([]);
  });

  it('drains in the same order as a stable sort by (time, seq)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const items = times.map((t, i) => item(t, i));
        const heap: QueuedEvent[] = [];
        for (const it of items) heapPush(heap, it);
        expect(drain(heap)).toEqual([...items].sort(byTimeSeq));
      }),
      { numRuns: 300 },
    );
  });

  it('interleaved pushes and pops agree with a sorted-list model', () => {
    const op = fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 10 }) }), fc.constant({ pop: true as const }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const heap: QueuedEvent[] = [];
        let model: QueuedEvent[] = [];
        let seq = 0;
        let now = 0;
        for (const o of ops) {
          if ('push' in o) {
            // as the kernel does: events are scheduled at or after the current time
            const e = item(now + o.push, seq++);
            heapPush(heap, e);
            model = [...model, e].sort(byTimeSeq);
          } else {
            const got = heapPop(heap);
            const want = model.shift();
            expect(got).toEqual(want);
            if (got) now = got.time;
          }
          expect(heapPeek(heap)).toEqual(model[0]);
          expect(heap).toHaveLength(model.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the heap is plain data: it survives a JSON round trip and drains identically', () => {
    const heap: QueuedEvent[] = [];
    [9, 1, 5, 1, 7, 3, 3, 0].forEach((t, i) => heapPush(heap, item(t, i)));
    const copy = JSON.parse(JSON.stringify(heap)) as QueuedEvent[];
    expect(drain(copy)).toEqual(drain(heap));
  });
});

describe('Random', () => {
  const draws = (state: number[], n: number, count: number) => Array.from({ length: count }, () => nextInt(state, n));

  it('the same seed gives the same sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        expect(draws(seedRng(seed), n, 30)).toEqual(draws(seedRng(seed), n, 30));
      }),
    );
  });

  it('different seeds give different sequences', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) seen.add(JSON.stringify(draws(seedRng(seed), 1_000_000, 4)));
    expect(seen.size).toBe(200);
    expect(draws(seedRng(1), 1_000_000, 8)).not.toEqual(draws(seedRng(2), 1_000_000, 8));
  });

  it('nextInt stays in [0, n)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -2147483648, max: 2147483647 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (seed, n) => {
          const state = seedRng(seed);
          for (let i = 0; i < 20; i++) {
            const v = nextInt(state, n);
            expect(Number.isInteger(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThan(n);
          }
        },
      ),
    );
  });

  it('nextInt(1) is always 0', () => {
    const state = seedRng(3);
    expect(draws(state, 1, 10)).toEqual(new Array(10).fill(0));
  });

  it('nextInt advances the state in place', () => {
    const state = seedRng(11);
    const before = [...state];
    nextInt(state, 100);
    expect(state).not.toEqual(before);
  });

  it('covers every value of a small range', () => {
    const state = seedRng(8);
    expect(new Set(draws(state, 6, 500)).size).toBe(6);
  });

  it('the state is plain JSON: it round-trips and continues identically', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 50 }), (seed, warmup) => {
        const state = seedRng(seed);
        draws(state, 97, warmup);
        expect(Array.isArray(state)).toBe(true);
        for (const x of state) expect(Number.isInteger(x)).toBe(true);
        const text = JSON.stringify(state);
        const copy = JSON.parse(text) as number[];
        expect(copy).toEqual(state);
        expect(draws(copy, 1000, 25)).toEqual(draws(state, 1000, 25));
        // both advanced to the same state
        expect(copy).toEqual(state);
      }),
    );
  });

  it('structuredClone of the state continues identically (worlds are cloned)', () => {
    const state = seedRng(77);
    draws(state, 10, 5);
    const copy = structuredClone(state);
    expect(draws(copy, 50, 20)).toEqual(draws(state, 50, 20));
  });

  it('hashInt is a stateless, deterministic draw in [0, n)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.nat({ max: 10_000 }),
        fc.nat({ max: 10_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (seed, a, b, n) => {
          const v = hashInt(seed, a, b, n);
          expect(hashInt(seed, a, b, n)).toBe(v);
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThan(n);
        },
      ),
    );
  });

  it('hashInt varies with its inputs', () => {
    const byA = new Set(Array.from({ length: 100 }, (_, a) => hashInt(1, a, 0, 1_000_000)));
    const byB = new Set(Array.from({ length: 100 }, (_, b) => hashInt(1, 0, b, 1_000_000)));
    const bySeed = new Set(Array.from({ length: 100 }, (_, s) => hashInt(s, 0, 0, 1_000_000)));
    expect(byA.size).toBeGreaterThan(90);
    expect(byB.size).toBeGreaterThan(90);
    expect(bySeed.size).toBeGreaterThan(90);
  });
});
