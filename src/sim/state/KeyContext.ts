/** The current key of a keyed operator for one record (Flink's `setCurrentKey` before `processElement`). */
import type { Json } from '../scenario/Scenario.ts';
import type { StreamRecord } from '../world.ts';
import type { StreamNode } from '../graph/types.ts';
import { getField } from '../functions/fields.ts';
import { assignToKeyGroup } from './KeyGroupRangeAssignment.ts';

/** The record's key (set by the HASH edge, else read with the operator's `keyBy`) and its key group. */
export function currentKey(node: StreamNode, record: StreamRecord): { key: Json; keyGroup: number } {
  const spec = node.spec as { keyBy?: number | string };
  const key = record.key !== undefined ? record.key : getField(record.value, spec.keyBy ?? '$');
  return { key, keyGroup: record.keyGroup ?? assignToKeyGroup(key, node.maxParallelism) };
}
