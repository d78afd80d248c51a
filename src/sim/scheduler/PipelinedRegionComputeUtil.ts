/**
 * Pipelined regions (reference §3.1) and the static lookup data every scheduling strategy reads
 * (`PreparedTopology`). Pure functions over plain data.
 */
import {
  mustBePipelinedConsumed,
  type ResultPartitionType,
  type SchedulingResultPartition,
  type SchedulingTopology,
} from './SchedulingTopology.ts';

/** Tiny union-find over indices. */
function unionFind(n: number) {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  return { find, union };
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => void (m.get(k)?.push(v) ?? m.set(k, [v]));
const addUnique = (list: number[], v: number) => void (list.includes(v) || list.push(v));

/** Groups indices 0..n-1 by `key(i)`; groups ordered by their smallest index, members ascending. */
function groupBy(n: number, key: (i: number) => number): number[][] {
  const byKey = new Map<number, number[]>();
  for (let i = 0; i < n; i++) push(byKey, key(i), i);
  return [...byKey.values()];
}

function indexOf(index: Map<string, number>, id: string, what: string): number {
  const i = index.get(id);
  if (i === undefined) throw new Error(`unknown ${what} '${id}'`);
  return i;
}

/** Strongly connected components (Tarjan); `out[i]` = successors of node i. */
function stronglyConnectedComponents(out: number[][]): number[][] {
  // failover/StronglyConnectedComponentsComputeUtils.java (FLINK-17330)
  const n = out.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const sccs: number[][] = [];
  let counter = 0;
  const visit = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = true;
    for (const w of out[v]!) {
      if (index[w] === -1) {
        visit(w);
        low[v] = Math.min(low[v]!, low[w]!);
      } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
    }
    if (low[v] === index[v]) {
      const scc: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = false;
        scc.push(w);
      } while (w !== v);
      sccs.push(scc);
    }
  };
  for (let v = 0; v < n; v++) if (index[v] === -1) visit(v);
  return sccs;
}

/**
 * Execution-level pipelined regions of a topology whose vertices are in topological order.
 * Regions are sorted by the topological index of their first vertex; vertices inside a region in
 * topological order.
 */
export function computeSchedulingPipelinedRegions(topology: SchedulingTopology): string[][] {
  // failover/SchedulingPipelinedRegionComputeUtil.java#computePipelinedRegions
  const ids = topology.vertices.map((v) => v.id);
  const vIndex = new Map(ids.map((id, i) => [id, i]));
  const raw = unionFind(ids.length);
  // buildRawRegions (failover/PipelinedRegionComputeUtil.java): union over mustBePipelinedConsumed inputs
  for (const p of topology.partitions) {
    const producer = indexOf(vIndex, p.producer, 'vertex');
    for (const c of p.consumers) {
      const consumer = indexOf(vIndex, c, 'vertex');
      if (mustBePipelinedConsumed(p.type)) raw.union(consumer, producer);
    }
  }
  const rawRegions = groupBy(ids.length, raw.find);
  const regionOf = new Array<number>(ids.length);
  rawRegions.forEach((r, ri) => r.forEach((v) => (regionOf[v] = ri)));
  // mergeRegionsOnCycles: region graph over the non-mustBePipelined results (buildOutEdgesDesc)
  const out: number[][] = rawRegions.map(() => []);
  for (const p of topology.partitions) {
    if (mustBePipelinedConsumed(p.type)) continue;
    const from = regionOf[vIndex.get(p.producer)!]!;
    for (const c of p.consumers) {
      const to = regionOf[vIndex.get(c)!]!;
      if (to !== from) out[from]!.push(to);
    }
  }
  const merged = unionFind(rawRegions.length);
  for (const scc of stronglyConnectedComponents(out)) for (const r of scc) merged.union(r, scc[0]!);
  return groupBy(ids.length, (v) => merged.find(regionOf[v]!)).map((r) => r.map((v) => ids[v]!));
}

