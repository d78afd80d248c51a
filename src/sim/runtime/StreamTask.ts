/**
 * A task's life: deployment through the ExecutionState machine, then processing its input queue
 * one element at a time (Flink's StreamTask mailbox loop, one record per `costMs`).
 */
import type { World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import { nextExecutionState, type ExecutionEvent } from './ExecutionState.ts';
import { schedule } from './Kernel.ts';
import { PARTITIONERS } from '../partitioner/StreamPartitioner.ts';
import { runChain } from './OperatorChain.ts';
import { broadcastEnd } from './RecordWriter.ts';
import { rebaseRate, scheduleSource } from './SourceOperator.ts';
import { unreachable } from '../kernel/errors.ts';
import { peekNext, pollNext } from './InputGate.ts';

/** Job submission: CREATED → RUNNING before any task is deployed (DefaultScheduler.startSchedulingInternal). */
export function startJob(ctx: SimContext, world: World, emit: Emit): void {
  setJobStatus(world, 'RUNNING', emit);
  const { scheduledMs } = ctx.scenario.deploy;
  world.tasks.forEach((_t, i) => {
    transitionTask(ctx, world, i, 'SCHEDULE', emit);
    schedule(world, scheduledMs, { kind: 'task.transition', task: i, attempt: world.tasks[i]!.attempt, event: 'DEPLOY' });
  });
}

function setJobStatus(world: World, to: World['jobStatus'], emit: Emit): void {
  const from = world.jobStatus;
  if (from === to) return;
  world.jobStatus = to;
  emit({ type: 'job.status', from, to });
}

/** Moves a task's ExecutionState; returns false when the machine rejects the event. */
export function transitionTask(ctx: SimContext, world: World, index: number, event: ExecutionEvent['type'], emit: Emit): boolean {
  const task = world.tasks[index]!;
  const to = nextExecutionState(task.state, event);
  if (!to) return false;
  const from = task.state;
  task.state = to;
  emit({ type: 'task.state', task: ctx.plan.execution.tasks[index]!.id, from, to, attempt: task.attempt });
  const { deployingMs, initializingMs } = ctx.scenario.deploy;
  if (to === 'DEPLOYING') schedule(world, deployingMs, { kind: 'task.transition', task: index, attempt: task.attempt, event: 'INITIALIZE' });
  if (to === 'INITIALIZING') schedule(world, initializingMs, { kind: 'task.transition', task: index, attempt: task.attempt, event: 'RUN' });
  if (to === 'RUNNING') onRunning(ctx, world, index);
  if (to === 'FINISHED' && world.tasks.every((t) => t.state === 'FINISHED')) setJobStatus(world, 'FINISHED', emit);
  return true;
}

/** The record writers are set up (rebalance draws its random start) and work begins. */
function onRunning(ctx: SimContext, world: World, index: number): void {
  const plan = ctx.plan.execution.tasks[index]!;
  const task = world.tasks[index]!;
  plan.outputs.forEach((out, o) => {
    const edge = ctx.plan.jobGraph.edges[out.edge]!;
    task.partitioners[o] = PARTITIONERS[edge.partitioner].setup({ channels: out.channels.length, rng: world.rng, maxParallelism: 0 });
  });
  if (task.source) {
    rebaseRate(world, index);
    scheduleSource(ctx, world, index);
  }
  else tryProcess(ctx, world, index);
}

/** Starts processing the head of the input queue, unless the task is busy, paused or not running. */
export function tryProcess(ctx: SimContext, world: World, index: number): void {
  const task = world.tasks[index]!;
  const head = peekNext(task);
  if (!head || task.busy || task.paused || task.state !== 'RUNNING') return;
  task.busy = true;
  const cost = head.element.kind === 'record' ? ctx.chainCost[index]! : 0;
  schedule(world, cost, { kind: 'task.process', task: index, attempt: task.attempt });
}

/** A `task.process` event: the task finished its next input element (a record through the chain, or an end of partition). */
export function processHead(ctx: SimContext, world: World, index: number, emit: Emit): void {
  const task = world.tasks[index]!;
  task.busy = false;
  if (task.paused || task.state !== 'RUNNING') return;
  const head = pollNext(task);
  if (!head) return;
  const element = head.element;
  switch (element.kind) {
    case 'record':
      task.recordsIn += 1;
      runChain(ctx, world, index, ctx.plan.execution.tasks[index]!.operators[0]!, element.record, emit);
      break;
    case 'end':
      task.endedInputs += 1;
      // Every input delivered end-of-partition and, FIFO, everything before it was processed.
      if (task.endedInputs === ctx.plan.execution.tasks[index]!.inputs.length) finishTask(ctx, world, index, emit);
      break;
    default:
      unreachable(element);
  }
  tryProcess(ctx, world, index);
}

/** End of input: forward end-of-partition on every output channel, then FINISHED. */
export function finishTask(ctx: SimContext, world: World, index: number, emit: Emit): void {
  broadcastEnd(ctx, world, index, emit);
  transitionTask(ctx, world, index, 'FINISH', emit);
}
