/**
 * RPCs between cluster components: each is a message with a send and an arrival time, kept in the
 * world while in flight (views draw it) and delivered by a `rpc.deliver` kernel event. A message to
 * a process that is gone fails at arrival; the sender learns of it like an RPC timeout.
 */
import type { World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { Endpoint, RpcInFlight, RpcMessage } from './ClusterRuntime.ts';
import { schedule } from '../runtime/Kernel.ts';

export function sendRpc(ctx: SimContext, world: World, from: Endpoint, to: Endpoint, message: RpcMessage, emit: Emit): void {
  const c = world.cluster;
  const rpc: RpcInFlight = { id: c.nextRpcId++, from, to, message, sentAt: world.time, arrivesAt: world.time + ctx.settings.rpcLatencyMs };
  c.rpcs.push(rpc);
  emit({ type: 'rpc.sent', ...rpc });
  schedule(world, ctx.settings.rpcLatencyMs, { kind: 'rpc.deliver', id: rpc.id });
}

/** Can `endpoint` receive messages now? */
export function isReachable(world: World, endpoint: Endpoint): boolean {
  if (endpoint === 'client' || endpoint === 'yarn') return true;
  if (endpoint === 'jobmaster') return world.cluster.jobManagerUp && !world.cluster.leadershipLost;
  if (endpoint === 'dispatcher' || endpoint === 'resourcemanager') return world.cluster.jobManagerUp;
  return world.cluster.taskManagers.find((t) => t.id === endpoint)?.status === 'running';
}

/** Takes the RPC off the wire; returns it and whether its receiver got it. */
export function takeRpc(world: World, id: number, emit: Emit): { rpc: RpcInFlight; delivered: boolean } | null {
  const c = world.cluster;
  const i = c.rpcs.findIndex((r) => r.id === id);
  if (i < 0) return null;
  const rpc = c.rpcs.splice(i, 1)[0]!;
  const delivered = isReachable(world, rpc.to);
  const fields = { id: rpc.id, from: rpc.from, to: rpc.to, name: rpc.message.name };
  emit(delivered ? { type: 'rpc.received', ...fields } : { type: 'rpc.failed', ...fields });
  return { rpc, delivered };
}
