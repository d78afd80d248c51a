/**
 * Key groups: how keyBy maps a key to a subtask. After
 * flink-runtime/src/main/java/org/apache/flink/runtime/state/KeyGroupRangeAssignment.java.
 */
import type { Json } from '../scenario/Scenario.ts';
import { murmurHash, roundUpToPowerOfTwo } from '../util/MathUtils.ts';
import { javaHashCode } from '../util/javaHashCode.ts';

export const DEFAULT_LOWER_BOUND_MAX_PARALLELISM = 1 << 7;
export const UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

/** `computeKeyGroupForKeyHash`: murmurHash(hashCode) % maxParallelism. */
export const computeKeyGroupForKeyHash = (keyHash: number, maxParallelism: number) =>
  murmurHash(keyHash) % maxParallelism;

export const assignToKeyGroup = (key: Json, maxParallelism: number) =>
  computeKeyGroupForKeyHash(javaHashCode(key), maxParallelism);

/** `computeOperatorIndexForKeyGroup`: keyGroup * parallelism / maxParallelism (integer division). */
export const computeOperatorIndexForKeyGroup = (maxParallelism: number, parallelism: number, keyGroupId: number) =>
  Math.floor((keyGroupId * parallelism) / maxParallelism);

/** `assignKeyToParallelOperator`: the subtask a key goes to. */
export const assignKeyToParallelOperator = (key: Json, maxParallelism: number, parallelism: number) =>
  computeOperatorIndexForKeyGroup(maxParallelism, parallelism, assignToKeyGroup(key, maxParallelism));

/** `computeKeyGroupRangeForOperatorIndex`: the inclusive key-group range a subtask owns. */
export function computeKeyGroupRangeForOperatorIndex(
  maxParallelism: number,
  parallelism: number,
  operatorIndex: number,
): { start: number; end: number } {
  return {
    start: Math.floor((operatorIndex * maxParallelism + parallelism - 1) / parallelism),
    end: Math.floor(((operatorIndex + 1) * maxParallelism - 1) / parallelism),
  };
}

/** `computeDefaultMaxParallelism`: min(max(roundUpToPowerOfTwo(p + p/2), 128), 32768). */
export function computeDefaultMaxParallelism(parallelism: number): number {
  return Math.min(
    Math.max(roundUpToPowerOfTwo(parallelism + Math.floor(parallelism / 2)), DEFAULT_LOWER_BOUND_MAX_PARALLELISM),
    UPPER_BOUND_MAX_PARALLELISM,
  );
}
