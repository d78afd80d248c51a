/**
 * StreamGraph → JobGraph: operator chaining, after
 * flink-streaming-java/src/main/java/org/apache/flink/streaming/api/graph/StreamingJobGraphGenerator.java
 * (`isChainable`, `createChain`). Reference §6.1.
 */
import { PARTITIONERS } from '../partitioner/StreamPartitioner.ts';
import type { ChainDecision, JobEdge, JobGraph, JobVertex, StreamEdge, StreamGraph, StreamNode } from './types.ts';

/** `isChainable(edge, streamGraph)`, returning the first rule that fails (in Flink's order). */
export function isChainable(edge: StreamEdge, graph: StreamGraph): ChainDecision {
  const up = graph.nodes.find((n) => n.id === edge.source)!;
  const down = graph.nodes.find((n) => n.id === edge.target)!;
  const no = (rule: ChainDecision['rule'], reason: string): ChainDecision => ({ edge: edge.index, chained: false, rule, reason });
  if (graph.edges.filter((e) => e.target === down.id).length !== 1)
    return no('multipleInputs', `${down.name} has more than one input edge`);
  if (!graph.chainingEnabled) return no('chainingDisabled', 'operator chaining is disabled for the job');
  if (up.slotSharingGroup !== down.slotSharingGroup)
    return no('slotSharingGroup', `slot sharing groups differ (${up.slotSharingGroup} vs ${down.slotSharingGroup})`);
  if (up.chainingStrategy === 'NEVER') return no('upstreamNever', `${up.name} never chains (disableChaining)`);
  if (down.chainingStrategy === 'NEVER' || down.chainingStrategy === 'HEAD')
    return no('downstreamNeverOrHead', `${down.name} starts a new chain (chaining strategy ${down.chainingStrategy})`);
  if (up.parallelism !== down.parallelism)
    return no('parallelism', `parallelism differs (${up.parallelism} vs ${down.parallelism})`);
  if (edge.partitioner !== 'FORWARD')
    return no('partitioner', `${edge.partitioner} is not FORWARD: records may change subtask`);
  // arePartitionerAndExchangeModeChainable: a BATCH exchange is never chained.
  if (edge.exchangeMode === 'BATCH') return no('exchangeMode', 'the exchange is BATCH (blocking): the consumer reads after the producer finished');
  return { edge: edge.index, chained: true, rule: 'chained', reason: 'same parallelism, FORWARD, same slot sharing group' };
}

/**
 * StreamingJobGraphGenerator.getResultPartitionType: PIPELINED → PIPELINED_BOUNDED, BATCH → BLOCKING;
 * UNDEFINED follows the runtime mode (STREAMING: all edges pipelined; BATCH: ALL_EDGES_BLOCKING).
 */
export function resultPartitionType(edge: StreamEdge, runtimeMode: StreamGraph['runtimeMode']): JobEdge['resultPartitionType'] {
  if (edge.exchangeMode === 'PIPELINED') return 'PIPELINED_BOUNDED';
  if (edge.exchangeMode === 'BATCH') return 'BLOCKING';
  return runtimeMode === 'BATCH' ? 'BLOCKING' : 'PIPELINED_BOUNDED';
}

/** Builds chains depth-first from the sources; every source and every non-chained edge target heads a JobVertex. */
export function createJobGraph(graph: StreamGraph): JobGraph {
  const chainDecisions = graph.edges.map((e) => isChainable(e, graph));
  const headOf = new Map<string, string>();
  const vertices: JobVertex[] = [];
  const node = (id: string) => graph.nodes.find((n) => n.id === id)!;
  const out = (id: string) => graph.edges.filter((e) => e.source === id);

  const createChain = (head: StreamNode) => {
    if (headOf.has(head.id)) return;
    const members: StreamNode[] = [];
    const later: StreamNode[] = [];
    const visit = (n: StreamNode) => {
      members.push(n);
      headOf.set(n.id, head.id);
      for (const e of out(n.id)) {
        if (chainDecisions[e.index]!.chained) visit(node(e.target));
        else later.push(node(e.target));
      }
    };
    visit(head);
    // createChainedName: "a -> b" for one chained output, "a -> (b, c)" for several.
    const chainedName = (n: StreamNode): string => {
      const next = out(n.id).filter((e) => chainDecisions[e.index]!.chained).map((e) => chainedName(node(e.target)));
      if (next.length === 0) return n.name;
      return next.length === 1 ? `${n.name} -> ${next[0]}` : `${n.name} -> (${next.join(', ')})`;
    };
    vertices.push({
      id: head.id,
      name: chainedName(head),
      operators: members.map((m) => m.id),
      parallelism: head.parallelism,
      maxParallelism: head.maxParallelism,
      slotSharingGroup: head.slotSharingGroup,
    });
    for (const n of later) createChain(n);
  };
  for (const n of graph.nodes) if (n.spec.type === 'source') createChain(n);

  const edges: JobEdge[] = [];
  for (const e of graph.edges) {
    if (chainDecisions[e.index]!.chained) continue;
    const je: JobEdge = {
      index: edges.length,
      source: headOf.get(e.source)!,
      target: headOf.get(e.target)!,
      streamEdge: e.index,
      partitioner: e.partitioner,
      pattern: PARTITIONERS[e.partitioner].isPointwise ? 'POINTWISE' : 'ALL_TO_ALL',
      resultPartitionType: resultPartitionType(e, graph.runtimeMode),
    };
    if (e.keyBy !== undefined) je.keyBy = e.keyBy;
    edges.push(je);
  }
  // Topological order of vertices (Kahn's algorithm, stable by creation order) for display and tasks.
  const indeg = new Map(vertices.map((v) => [v.id, 0]));
  for (const e of edges) indeg.set(e.target, indeg.get(e.target)! + 1);
  const ordered: JobVertex[] = [];
  const ready = vertices.filter((v) => indeg.get(v.id) === 0);
  while (ready.length) {
    const v = ready.shift()!;
    ordered.push(v);
    for (const e of edges.filter((x) => x.source === v.id)) {
      indeg.set(e.target, indeg.get(e.target)! - 1);
      if (indeg.get(e.target) === 0) ready.push(vertices.find((x) => x.id === e.target)!);
    }
  }
  return { vertices: ordered, edges, chainDecisions };
}
