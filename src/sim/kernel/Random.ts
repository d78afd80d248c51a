/**
 * The simulation's one seeded random generator: xoroshiro128+ from `pure-rand`, with its state kept
 * as four 32-bit integers in the world so that clones and JSON snapshots carry it.
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

export type RngState = number[];

/** Initial generator state for a seed (any 32-bit integer). */
export function seedRng(seed: number): RngState {
  return [...xoroshiro128plus(seed | 0).getState()];
}

/** Draw an integer uniformly from [0, n) and advance the state in place (Java's `nextInt(n)`). */
export function nextInt(state: RngState, n: number): number {
  if (n <= 1) return 0;
  const g = xoroshiro128plusFromState(state);
  const v = uniformInt(g, 0, n - 1);
  const s = g.getState();
  for (let i = 0; i < 4; i++) state[i] = s[i]!;
  return v;
}

/** A stateless draw in [0, n) from (seed, a, b): generators use it so that values do not depend on timing. */
export function hashInt(seed: number, a: number, b: number, n: number): number {
  const g = xoroshiro128plus((seed ^ Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca6b)) | 0);
  g.next();
  return uniformInt(g, 0, n - 1);
}
