/**
 * InternalTimerServiceImpl on plain data (reference §3.7): ports of InternalTimerServiceImplTest's
 * set/fire/delete cases, the priority-queue-set semantics, and fast-check properties.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LONG_MAX, LONG_MIN } from '../../src/sim/util/JavaLong.ts';
import type { Json } from '../../src/sim/scenario/Scenario.ts';
import {
  advanceWatermark,
  deleteTimer,
  newTimerService,
  nextProcessingTime,
  onProcessingTime,
  registerTimer,
  timersOf,
  type InternalTimer,
  type TimeDomain,
} from '../../src/sim/timers/InternalTimerService.ts';

const key1 = 1;
const key2 = 2;
const count = (timers: InternalTimer[], namespace?: string) =>
  timers.filter((t) => namespace === undefined || t.namespace === namespace).length;
const fire = (domain: TimeDomain, s: ReturnType<typeof newTimerService>, t: number) => {
  const fired: InternalTimer[] = [];
  if (domain === 'event') advanceWatermark(s, t, (timer) => fired.push(timer));
  else onProcessingTime(s, t, (timer) => fired.push(timer));
  return fired;
};

describe('InternalTimerServiceImplTest', () => {
  it('testCurrentEventTime', () => {
    const s = newTimerService();
    expect(s.currentWatermark).toBe(LONG_MIN);
    advanceWatermark(s, 17, () => {});
    expect(s.currentWatermark).toBe(17);
    advanceWatermark(s, 42, () => {});
    expect(s.currentWatermark).toBe(42);
  });

  /** InternalTimerServiceImplTest's setup: two keys × two namespaces, all at time 10. */
  const fourTimersAt10 = (domain: 'event' | 'processing') => {
    const s = newTimerService();
    for (const key of [key1, key2]) for (const ns of ['ciao', 'hello']) registerTimer(s, domain, key, ns, 10);
    return { s, q: domain === 'event' ? s.event : s.processing };
  };

  for (const [domain, name] of [
    ['event', 'testSetAndFireEventTimeTimers'],
    ['processing', 'testSetAndFireProcessingTimeTimers'],
  ] as const) {
    it(name, () => {
      const { s, q } = fourTimersAt10(domain);
      expect(count(q)).toBe(4);
      expect(count(q, 'hello')).toBe(2);
      expect(count(q, 'ciao')).toBe(2);
      const fired = fire(domain, s, 10);
      expect(fired).toHaveLength(4);
      expect(fired).toEqual(
        expect.arrayContaining([
          { timestamp: 10, key: key1, namespace: 'ciao' },
          { timestamp: 10, key: key1, namespace: 'hello' },
          { timestamp: 10, key: key2, namespace: 'ciao' },
          { timestamp: 10, key: key2, namespace: 'hello' },
        ]),
      );
      expect(count(q)).toBe(0);
    });
  }

  for (const [domain, name] of [
    ['event', 'testDeleteEventTimeTimers'],
    ['processing', 'testDeleteProcessingTimeTimers'],
  ] as const) {
    it(name, () => {
      const { s, q } = fourTimersAt10(domain);
      expect(deleteTimer(s, domain, key1, 'hello', 10)).toBe(true);
      expect(deleteTimer(s, domain, key2, 'ciao', 10)).toBe(true);
      expect(count(q)).toBe(2);
      expect(count(q, 'hello')).toBe(1);
      expect(count(q, 'ciao')).toBe(1);
      const fired = fire(domain, s, 10);
      expect(fired).toEqual([
        { timestamp: 10, key: key1, namespace: 'ciao' },
        { timestamp: 10, key: key2, namespace: 'hello' },
      ]);
      expect(count(q)).toBe(0);
    });
  }
});

