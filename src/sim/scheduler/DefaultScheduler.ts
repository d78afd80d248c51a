/**
 * The JobMaster's scheduler: Flink 1.20's DefaultScheduler with DefaultExecutionGraph's job status
 * (flink-runtime/.../scheduler/DefaultScheduler.java, SchedulerBase.java,
 * executiongraph/DefaultExecutionGraph.java, failover/ExecutionFailureHandler.java; reference §1–§5).
 * It starts scheduling through the strategy, handles task failures with the restart strategy and the
 * failover strategy, restarts tasks as new execution attempts, and cancels, fails or suspends the job.
 */
import type { JobStatus, World } from '../world.ts';
import type { Emit, SimContext } from '../runtime/SimContext.ts';
import type { JobMasterRuntime } from '../cluster/ClusterRuntime.ts';
import { isTerminal, nextExecutionState, type ExecutionEvent } from '../runtime/ExecutionState.ts';
import { isTerminalJobStatus, nextJobStatus, type JobStatusEvent } from '../runtime/JobStatus.ts';
import { createRestartBackoffState, canRestart, describeRestartStrategy, getBackoffTime, notifyFailure } from '../failover/RestartBackoffTimeStrategy.ts';
import { getTasksNeedingRestart } from '../failover/FailoverStrategy.ts';
import { nextInt } from '../kernel/Random.ts';
import { schedule } from '../runtime/Kernel.ts';
import { sendRpc } from '../cluster/Rpc.ts';
import { allocateSlotsAndDeploy, declareRequiredResources, releaseAllSlots, releaseUnusedSlots } from './SlotPool.ts';
import { resetTask } from '../runtime/StreamTask.ts';
import { startCoordinator, stopCoordinator } from '../checkpoint/CheckpointingRuntime.ts';
import type { SchedulingView } from './SchedulingStrategy.ts';
import { partitionProducer } from './ExecutionTopology.ts';

const jmOf = (world: World) => world.cluster.jobMaster!;
const ids = (ctx: SimContext, tasks: number[]) => tasks.map((t) => ctx.plan.execution.tasks[t]!.id);
const byId = (ctx: SimContext, tasks: string[]) => tasks.map((t) => ctx.taskIndex.get(t)!).sort((a, b) => a - b);

/** The strategy's read-only view of the world. */
function view(ctx: SimContext, world: World): SchedulingView {
  const state = (v: string) => world.tasks[ctx.taskIndex.get(v)!]!.state;
  return {
    state,
    partitionState: (p) => (state(partitionProducer(p)) === 'FINISHED' ? 'ALL_DATA_PRODUCED' : 'CREATED'),
    isPipelinedConsumable: (p) => world.tasks[ctx.taskIndex.get(partitionProducer(p))!]!.producedOutputs.includes(p),
  };
}

function deploy(ctx: SimContext, world: World, bulks: string[][], emit: Emit): void {
  for (const bulk of bulks) allocateSlotsAndDeploy(ctx, world, byId(ctx, bulk), emit);
  if (bulks.length > 0) declareRequiredResources(ctx, world, emit);
}

/** Moves the job status through the JobStatus machine; false when the machine rejects the event (CAS failed). */
export function transitionJob(ctx: SimContext, world: World, event: JobStatusEvent['type'], emit: Emit): boolean {
  const from: JobStatus = world.jobStatus;
  const to = nextJobStatus(from, event);
  if (!to) return false;
  world.jobStatus = to;
  emit({ type: 'job.status', from, to });
  // CheckpointCoordinatorDeActivator: the periodic checkpoint scheduler runs while the job is RUNNING.
  if (from === 'RUNNING') stopCoordinator(ctx, world, emit);
  if (to === 'RUNNING') startCoordinator(ctx, world, emit);
  // On SUSPEND the executions are cancelled first; suspendJob releases the slots after.
  if (isTerminalJobStatus(to) && to !== 'SUSPENDED') {
    releaseAllSlots(ctx, world, emit);
    // The JobMaster stops: it monitors no TaskExecutor any more.
    if (world.cluster.jobMaster) world.cluster.jobMaster.heartbeats = {};
  }
  return true;
}

