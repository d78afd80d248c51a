/**
 * Key groups and Java hash codes: how keyBy routes a key to a subtask.
 * Expected values come from reference §6.4 and §6.6 (flink-runtime.md), and from Java's documented
 * hashCode contracts (String, Integer, Long, Boolean, Double, Flink's Tuple).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignKeyToParallelOperator,
  assignToKeyGroup,
  computeDefaultMaxParallelism,
  computeKeyGroupForKeyHash,
  computeKeyGroupRangeForOperatorIndex,
  computeOperatorIndexForKeyGroup,
} from '../../src/sim/state/KeyGroupRangeAssignment.ts';
import { murmurHash, roundUpToPowerOfTwo } from '../../src/sim/util/MathUtils.ts';
import { javaHashCode, javaStringHashCode } from '../../src/sim/util/javaHashCode.ts';

/** §6.6 golden table, transcribed from the reference. */
const GOLDEN: {
  key: number | string;
  hashCode: number;
  murmur: number;
  kg128: number;
  op2: number;
  op3: number;
  op4: number;
  kg1024?: number;
}[] = [
  { key: 0, hashCode: 0, murmur: 593689054, kg128: 94, op2: 1, op3: 2, op4: 2 },
  { key: 1, hashCode: 1, murmur: 68075478, kg128: 86, op2: 1, op3: 2, op4: 2 },
  { key: 2, hashCode: 2, murmur: 1085422463, kg128: 127, op2: 1, op3: 2, op4: 3 },
  { key: 3, hashCode: 3, murmur: 847579505, kg128: 113, op2: 1, op3: 2, op4: 3 },
  { key: 4, hashCode: 4, murmur: 1889779975, kg128: 7, op2: 0, op3: 0, op4: 0 },
  { key: 5, hashCode: 5, murmur: 236698494, kg128: 126, op2: 1, op3: 2, op4: 3 },
  { key: 42, hashCode: 42, murmur: 1134849565, kg128: 29, op2: 0, op3: 0, op4: 0 },
  { key: -1, hashCode: -1, murmur: 1982413648, kg128: 80, op2: 1, op3: 1, op4: 2 },
  { key: 'a', hashCode: 97, murmur: 1455541201, kg128: 81, op2: 1, op3: 1, op4: 2, kg1024: 977 },
  { key: 'b', hashCode: 98, murmur: 516420758, kg128: 22, op2: 0, op3: 0, op4: 0, kg1024: 150 },
];

// [COMPUTED] reference §6.6: Flink's own tests have no fixed hash values; the values come from the
// reference's re-implementation of MathUtils / KeyGroupRangeAssignment.
describe('KeyGroupRangeAssignment', () => {
  describe.each(GOLDEN)('key $key', (row) => {
    it('has the Java hashCode', () => {
      expect(javaHashCode(row.key)).toBe(row.hashCode);
    });
    it('murmurHash(hashCode)', () => {
      expect(murmurHash(row.hashCode)).toBe(row.murmur);
    });
    it('assignToKeyGroup with maxParallelism 128', () => {
      expect(assignToKeyGroup(row.key, 128)).toBe(row.kg128);
      expect(computeKeyGroupForKeyHash(row.hashCode, 128)).toBe(row.kg128);
    });
    it('computeOperatorIndexForKeyGroup for p = 2, 3, 4 (maxParallelism 128)', () => {
      expect(computeOperatorIndexForKeyGroup(128, 2, row.kg128)).toBe(row.op2);
      expect(computeOperatorIndexForKeyGroup(128, 3, row.kg128)).toBe(row.op3);
      expect(computeOperatorIndexForKeyGroup(128, 4, row.kg128)).toBe(row.op4);
    });
    it('assignKeyToParallelOperator for p = 2, 3, 4 (maxParallelism 128)', () => {
      expect(assignKeyToParallelOperator(row.key, 128, 2)).toBe(row.op2);
      expect(assignKeyToParallelOperator(row.key, 128, 3)).toBe(row.op3);
      expect(assignKeyToParallelOperator(row.key, 128, 4)).toBe(row.op4);
    });
    if (row.kg1024 !== undefined) {
      const kg1024 = row.kg1024;
      it('assignToKeyGroup with maxParallelism 1024', () => {
        expect(assignToKeyGroup(row.key, 1024)).toBe(kg1024);
      });
    }
  });

  it('Long keys 0 and 42 land in key groups 94 and 29 (maxParallelism 128)', () => {
    // Long.hashCode(0L) = 0 and Long.hashCode(42L) = 42: same key group as the Integer keys.
    expect(computeKeyGroupForKeyHash(0, 128)).toBe(94);
    expect(computeKeyGroupForKeyHash(42, 128)).toBe(29);
    expect(assignToKeyGroup(0, 128)).toBe(94);
    expect(assignToKeyGroup(42, 128)).toBe(29);
  });

  it('murmurHash is never negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (code) => {
        const m = murmurHash(code);
        expect(Number.isInteger(m)).toBe(true);
        expect(m).toBeGreaterThanOrEqual(0);
        expect(m).toBeLessThanOrEqual(2147483647);
      }),
    );
  });
});

