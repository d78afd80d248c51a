/**
 * Heartbeats (flink-runtime/.../heartbeat/HeartbeatManagerSenderImpl.java, HeartbeatMonitorImpl.java):
 * the ResourceManager and the JobMaster each request a heartbeat from their TaskExecutors every
 * `heartbeat.interval`. A target is lost when no heartbeat arrived for `heartbeat.timeout`, or when
 * `heartbeat.rpc-failure-threshold` heartbeat RPCs in a row failed (the process is gone).
 */
import type { World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { Endpoint, HeartbeatTarget } from './ClusterRuntime.ts';
import type { HeartbeatSender } from '../kernel/KernelEvent.ts';
import { schedule } from '../runtime/Kernel.ts';
import { sendRpc } from './Rpc.ts';

/** The sender's monitored targets (null when the sender is not running). */
export function targetsOf(world: World, sender: HeartbeatSender): Record<string, HeartbeatTarget> | null {
  return sender === 'resourcemanager' ? world.cluster.resourceManager.heartbeats : (world.cluster.jobMaster?.heartbeats ?? null);
}

/** Starts monitoring a target (HeartbeatManagerImpl.monitorTarget). */
export function monitorTarget(ctx: SimContext, world: World, sender: HeartbeatSender, tm: Endpoint): void {
  const targets = targetsOf(world, sender);
  if (!targets || targets[tm]) return;
  const first = Object.keys(targets).length === 0;
  targets[tm] = { lastHeartbeat: world.time, failedRpcs: 0, epoch: 0 };
  schedule(world, ctx.settings.heartbeatTimeoutMs, { kind: 'heartbeat.check', sender, tm, epoch: 0 });
  if (first) schedule(world, ctx.settings.heartbeatIntervalMs, { kind: 'heartbeat.tick', sender });
}

export function unmonitorTarget(world: World, sender: HeartbeatSender, tm: Endpoint): void {
  const targets = targetsOf(world, sender);
  if (targets) delete targets[tm];
}

/** A heartbeat arrived: the timeout starts over. */
export function receiveHeartbeat(ctx: SimContext, world: World, sender: HeartbeatSender, tm: Endpoint): void {
  const target = targetsOf(world, sender)?.[tm];
  if (!target) return;
  target.lastHeartbeat = world.time;
  target.failedRpcs = 0;
  target.epoch += 1;
  schedule(world, ctx.settings.heartbeatTimeoutMs, { kind: 'heartbeat.check', sender, tm, epoch: target.epoch });
}

/** The sender's period: one request per target, then the next period (while anything is monitored). */
export function onHeartbeatTick(ctx: SimContext, world: World, sender: HeartbeatSender, active: boolean, emit: Emit): void {
  const targets = targetsOf(world, sender);
  if (!targets || !active || Object.keys(targets).length === 0) return;
  for (const tm of Object.keys(targets)) sendRpc(ctx, world, sender, tm as Endpoint, { name: 'requestHeartbeat' }, emit);
  schedule(world, ctx.settings.heartbeatIntervalMs, { kind: 'heartbeat.tick', sender });
}

/** True when a timeout check finds the target lost. */
export function isTimedOut(world: World, sender: HeartbeatSender, tm: Endpoint, epoch: number): boolean {
  const target = targetsOf(world, sender)?.[tm];
  return !!target && target.epoch === epoch;
}

/** A heartbeat RPC failed; true when the target is now unreachable. */
export function reportHeartbeatRpcFailure(ctx: SimContext, world: World, sender: HeartbeatSender, tm: Endpoint): boolean {
  const target = targetsOf(world, sender)?.[tm];
  if (!target) return false;
  target.failedRpcs += 1;
  return ctx.settings.rpcFailureThreshold > 0 && target.failedRpcs >= ctx.settings.rpcFailureThreshold;
}
