/**
 * Operator output as Flink's window tests compare it (TestHarnessUtil.assertOutputEqualsSorted):
 * watermark positions exactly, records between two watermarks as a sorted multiset (reference §4.6).
 */
import { expect } from 'vitest';
import type { Json } from '../../src/sim/scenario/Scenario.ts';
import { canonicalJson } from '../../src/sim/functions/fields.ts';
import { LONG_MAX } from '../../src/sim/util/JavaLong.ts';

/** A watermark, or a record's value with its timestamp. */
export type Out = { wm: number } | { v: Json; ts: number };

/** Segments between watermarks: records as a sorted multiset, then the watermark that closed them. */
export function sortedSegments(out: Out[]) {
  const segs: { records: string[]; wm: number | null }[] = [];
  let cur: string[] = [];
  for (const o of out) {
    if ('wm' in o) {
      segs.push({ records: cur.sort(), wm: o.wm });
      cur = [];
    } else cur.push(canonicalJson([o.v, o.ts]));
  }
  segs.push({ records: cur.sort(), wm: null });
  return segs;
}

export const expectOutput = (actual: Out[], expected: Out[]) => expect(sortedSegments(actual)).toEqual(sortedSegments(expected));
/** `(key, value)` with timestamp `ts` (`MAX`: Long.MAX_VALUE, a global window's result). */
export const rec = (k: string, v: number, ts: number | 'MAX'): Out => ({ v: [k, v], ts: ts === 'MAX' ? LONG_MAX : ts });
export const wm = (n: number | 'MAX'): Out => ({ wm: n === 'MAX' ? LONG_MAX : n });