/** The Dispatcher started the job's JobMaster: the ExecutionGraph exists (CREATED), then scheduling starts (RUNNING). */
export function startJobMaster(ctx: SimContext, world: World, emit: Emit): void {
  if (world.cluster.jobMaster || isTerminalJobStatus(world.jobStatus)) return;
  const n = ctx.plan.execution.tasks.length;
  const jm: JobMasterRuntime = {
    strategy: ctx.strategy.initialState(ctx.prepared as never),
    backoff: createRestartBackoffState(ctx.settings.restart),
    numberOfRestarts: 0,
    versions: Array<number>(n).fill(0),
    restartPending: [],
    restarts: [],
    nextRestartId: 0,
    essgSlot: ctx.slotSharing.groups.map(() => null),
    pool: [],
    requests: [],
    bulks: [],
    nextBulkId: 0,
    declared: 0,
    heartbeats: {},
  };
  world.cluster.jobMaster = jm;
  transitionJob(ctx, world, 'JOB_MASTER_STARTED', emit);
  // JobMaster.onStart → startJobExecution: its services start (one RPC round), then scheduling.
  schedule(world, ctx.settings.rpcLatencyMs, { kind: 'jobmaster.start' });
}

/** JobMaster.startJobExecution: connect to the ResourceManager and start scheduling (RUNNING before any task is deployed). */
export function startScheduling(ctx: SimContext, world: World, emit: Emit): void {
  const jm = world.cluster.jobMaster;
  if (!jm || world.jobStatus !== 'CREATED') return;
  sendRpc(ctx, world, 'jobmaster', 'resourcemanager', { name: 'registerJobMaster' }, emit);
  if (!transitionJob(ctx, world, 'START_SCHEDULING', emit)) return;
  deploy(ctx, world, ctx.strategy.startScheduling(ctx.prepared as never, jm.strategy, view(ctx, world)), emit);
}

/** The JobMaster's side of an execution's state change (Execution.transitionState). */
export function transitionExecution(ctx: SimContext, world: World, index: number, event: ExecutionEvent['type'], emit: Emit): boolean {
  const task = world.tasks[index]!;
  const to = nextExecutionState(task.state, event);
  if (!to) return false;
  const from = task.state;
  task.state = to;
  emit({ type: 'task.state', task: ctx.plan.execution.tasks[index]!.id, from, to, attempt: task.attempt });
  if (isTerminal(to)) onExecutionTerminal(ctx, world, index, to, emit);
  return true;
}

function onExecutionTerminal(ctx: SimContext, world: World, index: number, to: string, emit: Emit): void {
  const jm = world.cluster.jobMaster;
  if (!jm) return;
  releaseUnusedSlots(ctx, world, emit);
  if (to === 'FINISHED') {
    const id = ctx.plan.execution.tasks[index]!.id;
    deploy(ctx, world, ctx.strategy.onExecutionStateChange(ctx.prepared as never, jm.strategy, id, 'FINISHED', view(ctx, world)), emit);
    // DefaultExecutionGraph.jobFinished: only from RUNNING.
    if (world.tasks.every((t) => t.state === 'FINISHED')) transitionJob(ctx, world, 'ALL_FINISHED', emit);
  }
  tryRestarts(ctx, world, emit);
  // failJob's / cancel's completion handler.
  if ((world.jobStatus === 'FAILING' || world.jobStatus === 'CANCELLING') && world.tasks.every((t) => isTerminal(t.state))) {
    transitionJob(ctx, world, 'ALL_VERTICES_TERMINAL', emit);
  }
}

/**
 * Execution.cancel for a set of executions: before deployment CANCELING → CANCELED at once (no RPC),
 * deployed ones get a cancel RPC. Every execution is CANCELING before any completes, so a slot that
 * frees up meanwhile is not handed to a group that is itself being cancelled.
 */
export function cancelExecutions(ctx: SimContext, world: World, tasks: number[], emit: Emit): void {
  const atomic: number[] = [];
  for (const i of tasks) {
    const task = world.tasks[i]!;
    const from = task.state;
    if (!transitionExecution(ctx, world, i, 'CANCEL', emit)) continue;
    if (from === 'CREATED' || from === 'SCHEDULED') atomic.push(i);
    else if (task.location) sendRpc(ctx, world, 'jobmaster', task.location.tm as never, { name: 'cancelTask', task: i, attempt: task.attempt }, emit);
  }
  for (const i of atomic) transitionExecution(ctx, world, i, 'COMPLETE_CANCELLING', emit);
}

/** Execution.markFailed: the execution FAILED (or CANCELED when it was being cancelled); the scheduler handles a failure. */
export function markFailed(ctx: SimContext, world: World, index: number, cause: string, emit: Emit, failedPartition?: string): void {
  const task = world.tasks[index]!;
  if (!transitionExecution(ctx, world, index, 'FAIL', emit)) return;
  if (task.state === 'FAILED') {
    task.failure = cause;
    handleTaskFailure(ctx, world, index, cause, emit, failedPartition);
  }
}

/**
 * The JobMasterPartitionTracker still tracks a partition while its producer's TaskExecutor lives
 * (stopTrackingAndReleasePartitionsFor when a TaskExecutor is lost).
 */
