/**
 * Keyed state on restore and rescale, after Flink's
 * flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/StateAssignmentOperation.java
 * (`checkParallelismPreconditions`, `reDistributeKeyedStates`, `getKeyedStateHandles`; reference §6.2):
 * key groups are the unit of redistribution, and new subtask i restores every key group in
 * `computeKeyGroupRangeForOperatorIndex(maxP, newP, i)`, whichever old subtask held it.
 */
import type { Json } from '../scenario/Scenario.ts';
import { SimulationError } from '../kernel/errors.ts';
import { FlinkRuntimeException } from '../windowing/TimeWindow.ts';
import { computeKeyGroupRangeForOperatorIndex } from './KeyGroupRangeAssignment.ts';

/** One key's state in one operator: the key, its key group (under the job's maxParallelism) and value. */
export type KeyedStateEntry = { key: Json; keyGroup: number; value: Json };

/** The keyed state of one subtask: by operator id, then by canonical key (`canonicalJson(key)`). */
export type KeyedSnapshot = Record<string, Record<string, KeyedStateEntry>>;

/** An inclusive key-group range `[start, end]` (`KeyGroupRange`). */
export type KeyGroupRange = { start: number; end: number };

/** The key-group range of every subtask 0..p−1 (for views: who owns which key groups). */
export const keyGroupRanges = (maxParallelism: number, parallelism: number): KeyGroupRange[] =>
  Array.from({ length: parallelism }, (_, i) => computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, i));

/**
 * `checkParallelismPreconditions`: the restored state's max parallelism bounds the new parallelism.
 * (Flink's next check, a changed maxParallelism, cannot arise here: the caller gives one maxParallelism.)
 */
export function checkParallelismPreconditions(maxParallelism: number, newParallelism: number, vertex = 'the operator'): void {
  if (!Number.isInteger(newParallelism) || newParallelism <= 0) {
    throw new SimulationError(`new parallelism must be a positive integer, got ${newParallelism}`);
  }
  if (maxParallelism < newParallelism) {
    throw new FlinkRuntimeException(
      'IllegalStateException',
      `The state for task ${vertex} can not be restored. The maximum parallelism (${maxParallelism}) of the ` +
        `restored state is lower than the configured parallelism (${newParallelism}). Please reduce the ` +
        'parallelism of the task to be lower or equal to the maximum parallelism.',
    );
  }
}

function checkKeyGroup(keyGroup: number, maxParallelism: number): void {
  if (!Number.isInteger(keyGroup) || keyGroup < 0 || keyGroup >= maxParallelism) {
    throw new SimulationError(`internal: key group ${keyGroup} is outside [0, ${maxParallelism - 1}]`);
  }
}

/**
 * The generic rule, for any per-key-group state (timers, window contents …): split `entries` into
 * `newParallelism` lists, list i holding (in input order) the entries whose `keyGroup` lies in subtask
 * i's range. Entries are passed through, not copied.
 */
export function assignKeyGroupEntries<T extends { keyGroup: number }>(
  entries: readonly T[],
  maxParallelism: number,
  newParallelism: number,
): T[][] {
  checkParallelismPreconditions(maxParallelism, newParallelism);
  const ranges = keyGroupRanges(maxParallelism, newParallelism);
  const owner: number[] = [];
  ranges.forEach((r, i) => {
    for (let kg = r.start; kg <= r.end; kg++) owner[kg] = i;
  });
  const result: T[][] = ranges.map(() => []);
  for (const e of entries) {
    checkKeyGroup(e.keyGroup, maxParallelism);
    result[owner[e.keyGroup]!]!.push(e);
  }
  return result;
}

/**
 * `reDistributeKeyedStates`: the keyed state each of `newParallelism` subtasks restores, given the
 * snapshots of the old subtasks (index = old subtask index). Every operator id seen in any old snapshot
 * appears in every new one (possibly empty). Values are deep-copied.
 */
export function assignKeyedState(
  old: readonly KeyedSnapshot[],
  maxParallelism: number,
  newParallelism: number,
): KeyedSnapshot[] {
  checkParallelismPreconditions(maxParallelism, newParallelism);
  const result: KeyedSnapshot[] = Array.from({ length: newParallelism }, () => ({}));
  const operatorIds = [...new Set(old.flatMap((s) => Object.keys(s)))];
  for (const op of operatorIds) {
    const entries: { id: string; keyGroup: number; entry: KeyedStateEntry }[] = [];
    const seen: Record<string, number> = {};
    old.forEach((snapshot, subtask) => {
      for (const [id, entry] of Object.entries(snapshot[op] ?? {})) {
        if (seen[id] !== undefined) {
          throw new SimulationError(
            `internal: key ${id} of operator ${op} is in the snapshots of subtasks ${seen[id]} and ${subtask}`,
          );
        }
        seen[id] = subtask;
        entries.push({ id, keyGroup: entry.keyGroup, entry });
      }
    });
    const parts = assignKeyGroupEntries(entries, maxParallelism, newParallelism);
    parts.forEach((part, i) => {
      const target: Record<string, KeyedStateEntry> = (result[i]![op] = {});
      for (const { id, entry } of part) target[id] = structuredClone(entry);
    });
  }
  return result;
}
