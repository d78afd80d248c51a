/**
 * The settings a run's cluster and scheduler use: Flink options (defaults as in Flink 1.20) and the
 * scenario's cluster shape, resolved once per run.
 */
import type { ResolvedScenario } from '../scenario/Scenario.ts';
import { configValue } from '../config/Configuration.ts';
import type { FlinkOptionKey } from '../config/ConfigOptions.ts';
import type { FailoverStrategyName } from '../failover/FailoverStrategy.ts';
import { restartStrategyFromConfig, type RestartStrategyConfig } from '../failover/RestartBackoffTimeStrategy.ts';
import { SimulationError } from '../kernel/errors.ts';

export interface ClusterSettings {
  mode: 'standalone' | 'yarn';
  rpcLatencyMs: number;
  processStartMs: number;
  containerAllocationMs: number;
  /** taskmanager.numberOfTaskSlots */
  slotsPerTaskManager: number;
  /** heartbeat.interval / heartbeat.timeout / heartbeat.rpc-failure-threshold */
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  rpcFailureThreshold: number;
  /** slot.request.timeout */
  slotRequestTimeoutMs: number;
  /** slot.idle.timeout */
  slotIdleTimeoutMs: number;
  /** resourcemanager.taskmanager-timeout (active mode releases idle TaskManagers) */
  taskManagerTimeoutMs: number;
  /** jobmanager.execution.failover-strategy */
  failover: FailoverStrategyName;
  restart: RestartStrategyConfig;
}

const num = (scenario: ResolvedScenario, key: FlinkOptionKey) => configValue(scenario.config, key) as number;

export function clusterSettings(scenario: ResolvedScenario): ClusterSettings {
  const checkpointing = configValue(scenario.config, 'execution.checkpointing.interval') !== undefined;
  const restart = restartStrategyFromConfig(scenario.config, checkpointing);
  // validateScenario reports these problems first; reaching this is a bug.
  if (!restart.ok) throw new SimulationError(`internal: invalid restart strategy: ${restart.problems.map((p) => p.message).join('; ')}`);
  return {
    mode: scenario.cluster.mode,
    rpcLatencyMs: scenario.cluster.rpcLatencyMs,
    processStartMs: scenario.cluster.processStartMs,
    containerAllocationMs: scenario.cluster.containerAllocationMs,
    slotsPerTaskManager: num(scenario, 'taskmanager.numberOfTaskSlots'),
    heartbeatIntervalMs: num(scenario, 'heartbeat.interval'),
    heartbeatTimeoutMs: num(scenario, 'heartbeat.timeout'),
    rpcFailureThreshold: num(scenario, 'heartbeat.rpc-failure-threshold'),
    slotRequestTimeoutMs: num(scenario, 'slot.request.timeout'),
    slotIdleTimeoutMs: num(scenario, 'slot.idle.timeout'),
    taskManagerTimeoutMs: num(scenario, 'resourcemanager.taskmanager-timeout'),
    failover: configValue(scenario.config, 'jobmanager.execution.failover-strategy') as FailoverStrategyName,
    restart: restart.value,
  };
}