function isPartitionTracked(ctx: SimContext, world: World, partition: string): boolean {
  const tm = world.tasks[ctx.taskIndex.get(partitionProducer(partition))!]!.location?.tm;
  return !!tm && world.cluster.taskManagers.some((t) => t.id === tm && t.status === 'running');
}

/** ExecutionFailureHandler.getFailureHandlingResult, then restartTasksWithDelay or failJob. */
export function handleTaskFailure(ctx: SimContext, world: World, index: number | null, cause: string, emit: Emit, failedPartition?: string): void {
  const jm = world.cluster.jobMaster;
  if (!jm || isTerminalJobStatus(world.jobStatus)) return;
  const restart = ctx.settings.restart;
  const isNewAttempt = notifyFailure(restart, jm.backoff, world.time, (lo, hi) => lo + nextInt(world.rng, hi - lo + 1));
  const task = index === null ? null : ctx.plan.execution.tasks[index]!.id;
  if (!canRestart(restart, jm.backoff, world.time)) {
    const reason = `Recovery is suppressed by ${describeRestartStrategy(restart, jm.backoff)}`;
    emit({ type: 'job.failure', task, cause, restart: false, numberOfRestarts: jm.numberOfRestarts, reason });
    failJob(ctx, world, cause, emit);
    return;
  }
  // A global failure restarts everything, whatever the failover strategy.
  const tasks =
    index === null
      ? ctx.plan.execution.tasks.map((t) => t.index)
      : byId(
          ctx,
          getTasksNeedingRestart(ctx.settings.failover, ctx.topology, ctx.regions, task!, failedPartition ? { failedPartition } : {}, {
            state: (v) => world.tasks[ctx.taskIndex.get(v)!]!.state,
            isPartitionTracked: (p) => isPartitionTracked(ctx, world, p),
          }),
        );
  const delayMs = getBackoffTime(restart, jm.backoff, world.time);
  if (isNewAttempt) jm.numberOfRestarts += 1;
  emit({ type: 'job.failure', task, cause, restart: true, delayMs, tasks: ids(ctx, tasks), numberOfRestarts: jm.numberOfRestarts });
  restartTasksWithDelay(ctx, world, tasks, delayMs, emit);
}

/** DefaultScheduler.restartTasksWithDelay: RESTARTING, cancel the tasks, restart after the delay and the cancellation. */
function restartTasksWithDelay(ctx: SimContext, world: World, tasks: number[], delayMs: number, emit: Emit): void {
  const jm = jmOf(world);
  for (const t of tasks) jm.versions[t]! += 1;
  jm.restartPending = [...new Set([...jm.restartPending, ...tasks])];
  transitionJob(ctx, world, 'RESTART_PENDING', emit); // a no-op unless RUNNING
  const id = jm.nextRestartId++;
  jm.restarts.push({ id, tasks, versions: tasks.map((t) => jm.versions[t]!), attempts: tasks.map((t) => world.tasks[t]!.attempt), delayElapsed: false });
  cancelExecutions(ctx, world, tasks, emit);
  schedule(world, delayMs, { kind: 'restart.delay', restart: id });
}

/** A `restart.delay` event. */
export function onRestartDelay(ctx: SimContext, world: World, id: number, emit: Emit): void {
  const r = world.cluster.jobMaster?.restarts.find((x) => x.id === id);
  if (!r) return;
  r.delayElapsed = true;
  tryRestarts(ctx, world, emit);
}

/** Runs every pending restart whose delay elapsed and whose tasks all finished cancelling. */
function tryRestarts(ctx: SimContext, world: World, emit: Emit): void {
  const jm = world.cluster.jobMaster;
  if (!jm) return;
  for (const r of [...jm.restarts]) {
    // The cancellation this restart waits for: the attempts current when it was decided.
    const cancelled = (t: number, i: number) => world.tasks[t]!.attempt !== r.attempts[i] || isTerminal(world.tasks[t]!.state);
    if (!r.delayElapsed || !r.tasks.every(cancelled)) continue;
    jm.restarts = jm.restarts.filter((x) => x !== r);
    restartTasks(ctx, world, r.tasks.filter((t, i) => jm.versions[t] === r.versions[i]), emit);
  }
}