describe('InternalTimerService (reference §3.7)', () => {
  it('registering an equal (timestamp, key, namespace) timer twice yields one timer that fires once', () => {
    const s = newTimerService();
    expect(registerTimer(s, 'event', 'a', '[0,10)', 9)).toBe(true);
    expect(registerTimer(s, 'event', 'a', '[0,10)', 9)).toBe(false);
    expect(registerTimer(s, 'event', 'b', '[0,10)', 9)).toBe(true); // another key
    expect(registerTimer(s, 'event', 'a', '[10,20)', 9)).toBe(true); // another namespace
    expect(registerTimer(s, 'event', 'a', '[0,10)', 8)).toBe(true); // another time
    expect(registerTimer(s, 'processing', 'a', '[0,10)', 9)).toBe(true); // another domain
    expect(fire('event', s, 9).filter((t) => t.key === 'a' && t.namespace === '[0,10)' && t.timestamp === 9)).toHaveLength(1);
  });

  it('keys are compared by value: equal POJOs with differently ordered fields are one key', () => {
    const s = newTimerService();
    expect(registerTimer(s, 'event', { a: 1, b: [2, 3] }, 'w', 5)).toBe(true);
    expect(registerTimer(s, 'event', { b: [2, 3], a: 1 }, 'w', 5)).toBe(false);
    expect(deleteTimer(s, 'event', { b: [2, 3], a: 1 }, 'w', 5)).toBe(true);
    expect(s.event).toEqual([]);
    expect(deleteTimer(s, 'event', { a: 1, b: [2, 3] }, 'w', 5)).toBe(false);
  });

  it('advanceWatermark sets currentWatermark before firing', () => {
    const s = newTimerService();
    registerTimer(s, 'event', 'k', 'w', 3);
    registerTimer(s, 'event', 'k', 'w', 7);
    const seen: number[] = [];
    advanceWatermark(s, 10, () => seen.push(s.currentWatermark));
    expect(seen).toEqual([10, 10]);
  });

  it('fires in ascending timestamp order, equal timestamps in insertion order, and leaves later timers', () => {
    const s = newTimerService();
    for (const [k, ts] of [['a', 30], ['b', 10], ['c', 20], ['d', 10], ['e', 40]] as const) registerTimer(s, 'event', k, 'w', ts);
    expect(fire('event', s, 30).map((t) => `${t.key}@${t.timestamp}`)).toEqual(['b@10', 'd@10', 'c@20', 'a@30']);
    expect(s.event).toEqual([{ timestamp: 40, key: 'e', namespace: 'w' }]);
    expect(fire('event', s, 39)).toEqual([]);
  });

  it('a timer registered while firing at ≤ t fires in the same advance; one > t waits', () => {
    const s = newTimerService();
    registerTimer(s, 'event', 'k', 'w', 5);
    const fired: number[] = [];
    advanceWatermark(s, 10, (t) => {
      fired.push(t.timestamp);
      if (t.timestamp === 5) {
        registerTimer(s, 'event', 'k', 'w', 8);
        registerTimer(s, 'event', 'k', 'w', 2); // already past: fires next
        registerTimer(s, 'event', 'k', 'w', 11);
      }
    });
    expect(fired).toEqual([5, 2, 8]);
    expect(s.event.map((t) => t.timestamp)).toEqual([11]);
  });

  it('a timer at or before the current watermark fires at the next advance, not on registration', () => {
    const s = newTimerService();
    advanceWatermark(s, 100, () => {});
    registerTimer(s, 'event', 'k', 'w', 50);
    expect(s.event).toHaveLength(1);
    expect(fire('event', s, 100)).toHaveLength(1);
  });

  it('Long.MAX_VALUE (end of input) fires every event-time timer', () => {
    const s = newTimerService();
    registerTimer(s, 'event', 'k', 'GlobalWindow', LONG_MAX);
    registerTimer(s, 'event', 'k', 'w', 1e15);
    expect(fire('event', s, LONG_MAX).map((t) => t.timestamp)).toEqual([1e15, LONG_MAX]);
  });

  it('processing time: nextProcessingTime is the head; onProcessingTime fires everything ≤ now', () => {
    const s = newTimerService();
    expect(nextProcessingTime(s)).toBeNull();
    registerTimer(s, 'processing', 'k', 'w', 30);
    registerTimer(s, 'processing', 'k', 'w', 10);
    registerTimer(s, 'processing', 'k', 'w', 20);
    expect(nextProcessingTime(s)).toBe(10);
    const fired: number[] = [];
    onProcessingTime(s, 20, (t) => {
      fired.push(t.timestamp);
      if (t.timestamp === 10) registerTimer(s, 'processing', 'k', 'w', 15);
    });
    expect(fired).toEqual([10, 15, 20]);
    expect(nextProcessingTime(s)).toBe(30);
    expect(s.currentWatermark).toBe(LONG_MIN); // processing time does not touch the watermark
  });

  it('timersOf lists one key’s timers per domain in firing order', () => {
    const s = newTimerService();
    registerTimer(s, 'event', [1, 'x'], 'w1', 9);
    registerTimer(s, 'event', [2, 'x'], 'w1', 4);
    registerTimer(s, 'event', [1, 'x'], 'w2', 3);
    registerTimer(s, 'processing', [1, 'x'], 'w1', 100);
    expect(timersOf(s, [1, 'x'])).toEqual({
      event: [
        { timestamp: 3, key: [1, 'x'], namespace: 'w2' },
        { timestamp: 9, key: [1, 'x'], namespace: 'w1' },
      ],
      processing: [{ timestamp: 100, key: [1, 'x'], namespace: 'w1' }],
    });
  });

  it('the state is plain JSON', () => {
    const s = newTimerService();
    registerTimer(s, 'event', { k: 'a' }, 'w', 1);
    registerTimer(s, 'processing', null, 'VoidNamespace', 2);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('InternalTimerService properties', () => {
  const regArb = fc.record({
    key: fc.constantFrom<Json>('a', 'b', 1, [1, 2]),
    namespace: fc.constantFrom('w1', 'w2'),
    ts: fc.integer({ min: 0, max: 30 }),
  });

  it('a set per (timestamp, key, namespace); advance fires exactly the due ones, ascending, once', () => {
    fc.assert(
      fc.property(fc.array(regArb, { maxLength: 40 }), fc.array(fc.integer({ min: -5, max: 35 }), { maxLength: 5 }), (regs, marks) => {
        const s = newTimerService();
        const distinct = new Set<string>();
        for (const r of regs) {
          const id = JSON.stringify([r.ts, r.key, r.namespace]);
          expect(registerTimer(s, 'event', r.key, r.namespace, r.ts)).toBe(!distinct.has(id));
          distinct.add(id);
        }
        expect(s.event).toHaveLength(distinct.size);
        const fired: string[] = [];
        let wm = LONG_MIN;
        for (const m of marks) {
          const before = s.event.filter((t) => t.timestamp <= m).length;
          const now: number[] = [];
          advanceWatermark(s, m, (t) => {
            now.push(t.timestamp);
            fired.push(JSON.stringify([t.timestamp, t.key, t.namespace]));
          });
          wm = m;
          expect(now).toHaveLength(before);
          expect([...now].sort((a, b) => a - b)).toEqual(now);
          expect(s.event.every((t) => t.timestamp > wm)).toBe(true);
        }
        expect(new Set(fired).size).toBe(fired.length);
        for (let i = 1; i < s.event.length; i++) expect(s.event[i]!.timestamp).toBeGreaterThanOrEqual(s.event[i - 1]!.timestamp);
      }),
      { numRuns: 300 },
    );
  });
});