// [COMPUTED] reference §6.4/§6.6: defaultMaxParallelism table and roundUpToPowerOfTwo formula.
describe('KeyGroupRangeAssignment.computeDefaultMaxParallelism', () => {
  it('is 128 for p = 1..85', () => {
    for (let p = 1; p <= 85; p++) expect(computeDefaultMaxParallelism(p), `p=${p}`).toBe(128);
  });
  it.each([
    [86, 256],
    [100, 256],
    [128, 256],
    [200, 512],
    [1000, 2048],
    [20000, 32768],
  ])('p=%i -> %i', (p, expected) => {
    expect(computeDefaultMaxParallelism(p)).toBe(expected);
  });
});

// [COMPUTED] reference §6.4: MathUtils.roundUpToPowerOfTwo bit-smearing formula.
describe('MathUtils.roundUpToPowerOfTwo', () => {
  it.each([
    [1, 1],
    [2, 2],
    [3, 4],
    [5, 8],
    [127, 128],
    [128, 128],
    [129, 256],
    [150, 256],
    [1500, 2048],
    [30000, 32768],
  ])('%i -> %i', (x, expected) => {
    expect(roundUpToPowerOfTwo(x)).toBe(expected);
  });
});

// [COMPUTED] reference §6.6 keyGroupRange table (computeKeyGroupRangeForOperatorIndex).
describe('KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex', () => {
  const ranges = (maxP: number, p: number) =>
    Array.from({ length: p }, (_, i) => {
      const r = computeKeyGroupRangeForOperatorIndex(maxP, p, i);
      return [r.start, r.end];
    });
  it('maxP=128, p=2', () => {
    expect(ranges(128, 2)).toEqual([
      [0, 63],
      [64, 127],
    ]);
  });
  it('maxP=128, p=3', () => {
    expect(ranges(128, 3)).toEqual([
      [0, 42],
      [43, 85],
      [86, 127],
    ]);
  });
  it('maxP=128, p=4', () => {
    expect(ranges(128, 4)).toEqual([
      [0, 31],
      [32, 63],
      [64, 95],
      [96, 127],
    ]);
  });
  it('maxP=10, p=3', () => {
    expect(ranges(10, 3)).toEqual([
      [0, 3],
      [4, 6],
      [7, 9],
    ]);
  });
  it('kg 94 with p=3 goes to operator 2, whose range [86,127] contains it', () => {
    expect(computeOperatorIndexForKeyGroup(128, 3, 94)).toBe(2);
    const r = computeKeyGroupRangeForOperatorIndex(128, 3, 2);
    expect(94).toBeGreaterThanOrEqual(r.start);
    expect(94).toBeLessThanOrEqual(r.end);
  });

  const maxPAndP = fc
    .integer({ min: 1, max: 32768 })
    .chain((maxP) => fc.tuple(fc.constant(maxP), fc.integer({ min: 1, max: maxP })));

  it('consistency: the operator of a key group owns that key group', () => {
    fc.assert(
      fc.property(
        maxPAndP.chain(([maxP, p]) => fc.tuple(fc.constant(maxP), fc.constant(p), fc.integer({ min: 0, max: maxP - 1 }))),
        ([maxP, p, kg]) => {
          const op = computeOperatorIndexForKeyGroup(maxP, p, kg);
          expect(op).toBeGreaterThanOrEqual(0);
          expect(op).toBeLessThan(p);
          const r = computeKeyGroupRangeForOperatorIndex(maxP, p, op);
          expect(kg).toBeGreaterThanOrEqual(r.start);
          expect(kg).toBeLessThanOrEqual(r.end);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the ranges of all operators tile [0, maxP) in order, none empty', () => {
    fc.assert(
      fc.property(maxPAndP, ([maxP, p]) => {
        let next = 0;
        const bad: string[] = [];
        for (let i = 0; i < p; i++) {
          const r = computeKeyGroupRangeForOperatorIndex(maxP, p, i);
          if (r.start !== next || r.end < r.start) bad.push(`op ${i}: [${r.start},${r.end}] after ${next - 1}`);
          next = r.end + 1;
        }
        expect(bad).toEqual([]);
        expect(next).toBe(maxP);
      }),
      { numRuns: 300 },
    );
  });

  it('assignKeyToParallelOperator stays in [0, p) for any key', () => {
    fc.assert(
      fc.property(
        maxPAndP,
        fc.oneof(fc.integer({ min: -2147483648, max: 2147483647 }), fc.string()),
        ([maxP, p], key) => {
          const op = assignKeyToParallelOperator(key, maxP, p);
          expect(Number.isInteger(op)).toBe(true);
          expect(op).toBeGreaterThanOrEqual(0);
          expect(op).toBeLessThan(p);
        },
      ),
    );
  });
});

/** Java's hashCode contracts; values derived by hand from the JDK formulas (see comments). */
describe('javaHashCode', () => {
  describe('String.hashCode: s[0]*31^(n-1) + ... + s[n-1], 32-bit overflow', () => {
    it.each([
      ['', 0],
      ['a', 97],
      ['ab', 3105], // 97*31 + 98
      ['abc', 96354], // 3105*31 + 99
      // ((((104*31+101)*31+108)*31+108)*31+111)
      ['hello', 99162322],
      // ((((102*31+108)*31+105)*31+110)*31+107) = 3145835*31 + 107
      ['flink', 97520992],
      ['Flink', 67968320],
      ['test', 3556498],
      ['hello world', 1794106052],
      // the well-known collision
      ['Aa', 2112],
      ['BB', 2112],
      // the well-known string whose hashCode is Integer.MIN_VALUE
      ['polygenelubricants', -2147483648],
    ])('%j -> %i', (s, expected) => {
      expect(javaStringHashCode(s)).toBe(expected);
      expect(javaHashCode(s)).toBe(expected);
    });
  });

  describe('Integer.hashCode: the value', () => {
    it.each([0, 1, 42, -1, -7, 2147483647, -2147483648])('%i', (v) => {
      expect(javaHashCode(v)).toBe(v);
    });
  });

  describe('Long.hashCode: (int)(v ^ (v >>> 32)) for integers outside int range', () => {
    it.each([
      [2 ** 32, 1], // hi=1, lo=0
      [2 ** 32 + 5, 4], // hi=1, lo=5 -> 1^5
      [2 ** 40, 256], // hi=2^8, lo=0
      [-(2 ** 32), -1], // 0xFFFFFFFF_00000000 -> 0xFFFFFFFF
      [-2147483649, -2147483648], // 0xFFFFFFFF_7FFFFFFF -> 0x7FFFFFFF ^ 0xFFFFFFFF = 0x80000000
      [2 ** 53 - 1, -2097152], // 0x001FFFFF_FFFFFFFF -> 0xFFFFFFFF ^ 0x001FFFFF = 0xFFE00000
    ])('%d -> %i', (v, expected) => {
      expect(javaHashCode(v)).toBe(expected);
    });
  });

  it('Boolean.hashCode: 1231 for true, 1237 for false', () => {
    expect(javaHashCode(true)).toBe(1231);
    expect(javaHashCode(false)).toBe(1237);
  });

  it('Double.hashCode: fold of doubleToLongBits', () => {
    expect(javaHashCode(1.5)).toBe(1073217536); // 0x3FF80000_00000000 -> 0x3FF80000
    expect(javaHashCode(0.5)).toBe(1071644672); // 0x3FE00000_00000000 -> 0x3FE00000
  });

  it('null hashes to 0 (Tuple fields use 0 for null)', () => {
    expect(javaHashCode(null)).toBe(0);
  });

  describe('Flink Tuple.hashCode: result = h(f0); result = 31*result + h(f_i)', () => {
    it('Tuple2("hello", 1) = 31*99162322 + 1 with overflow', () => {
      // 31*99162322 + 1 = 3074031983 -> 3074031983 - 2^32 = -1220935313
      expect(javaHashCode(['hello', 1])).toBe(-1220935313);
    });
    it('Tuple2("flink", 42) = 31*97520992 + 42 with overflow', () => {
      // 3023150752 + 42 - 2^32 = -1271816502
      expect(javaHashCode(['flink', 42])).toBe(-1271816502);
    });
    it('Tuple2(0, 0) = 0 and Tuple2(1, 2) = 33', () => {
      expect(javaHashCode([0, 0])).toBe(0);
      expect(javaHashCode([1, 2])).toBe(33);
    });
    it('Tuple3("a", "b", "c") = (97*31 + 98)*31 + 99 = 96354, the same as "abc"', () => {
      expect(javaHashCode(['a', 'b', 'c'])).toBe(96354);
    });
    it('Tuple2 with a null field hashes it as 0', () => {
      expect(javaHashCode([null, 5])).toBe(5);
      expect(javaHashCode([5, null])).toBe(155);
    });
    it('Tuple2 equals 31*h(f0) + h(f1) for any int/string fields', () => {
      const field = fc.oneof(fc.integer({ min: -2147483648, max: 2147483647 }), fc.string());
      fc.assert(
        fc.property(field, field, (f0, f1) => {
          const h = (v: number | string) => (typeof v === 'string' ? javaStringHashCode(v) : v);
          expect(javaHashCode([f0, f1])).toBe((Math.imul(31, h(f0)) + h(f1)) | 0);
        }),
      );
    });
  });
});