/**
 * Index of each vertex in a topological order of the graph: the input order whenever that is
 * already topological, otherwise Kahn's algorithm picking the earliest-listed ready vertex.
 */
function topologicalOrder(vertices: string[], edges: { source: string; target: string }[]): number[] {
  const vIndex = new Map(vertices.map((id, i) => [id, i]));
  const inDegree = new Array<number>(vertices.length).fill(0);
  const succ: number[][] = vertices.map(() => []);
  for (const e of edges) {
    const s = indexOf(vIndex, e.source, 'vertex');
    const t = indexOf(vIndex, e.target, 'vertex');
    succ[s]!.push(t);
    inDegree[t]!++;
  }
  const order: number[] = [];
  const done = new Array<boolean>(vertices.length).fill(false);
  while (order.length < vertices.length) {
    const next = inDegree.findIndex((d, i) => d === 0 && !done[i]);
    if (next === -1) throw new Error('the JobGraph has a cycle');
    done[next] = true;
    order.push(next);
    for (const t of succ[next]!) inDegree[t]!--;
  }
  return order;
}

/**
 * JobGraph-level (logical) pipelined regions: union over mustBePipelinedConsumed edges only; no
 * cycle merge, because the logical topology is a DAG. Same ordering convention as above.
 */
export function computeLogicalPipelinedRegions(
  vertices: string[],
  edges: { source: string; target: string; type: ResultPartitionType }[],
): string[][] {
  // failover/LogicalPipelinedRegionComputeUtil.java#computePipelinedRegions
  const sorted = topologicalOrder(vertices, edges).map((i) => vertices[i]!);
  const tIndex = new Map(sorted.map((id, i) => [id, i]));
  const uf = unionFind(sorted.length);
  for (const e of edges) {
    if (mustBePipelinedConsumed(e.type)) uf.union(tIndex.get(e.target)!, tIndex.get(e.source)!);
  }
  return groupBy(sorted.length, uf.find).map((r) => r.map((v) => sorted[v]!));
}

/** `ConsumedPartitionGroup`: partitions of one data set consumed by exactly the same consumer vertices. */
export interface ConsumedPartitionGroup {
  id: number;
  dataSet: string;
  type: ResultPartitionType;
  /** Partition ids, in topology order. */
  partitions: string[];
  /** The ConsumerVertexGroup: consumer vertex ids in topological order. */
  consumers: string[];
}

/** `InputDependencyConstraint` (flink-core, removed in 1.13): what the lazy strategy waits for. */
export type InputDependencyConstraint = 'ANY' | 'ALL';

/** Options of `prepareTopology`. */
export interface PrepareOptions {
  /** The ExecutionConfig default of the legacy lazy strategy; `ANY` unless set. */
  inputDependencyConstraint?: InputDependencyConstraint;
  /** Per job vertex overrides of the constraint (`JobVertex#setInputDependencyConstraint`). */
  inputDependencyConstraints?: Record<string, InputDependencyConstraint>;
}

/** Static data derived once from a topology; never serialized (it may hold Maps and Sets). */
export interface PreparedTopology {
  topology: SchedulingTopology;
  vertexIndex: Map<string, number>;
  jobVertexOf: Map<string, string>;
  partition: Map<string, SchedulingResultPartition>;
  /** Result partitions produced / consumed by each vertex, in topology order. */
  produced: Map<string, SchedulingResultPartition[]>;
  consumed: Map<string, SchedulingResultPartition[]>;
  /** Partition ids of each data set. */
  dataSetPartitions: Map<string, string[]>;
  groups: ConsumedPartitionGroup[];
  groupsOfPartition: Map<string, number[]>;
  /** Execution-level pipelined regions; a region's index is its rank in topological order. */
  regions: string[][];
  regionOf: Map<string, number>;
  /** Per region: its consumed groups that are not mustBePipelined (`getAllNonPipelinedConsumedPartitionGroups`). */
  regionNonPipelinedInputs: number[][];
  /** Per region: the groups its vertices produce into. */
  regionProducedGroups: number[][];
  /** Groups whose partitions come from several regions, one of them a consuming region. */
  crossRegionGroups: Set<number>;
  /** Per group: the consumer regions for which it is external or cross-region. */
  groupConsumerRegions: number[][];
  inputDependencyConstraint: InputDependencyConstraint;
  inputDependencyConstraints: Map<string, InputDependencyConstraint>;
}

