/**
 * Starting the cluster and the job. Standalone: the JobManager process (Dispatcher, ResourceManager)
 * is up and a fixed set of TaskManagers starts; the client submits the job to the Dispatcher, which
 * starts its JobMaster (Dispatcher.submitJob → JobMasterServiceLeadershipRunner). YARN (the course's
 * flow): the client submits an application; YARN starts the application master (the JobManager),
 * and the ResourceManager asks YARN for TaskManager containers when the job needs slots.
 */
import type { World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { Endpoint } from './ClusterRuntime.ts';
import { sendRpc } from './Rpc.ts';
import { launchTaskManager, onTaskManagerStarted } from './TaskExecutor.ts';
import { startJobMaster } from '../scheduler/DefaultScheduler.ts';

/** Standalone TaskManagers started at t = 0: the scenario's number, or enough slots for the job. */
export function initialTaskManagers(ctx: SimContext): number {
  if (ctx.settings.mode === 'yarn') return 0;
  return ctx.scenario.cluster.taskManagers ?? Math.ceil(ctx.slotSharing.slotsNeeded / ctx.settings.slotsPerTaskManager);
}

/** The `cluster.start` event (t = 0). */
export function startCluster(ctx: SimContext, world: World, emit: Emit): void {
  if (ctx.settings.mode === 'yarn') {
    sendRpc(ctx, world, 'client', 'yarn', { name: 'submitApplication' }, emit);
    return;
  }
  world.cluster.jobManagerUp = true;
  // A standalone cluster's TaskManagers are started with it: they register right away.
  for (let i = 0; i < initialTaskManagers(ctx); i++) launchTaskManager(ctx, world, emit, undefined, 0);
  sendRpc(ctx, world, 'client', 'dispatcher', { name: 'submitJob' }, emit);
}

/** A `process.started` event: a TaskManager, or (YARN) the application master with the JobManager. */
export function onProcessStarted(ctx: SimContext, world: World, process: Endpoint | 'jobmanager', emit: Emit): void {
  if (process !== 'jobmanager') return onTaskManagerStarted(ctx, world, process, emit);
  world.cluster.jobManagerUp = true;
  sendRpc(ctx, world, 'client', 'dispatcher', { name: 'submitJob' }, emit);
}

/** `submitJob` reached the Dispatcher: it starts the job's JobMaster. */
export function onDispatcherRpc(ctx: SimContext, world: World, emit: Emit): void {
  world.cluster.jobSubmitted = true;
  startJobMaster(ctx, world, emit);
}
