/**
 * The static side of a run: the scenario, its graphs and lookup tables derived once from them.
 * Never changes during a run and is never serialized (it is rebuilt from the scenario).
 */
import type { OperatorSpec, ResolvedScenario, SourceEvent } from '../scenario/Scenario.ts';
import { SCENARIO_DEFAULTS } from '../scenario/Scenario.ts';
import type { JobPlan, StreamEdge, StreamNode } from '../graph/types.ts';
import { buildJobPlan } from '../graph/JobPlan.ts';
import type { TraceEvent } from '../trace.ts';
import type { SchedulingTopology } from '../scheduler/SchedulingTopology.ts';
import { buildExecutionTopology } from '../scheduler/ExecutionTopology.ts';
import { computeSchedulingPipelinedRegions } from '../scheduler/PipelinedRegionComputeUtil.ts';
import { SCHEDULING_STRATEGIES, type SchedulingStrategy } from '../scheduler/SchedulingStrategy.ts';
import { executionSlotSharingGroups, type SlotSharingPlan } from '../scheduler/SlotSharing.ts';
import { clusterSettings, type ClusterSettings } from '../cluster/ClusterSettings.ts';
import { resolveWatermarkStrategy, type WatermarkStrategyRuntime } from '../eventtime/WatermarkStrategy.ts';
import { resolveWindowSpec, type ResolvedWindowSpec } from '../windowing/WindowSpec.ts';
import { configValue } from '../config/Configuration.ts';
import { resolveCheckpointConfig, type CheckpointConfig } from '../checkpoint/CheckpointConfig.ts';
import type { NetworkSettings } from '../network/RemoteInputChannel.ts';
import type { StateBackendName } from '../state/StateBackend.ts';

/** A trace event before the kernel stamps it with step and time. */
export type TraceBody = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'step' | 't'> : never) : never;
export type Emit = (event: TraceBody) => void;

export interface SimContext {
  scenario: ResolvedScenario;
  plan: JobPlan;
  node: Map<string, StreamNode>;
  /** Stream edges leaving each operator. */
  outEdges: Map<string, StreamEdge[]>;
  /** The same without the edges that read a side output: where main-output records go. */
  mainOutEdges: Map<string, StreamEdge[]>;
  /** For each stream edge: the JobEdge index it became, or -1 when chained. */
  jobEdgeOf: number[];
  /** Explicit source events per task index (sorted by `at`, stable). */
  sourceEvents: (SourceEvent[] | undefined)[];
  /** Sum of the chain's per-record costs, per task. */
  chainCost: number[];
  /** Max parallelism of each JobEdge's consumer: the number of key groups HASH uses. */
  consumerMaxParallelism: number[];
  /** For each JobEdge: its index in the producer tasks' `outputs`. */
  outputIndex: number[];
  /** For each channel: its position in the consumer task's `inputs`. */
  inputPosition: number[];
  /** For each channel: the input it feeds (0, or 1 for input 2 of a two-input operator) and its index among that input's channels. */
  gateOf: number[];
  gateChannel: number[];
  /** For each channel: true when its JobEdge is BLOCKING (the consumer reads a finished partition). */
  blocking: boolean[];
  /** Task index by task id. */
  taskIndex: Map<string, number>;
  /** The scheduler's view of the job: subtasks and result partitions. */
  topology: SchedulingTopology;
  /** Execution-level pipelined regions (task ids). */
  regions: string[][];
  strategy: SchedulingStrategy<unknown>;
  /** The strategy's precomputed data for this topology. */
  prepared: unknown;
  /** Execution slot sharing groups (one physical slot each) and each task's group. */
  slotSharing: SlotSharingPlan;
  /** Flink options and cluster settings with defaults applied. */
  settings: ClusterSettings;
  /** Event-time configuration per operator id: watermark strategies, windows, process functions. */
  time: Map<string, OperatorTimeConfig>;
  /** `pipeline.auto-watermark-interval` in ms (0: no periodic watermarks). */
  watermarkIntervalMs: number;
  /** Checkpointing settings (execution.checkpointing.*) with Flink's defaults. */
  checkpoint: CheckpointConfig;
  /** Network buffers (taskmanager.network.memory.*). */
  network: NetworkSettings;
  /** `state.backend.type` and `execution.checkpointing.incremental`. */
  stateBackend: StateBackendName;
  incrementalCheckpoints: boolean;
}

/** What an operator does with time, resolved once from its scenario entry. */
export interface OperatorTimeConfig {
  /** Sources with `watermarks` and `timestamps` operators. */
  strategy?: WatermarkStrategyRuntime;
  /** Window operators. */
  window?: ResolvedWindowSpec;
  /** Process operators (KeyedProcessFunction). */
  process?: true;
}