/** Precomputes regions, ConsumedPartitionGroups and the region scheduling maps. */
export function prepareTopology(topology: SchedulingTopology, options: PrepareOptions = {}): PreparedTopology {
  const vertexIndex = new Map(topology.vertices.map((v, i) => [v.id, i]));
  const produced = new Map<string, SchedulingResultPartition[]>();
  const consumed = new Map<string, SchedulingResultPartition[]>();
  const dataSetPartitions = new Map<string, string[]>();
  const groups: ConsumedPartitionGroup[] = [];
  const groupsOfPartition = new Map<string, number[]>();
  const groupByKey = new Map<string, ConsumedPartitionGroup>();
  for (const p of topology.partitions) {
    push(produced, p.producer, p);
    push(dataSetPartitions, p.dataSet, p.id);
    if (p.consumers.length === 0) continue;
    const consumers = [...p.consumers].sort((a, b) => indexOf(vertexIndex, a, 'vertex') - indexOf(vertexIndex, b, 'vertex'));
    for (const c of consumers) push(consumed, c, p);
    const key = JSON.stringify([p.dataSet, consumers]);
    let g = groupByKey.get(key);
    if (!g) {
      g = { id: groups.length, dataSet: p.dataSet, type: p.type, partitions: [], consumers };
      groups.push(g);
      groupByKey.set(key, g);
    }
    g.partitions.push(p.id);
    push(groupsOfPartition, p.id, g.id);
  }
  const partition = new Map(topology.partitions.map((p) => [p.id, p]));
  const regions = computeSchedulingPipelinedRegions(topology);
  const regionOf = new Map<string, number>();
  regions.forEach((r, i) => r.forEach((v) => regionOf.set(v, i)));
  const producerRegion = (pid: string) => regionOf.get(partition.get(pid)!.producer)!;

  // scheduler/strategy/PipelinedRegionSchedulingStrategy.java#init
  const regionNonPipelinedInputs = regions.map(() => [] as number[]);
  const regionProducedGroups = regions.map(() => [] as number[]);
  for (const g of groups) {
    for (const c of g.consumers) if (!mustBePipelinedConsumed(g.type)) addUnique(regionNonPipelinedInputs[regionOf.get(c)!]!, g.id);
    for (const pid of g.partitions) addUnique(regionProducedGroups[producerRegion(pid)]!, g.id);
  }
  const crossRegionGroups = new Set<number>();
  regionNonPipelinedInputs.forEach((inputs, r) => {
    for (const gid of inputs) {
      const producers = new Set(groups[gid]!.partitions.map(producerRegion));
      if (producers.size > 1 && producers.has(r)) crossRegionGroups.add(gid);
    }
  });
  const groupConsumerRegions = groups.map(() => [] as number[]);
  regionNonPipelinedInputs.forEach((inputs, r) => {
    for (const gid of inputs) {
      const external = producerRegion(groups[gid]!.partitions[0]!) !== r;
      if (crossRegionGroups.has(gid) || external) addUnique(groupConsumerRegions[gid]!, r);
    }
  });
  return {
    topology, vertexIndex, jobVertexOf: new Map(topology.vertices.map((v) => [v.id, v.jobVertex])), partition, produced, consumed,
    dataSetPartitions, groups, groupsOfPartition, regions, regionOf,
    regionNonPipelinedInputs, regionProducedGroups, crossRegionGroups, groupConsumerRegions,
    inputDependencyConstraint: options.inputDependencyConstraint ?? 'ANY',
    inputDependencyConstraints: new Map(Object.entries(options.inputDependencyConstraints ?? {})),
  };
}
