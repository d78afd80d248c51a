/**
 * StreamGraph: one node per operator, edges carrying the partitioner, as
 * flink-streaming-java/.../api/graph/StreamGraphGenerator.java and StreamGraph.java build it.
 */
import type { OperatorSpec, ResolvedScenario } from '../scenario/Scenario.ts';
import { computeDefaultMaxParallelism } from '../state/KeyGroupRangeAssignment.ts';
import { windowOperatorName } from '../windowing/WindowOperatorName.ts';
import type { ChainingStrategy, PartitionerKind, StreamEdge, StreamGraph, StreamNode } from './types.ts';

/** StreamGraphGenerator.DEFAULT_SLOT_SHARING_GROUP. */
export const DEFAULT_SLOT_SHARING_GROUP = 'default';

const KEYED_TYPES = new Set(['sum', 'min', 'max', 'reduce', 'window', 'process']);

/** Flink's default operator names (DataStream.flatMap → "Flat Map", keyBy().sum → "Keyed Aggregation" …). */
export function defaultOperatorName(spec: OperatorSpec): string {
  switch (spec.type) {
    case 'source':
      return `Source: ${spec.name ?? spec.id}`;
    case 'sink':
      return `Sink: ${spec.name ?? 'Print to Std. Out'}`;
    case 'map':
      return spec.name ?? 'Map';
    case 'flatMap':
      return spec.name ?? 'Flat Map';
    case 'filter':
      return spec.name ?? 'Filter';
    case 'reduce':
      return spec.name ?? 'Keyed Reduce';
    case 'timestamps':
      return spec.name ?? 'Timestamps/Watermarks'; // DataStream.assignTimestampsAndWatermarks
    case 'window':
      return spec.name ?? windowOperatorName(spec);
    case 'process':
      return spec.name ?? 'KeyedProcess'; // KeyedStream.process
    case 'coMap':
      return spec.name ?? 'Co-Map'; // ConnectedStreams.map
    default:
      return spec.name ?? 'Keyed Aggregation';
  }
}

function chainingStrategy(spec: OperatorSpec): ChainingStrategy {
  if (spec.chaining === 'never') return 'NEVER'; // disableChaining()
  if (spec.chaining === 'head') return 'HEAD'; // startNewChain()
  // Sources are chain heads (SourceOperatorFactory); StreamMap, StreamFlatMap, StreamFilter and
  // StreamSink use ALWAYS, and so do keyed aggregations: ReduceTransformationTranslator sets the
  // ReduceTransformation's strategy, DEFAULT_CHAINING_STRATEGY, on the operator factory.
  return spec.type === 'source' ? 'HEAD' : 'ALWAYS';
}

/**
 * Builds the StreamGraph of a validated scenario (operators are listed after their inputs).
 * The default partitioner is FORWARD when parallelisms match, else REBALANCE
 * (StreamGraph.createActualEdge).
 */
export function buildStreamGraph(scenario: ResolvedScenario): StreamGraph {
  const nodes: StreamNode[] = [];
  const edges: StreamEdge[] = [];
  const byId = new Map<string, StreamNode>();
  for (const spec of scenario.operators) {
    const parallelism = spec.parallelism ?? scenario.job.parallelism;
    const inputs = spec.type === 'source' ? [] : (Array.isArray(spec.input) ? spec.input : [spec.input]).map((id) => byId.get(id)!);
    // StreamGraphGenerator.determineSlotSharingGroup: user group, else the inputs' common group, else "default".
    const inputGroups = new Set(inputs.map((n) => n.slotSharingGroup));
    const slotSharingGroup = spec.slotSharingGroup ?? (inputGroups.size === 1 ? [...inputGroups][0]! : DEFAULT_SLOT_SHARING_GROUP);
    const node: StreamNode = {
      id: spec.id,
      name: defaultOperatorName(spec),
      spec,
      parallelism,
      maxParallelism: spec.maxParallelism ?? scenario.job.maxParallelism ?? computeDefaultMaxParallelism(parallelism),
      chainingStrategy: chainingStrategy(spec),
      slotSharingGroup,
      keyed: KEYED_TYPES.has(spec.type),
    };
    nodes.push(node);
    byId.set(spec.id, node);
    if (spec.type === 'source') continue;
    // A two-input operator's edges carry typeNumber 1 and 2 (StreamEdge.typeNumber); one-input edges 0.
    inputs.forEach((input, i) => edges.push(inputEdge(spec, input, parallelism, edges.length, spec.type === 'coMap' ? i + 1 : 0)));
  }
  return { nodes, edges, chainingEnabled: scenario.job.chaining, runtimeMode: scenario.job.runtimeMode };
}

/** The StreamEdge from `input` into operator `spec`. */
function inputEdge(spec: Exclude<OperatorSpec, { type: 'source' }>, input: StreamNode, parallelism: number, index: number, typeNumber: number): StreamEdge {
  let partitioner: PartitionerKind;
  let defaulted = false;
  if (spec.keyBy !== undefined) partitioner = 'HASH';
  else if (spec.partitioner) partitioner = spec.partitioner.toUpperCase() as PartitionerKind;
  else {
    partitioner = input.parallelism === parallelism ? 'FORWARD' : 'REBALANCE';
    defaulted = true;
  }
  const exchangeMode = spec.exchange === 'batch' ? 'BATCH' : spec.exchange === 'pipelined' ? 'PIPELINED' : 'UNDEFINED';
  const edge: StreamEdge = { index, source: input.id, target: spec.id, partitioner, defaulted, exchangeMode, typeNumber };
  if (spec.keyBy !== undefined) edge.keyBy = spec.keyBy;
  if (spec.sideOutput !== undefined) edge.outputTag = spec.sideOutput;
  return edge;
}