function timeConfig(spec: OperatorSpec): OperatorTimeConfig {
  switch (spec.type) {
    case 'source':
      return spec.watermarks ? { strategy: resolveWatermarkStrategy(spec.watermarks) } : {};
    case 'timestamps':
      return { strategy: resolveWatermarkStrategy(spec.watermarks) };
    case 'window':
      return { window: resolveWindowSpec(spec) };
    case 'process':
      return { process: true };
    default:
      return {};
  }
}

export function createContext(scenario: ResolvedScenario): SimContext {
  const plan = buildJobPlan(scenario);
  const node = new Map(plan.streamGraph.nodes.map((n) => [n.id, n]));
  const outEdges = new Map<string, StreamEdge[]>();
  for (const n of plan.streamGraph.nodes) outEdges.set(n.id, []);
  for (const e of plan.streamGraph.edges) outEdges.get(e.source)!.push(e);
  const mainOutEdges = new Map([...outEdges].map(([id, edges]) => [id, edges.filter((e) => e.outputTag === undefined)]));
  const jobEdgeOf = plan.streamGraph.edges.map((e) => plan.jobGraph.edges.findIndex((je) => je.streamEdge === e.index));
  const sourceEvents = plan.execution.tasks.map((t) => {
    const spec = node.get(t.operators[0]!)!.spec;
    if (spec.type !== 'source' || !spec.events) return undefined;
    return spec.events
      .map((e, i) => ({ e, i }))
      .filter(({ e, i }) => (e.subtask ?? i % t.parallelism) === t.subtask)
      .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
      .map(({ e }) => e);
  });
  const chainCost = plan.execution.tasks.map((t) =>
    t.operators.reduce((sum, id) => sum + operatorCost(node.get(id)!.spec), 0),
  );
  const consumerMaxParallelism = plan.jobGraph.edges.map((e) => plan.jobGraph.vertices.find((v) => v.id === e.target)!.maxParallelism);
  const outputIndex = plan.jobGraph.edges.map((e) => plan.jobGraph.edges.filter((x) => x.source === e.source && x.index < e.index).length);
  const inputPosition = plan.execution.channels.map((c) => plan.execution.tasks[c.to]!.inputs.indexOf(c.index));
  const blocking = plan.execution.channels.map((c) => plan.jobGraph.edges[c.edge]!.resultPartitionType === 'BLOCKING');
  const gateOf = plan.execution.channels.map((c) => (plan.streamGraph.edges[plan.jobGraph.edges[c.edge]!.streamEdge]!.typeNumber === 2 ? 1 : 0));
  const gateChannel = plan.execution.channels.map((c) =>
    plan.execution.tasks[c.to]!.inputs.filter((x) => gateOf[x] === gateOf[c.index]).indexOf(c.index));
  const taskIndex = new Map(plan.execution.tasks.map((t) => [t.id, t.index]));
  const topology = buildExecutionTopology(plan);
  const strategy = SCHEDULING_STRATEGIES[scenario.scheduling.strategy] as SchedulingStrategy<unknown>;
  return {
    scenario, plan, node, outEdges, jobEdgeOf,
    mainOutEdges, sourceEvents, chainCost, consumerMaxParallelism, outputIndex, inputPosition,
    blocking,
    gateOf,
    gateChannel,
    taskIndex,
    topology,
    regions: computeSchedulingPipelinedRegions(topology),
    strategy,
    prepared: strategy.prepare(topology),
    slotSharing: executionSlotSharingGroups(plan, topology),
    settings: clusterSettings(scenario),
    time: new Map(plan.streamGraph.nodes.map((n) => [n.id, timeConfig(n.spec)])),
    watermarkIntervalMs: (configValue(scenario.config, 'pipeline.auto-watermark-interval') as number | undefined) ?? 200,
    checkpoint: resolveCheckpointConfig(scenario.config),
    network: {
      buffersPerChannel: configValue(scenario.config, 'taskmanager.network.memory.buffers-per-channel') ?? 2,
      floatingBuffersPerGate: configValue(scenario.config, 'taskmanager.network.memory.floating-buffers-per-gate') ?? 8,
      maxBuffersPerChannel: configValue(scenario.config, 'taskmanager.network.memory.max-buffers-per-channel') ?? 10,
      recordsPerBuffer: scenario.network.recordsPerBuffer,
    },
    stateBackend: (configValue(scenario.config, 'state.backend.type') ?? 'hashmap') as StateBackendName,
    incrementalCheckpoints: configValue(scenario.config, 'execution.checkpointing.incremental') ?? false,
  };
}

/** Per-record processing time of an operator: its `costMs`, else 0 for sources and the default for others. */
export const operatorCost = (spec: OperatorSpec) => spec.costMs ?? (spec.type === 'source' ? 0 : SCENARIO_DEFAULTS.costMs);
