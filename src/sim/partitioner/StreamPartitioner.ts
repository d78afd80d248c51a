/**
 * Flink's stream partitioners: which output channel(s) of a producer subtask a record goes to.
 * After flink-streaming-java/src/main/java/org/apache/flink/streaming/runtime/partitioner/*.java.
 * `state` is the partitioner's one integer of memory (rebalance/rescale: the last channel chosen),
 * kept in the world so that it is cloned and serialized with it.
 */
import type { Json } from '../scenario/Scenario.ts';
import type { PartitionerKind } from '../graph/types.ts';
import type { RngState } from '../kernel/Random.ts';
import { nextInt } from '../kernel/Random.ts';
import { assignKeyToParallelOperator } from '../state/KeyGroupRangeAssignment.ts';

export interface PartitionContext {
  /** Number of output channels of this producer subtask on this edge. */
  channels: number;
  rng: RngState;
  key?: Json;
  /** The consumer's max parallelism (`getNumTargetKeyGroups`), for HASH. */
  maxParallelism: number;
}

export interface StreamPartitioner {
  /** Initial state when the record writer is set up (`setup(numberOfChannels)`). */
  setup(ctx: PartitionContext): number;
  /** Channels for one record, and the new state. */
  select(state: number, ctx: PartitionContext): { channels: number[]; state: number };
  isPointwise: boolean;
}

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

export const PARTITIONERS: Record<PartitionerKind, StreamPartitioner> = {
  // ForwardPartitioner: exactly one channel, subtask i → i.
  FORWARD: { isPointwise: true, setup: () => 0, select: (s) => ({ channels: [0], state: s }) },
  // RescalePartitioner: round-robin over the pointwise consumers, starting at 0 (nextChannelToSendTo = -1).
  RESCALE: {
    isPointwise: true,
    setup: () => -1,
    select: (s, { channels }) => {
      const next = s + 1 >= channels ? 0 : s + 1;
      return { channels: [next], state: next };
    },
  },
  // RebalancePartitioner: setup draws a random start; each record goes to (next + 1) % n.
  REBALANCE: {
    isPointwise: false,
    setup: ({ channels, rng }) => nextInt(rng, channels),
    select: (s, { channels }) => {
      const next = (s + 1) % channels;
      return { channels: [next], state: next };
    },
  },
  // ShufflePartitioner: uniform random channel per record.
  SHUFFLE: {
    isPointwise: false,
    setup: () => 0,
    select: (s, { channels, rng }) => ({ channels: [nextInt(rng, channels)], state: s }),
  },
  // BroadcastPartitioner: every channel (the record writer broadcasts).
  BROADCAST: { isPointwise: false, setup: () => 0, select: (s, { channels }) => ({ channels: all(channels), state: s }) },
  // GlobalPartitioner: always downstream subtask 0.
  GLOBAL: { isPointwise: false, setup: () => 0, select: (s) => ({ channels: [0], state: s }) },
  // KeyGroupStreamPartitioner: assignKeyToParallelOperator(key, maxParallelism, n).
  HASH: {
    isPointwise: false,
    setup: () => 0,
    select: (s, { channels, key, maxParallelism }) => ({
      channels: [assignKeyToParallelOperator(key ?? null, maxParallelism, channels)],
      state: s,
    }),
  },
};