/** DefaultScheduler.restartTasks: RESTARTING → RUNNING when nothing else waits, then new attempts and the strategy. */
function restartTasks(ctx: SimContext, world: World, tasks: number[], emit: Emit): void {
  const jm = jmOf(world);
  if (tasks.length === 0) return; // cancelled, failed or suspended meanwhile
  jm.restartPending = jm.restartPending.filter((t) => !tasks.includes(t));
  if (jm.restartPending.length === 0) transitionJob(ctx, world, 'RESTARTED', emit);
  for (const t of tasks) {
    const from = world.tasks[t]!.state;
    resetTask(ctx, world, t);
    emit({ type: 'task.state', task: ctx.plan.execution.tasks[t]!.id, from, to: 'CREATED', attempt: world.tasks[t]!.attempt });
  }
  emit({ type: 'job.restart', tasks: ids(ctx, tasks) });
  const bulks = ctx.strategy.restartTasks(ctx.prepared as never, jm.strategy, ids(ctx, tasks), view(ctx, world));
  deploy(ctx, world, bulks, emit);
}

const bumpAllVersions = (world: World) => {
  const jm = jmOf(world);
  jm.versions = jm.versions.map((v) => v + 1);
  jm.restartPending = [];
};

/** SchedulerBase.failJob → DefaultExecutionGraph.failJob: FAILING, cancel everything, then FAILED. */
export function failJob(ctx: SimContext, world: World, cause: string, emit: Emit): void {
  if (world.jobStatus === 'FAILING' || isTerminalJobStatus(world.jobStatus)) return;
  if (!transitionJob(ctx, world, 'FAIL_JOB', emit)) return;
  jmOf(world).failureCause = cause;
  bumpAllVersions(world);
  cancelAll(ctx, world, emit);
}

function cancelAll(ctx: SimContext, world: World, emit: Emit): void {
  cancelExecutions(ctx, world, world.tasks.map((_t, i) => i), emit);
  releaseUnusedSlots(ctx, world, emit);
  if (world.tasks.every((t) => isTerminal(t.state))) transitionJob(ctx, world, 'ALL_VERTICES_TERMINAL', emit);
}

/** DefaultExecutionGraph.cancel: CANCELLING from CREATED, RUNNING or RESTARTING (cancel everything); from FAILING only the status. */
export function cancelJob(ctx: SimContext, world: World, emit: Emit): void {
  // Dispatcher.cancelJob on a job it does not have: FlinkJobNotFoundException; nothing changes.
  if (!world.cluster.jobSubmitted) return;
  const from = world.jobStatus;
  if (from === 'INITIALIZING') {
    if (transitionJob(ctx, world, 'CANCEL', emit)) transitionJob(ctx, world, 'ALL_VERTICES_TERMINAL', emit);
    return;
  }
  if (!transitionJob(ctx, world, 'CANCEL', emit)) return;
  if (from === 'FAILING') return; // failJob's completion handler ends in CANCELED
  bumpAllVersions(world);
  cancelAll(ctx, world, emit);
}

/** SchedulerBase.closeAsync → DefaultExecutionGraph.suspend: SUSPENDED first, then every execution is cancelled. */
export function suspendJob(ctx: SimContext, world: World, emit: Emit): void {
  // Before the Dispatcher has the job there is no JobMaster to lose leadership.
  if (!world.cluster.jobSubmitted || isTerminalJobStatus(world.jobStatus)) return;
  const jm = world.cluster.jobMaster;
  if (jm) bumpAllVersions(world);
  world.cluster.leadershipLost = true;
  if (!transitionJob(ctx, world, 'SUSPEND', emit)) return;
  // Execution.suspend: every execution CANCELING (deployed ones get a cancel RPC), then all CANCELED.
  const cancelling: number[] = [];
  world.tasks.forEach((task, i) => {
    const from = task.state;
    if (!transitionExecution(ctx, world, i, 'CANCEL', emit) && from !== 'CANCELING') return;
    if (from !== 'CREATED' && from !== 'SCHEDULED' && from !== 'CANCELING' && task.location) {
      sendRpc(ctx, world, 'jobmaster', task.location.tm as never, { name: 'cancelTask', task: i, attempt: task.attempt }, emit);
    }
    cancelling.push(i);
  });
  for (const i of cancelling) transitionExecution(ctx, world, i, 'COMPLETE_CANCELLING', emit);
  releaseAllSlots(ctx, world, emit);
  if (jm) jm.heartbeats = {};
}

/** A pipelined partition produced its first data (1.12: scheduleOrUpdateConsumers); only the lazy strategy reacts. */
export function onPartitionConsumable(ctx: SimContext, world: World, partition: string, emit: Emit): void {
  const jm = world.cluster.jobMaster;
  if (!jm || world.jobStatus !== 'RUNNING') return;
  deploy(ctx, world, ctx.strategy.onPartitionConsumable(ctx.prepared as never, jm.strategy, partition, view(ctx, world)), emit);
}
