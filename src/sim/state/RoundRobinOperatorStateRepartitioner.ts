/**
 * Operator (non-keyed) list state on restore and rescale, after Flink's
 * flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/RoundRobinOperatorStateRepartitioner.java
 * (reference §6.3): even-split (`getListState`, SPLIT_DISTRIBUTE) hands out contiguous slices round robin
 * from a start index that rotates across state names, union (`getUnionListState`) gives every subtask the
 * whole list, broadcast state gives every subtask a full copy.
 *
 * Flink repartitions offsets into state handles; here a handle's offsets are the list elements themselves.
 * A state name missing from an old subtask's snapshot means "that subtask reported nothing for it".
 */
import type { Json } from '../scenario/Scenario.ts';
import { SimulationError } from '../kernel/errors.ts';
import { javaStringHashCode } from '../util/javaHashCode.ts';

/** `OperatorStateHandle.Mode`. */
export type OperatorStateMode = 'SPLIT_DISTRIBUTE' | 'UNION' | 'BROADCAST';

/** One named list state of one subtask: how it is redistributed, and its elements in list order. */
export type NamedListState = { mode: OperatorStateMode; elements: Json[] };

/** The operator state of one subtask, by state name. */
export type OperatorStateSnapshot = Record<string, NamedListState>;

/** One state name across the old subtasks: the subtasks that reported it, in subtask order. */
interface NameGroup {
  name: string;
  mode: OperatorStateMode;
  entries: { subtask: number; elements: Json[] }[];
}

/**
 * The iteration order of a `java.util.HashMap<String, …>` built with `new HashMap<>()` and filled in the
 * given order: ascending bucket `(h ^ h >>> 16) & (capacity − 1)`, insertion order within a bucket. The
 * capacity starts at 16 and doubles while size > 0.75 · capacity. (Bins of 8+ colliding names become
 * trees in Java; lesson-sized state never gets there.) The rotation of the even-split start index
 * follows this order, because Flink walks its `nameToDistributeState` HashMap
 * (java/util/HashMap.java: hash(), resize()).
 */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  let capacity = 16;
  while (keys.length > capacity * 0.75) capacity *= 2;
  const bucket = (k: string) => {
    const h = javaStringHashCode(k);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return keys
    .map((k, i) => ({ k, i, b: bucket(k) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((x) => x.k);
}

const copy = (elements: readonly Json[]): Json[] => structuredClone(elements) as Json[];

/** `groupByStateMode`: every state name with the old subtasks that reported it (old subtask order). */
function groupByName(old: readonly OperatorStateSnapshot[]): NameGroup[] {
  const groups: Record<string, NameGroup> = {};
  const order: string[] = [];
  old.forEach((snapshot, subtask) => {
    for (const [name, state] of Object.entries(snapshot)) {
      let g = groups[name];
      if (!g) {
        g = groups[name] = { name, mode: state.mode, entries: [] };
        order.push(name);
      } else if (g.mode !== state.mode) {
        throw new SimulationError(
          `operator state "${name}" is ${g.mode} on one subtask and ${state.mode} on subtask ${subtask}: ` +
            'a state name must be registered with one distribution mode',
        );
      }
      g.entries.push({ subtask, elements: state.elements });
    }
  });
  return javaHashMapOrder(order).map((n) => groups[n]!);
}

/** The concatenation of every reported list, old subtask 0 first. */
const concatenated = (g: NameGroup): Json[] => g.entries.flatMap((e) => copy(e.elements));

/**
 * `repartitionSplitState`: per state name (in HashMap order), the elements of old subtasks 0..n−1
 * concatenated; with base = total / newP and rem = total % newP, the subtasks visited round robin from
 * `start` get base + 1 contiguous elements while the remainder lasts, then base. The next name starts at
 * the first subtask that got only `base`, i.e. (start + rem) % newP. A subtask that receives no element
 * of a name does not get the name at all (Flink adds no handle for it).
 */
function repartitionSplitState(groups: NameGroup[], result: OperatorStateSnapshot[]): void {
  const newP = result.length;
  let start = 0;
  for (const g of groups) {
    const all = concatenated(g);
    const base = Math.floor(all.length / newP);
    const rem = all.length % newP;
    let pos = 0;
    for (let i = 0; i < newP; i++) {
      const n = base + (i < rem ? 1 : 0);
      if (n === 0) continue;
      result[(i + start) % newP]![g.name] = { mode: g.mode, elements: all.slice(pos, pos + n) };
      pos += n;
    }
    start = (start + rem) % newP;
  }
}

/** `repartitionUnionState`: every subtask gets the whole list (every reported entry, old subtask order). */
function repartitionUnionState(groups: NameGroup[], result: OperatorStateSnapshot[]): void {
  for (const g of groups) {
    for (const snapshot of result) snapshot[g.name] = { mode: g.mode, elements: concatenated(g) };
  }
}

/** `repartitionBroadcastState`: new subtask i gets a copy of the (i mod k)-th of the k reported entries. */
function repartitionBroadcastState(groups: NameGroup[], result: OperatorStateSnapshot[]): void {
  for (const g of groups) {
    result.forEach((snapshot, i) => {
      const entry = g.entries[i % g.entries.length]!;
      snapshot[g.name] = { mode: g.mode, elements: copy(entry.elements) };
    });
  }
}

/**
 * `repartitionState`: the operator state each of `newParallelism` subtasks restores, given the
 * snapshots of the old subtasks (index = old subtask index).
 *
 * Unchanged parallelism: SPLIT_DISTRIBUTE stays where it was; UNION state is re-merged so every subtask
 * gets the union; BROADCAST state is redistributed as on rescale, so a subtask that reported nothing
 * (e.g. a finished one) gets a copy again. (Flink does the latter only for "partly reported" broadcast
 * state, but its test `BitSet.cardinality() < BitSet.size()` holds for any parallelism ≤ 64, and when
 * every subtask reported, subtask i receives its own entry back.)
 */
export function repartitionOperatorState(
  old: readonly OperatorStateSnapshot[],
  newParallelism: number,
): OperatorStateSnapshot[] {
  if (!Number.isInteger(newParallelism) || newParallelism <= 0) {
    throw new SimulationError(`new parallelism must be a positive integer, got ${newParallelism}`); // checkArgument(newParallelism > 0)
  }
  const groups = groupByName(old);
  const byMode = (mode: OperatorStateMode) => groups.filter((g) => g.mode === mode);
  if (newParallelism === old.length) {
    const result = old.map((s) => structuredClone(s) as OperatorStateSnapshot);
    repartitionUnionState(byMode('UNION'), result);
    repartitionBroadcastState(byMode('BROADCAST'), result);
    return result;
  }
  const result: OperatorStateSnapshot[] = Array.from({ length: newParallelism }, () => ({}));
  repartitionSplitState(byMode('SPLIT_DISTRIBUTE'), result);
  repartitionUnionState(byMode('UNION'), result);
  repartitionBroadcastState(byMode('BROADCAST'), result);
  return result;
}
