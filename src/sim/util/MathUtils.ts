/** Integer helpers with Java semantics, after flink-core/src/main/java/org/apache/flink/util/MathUtils.java. */

/** `MathUtils.murmurHash(int)`: 32-bit int arithmetic, non-negative result. */
export function murmurHash(code: number): number {
  code = Math.imul(code, 0xcc9e2d51);
  code = (code << 15) | (code >>> 17);
  code = Math.imul(code, 0x1b873593);
  code = (code << 13) | (code >>> 19);
  code = (Math.imul(code, 5) + 0xe6546b64) | 0;
  code ^= 4;
  // bitMix
  code ^= code >>> 16;
  code = Math.imul(code, 0x85ebca6b);
  code ^= code >>> 13;
  code = Math.imul(code, 0xc2b2ae35);
  code ^= code >>> 16;
  return code >= 0 ? code : code !== -2147483648 ? -code : 0;
}

/** `MathUtils.roundUpToPowerOfTwo(int)`. */
export function roundUpToPowerOfTwo(x: number): number {
  x = (x - 1) | 0;
  x |= x >> 1;
  x |= x >> 2;
  x |= x >> 4;
  x |= x >> 8;
  x |= x >> 16;
  return (x + 1) | 0;
}
