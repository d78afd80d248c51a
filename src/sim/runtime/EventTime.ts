/**
 * Event time inside a task. Watermarks and watermark statuses read from the input channels go
 * through the task's StatusWatermarkValve; what comes out runs down the operator chain, where each
 * operator first advances its event-time timers and then forwards the watermark
 * (AbstractStreamOperator.processWatermark), and leaves on every channel of every output
 * (RecordWriterOutput.emitWatermark broadcasts). Generators in sources and `timestamps` operators
 * emit through a WatermarkEmitter, periodically and on events.
 */
import type { OperatorTime, TaskTime, World } from '../world.ts';
import type { Emit, SimContext } from './SimContext.ts';
import type { WatermarkStatus, TimeDomain } from '../trace.ts';
import type { Json } from '../scenario/Scenario.ts';
import { LONG_MAX, LONG_MIN, formatLong } from '../util/JavaLong.ts';
import { SimulationError } from '../kernel/errors.ts';
import { inputWatermark, inputWatermarkStatus, newValve } from '../eventtime/StatusWatermarkValve.ts';
import {
  newCombinedWatermarkStatus, processWatermark as combinedWatermark, processWatermarkStatus as combinedStatus,
} from '../eventtime/IndexedCombinedWatermarkStatus.ts';
import { newGeneratorState, onPeriodicEmit, type WatermarkOutput } from '../eventtime/WatermarkGenerator.ts';
import { emitWatermark as emitterWatermark, markActive as emitterActive, markIdle as emitterIdle } from '../eventtime/WatermarkEmitter.ts';
import { advanceWatermark, deleteTimer, newTimerService, onProcessingTime, registerTimer, type InternalTimer } from '../timers/InternalTimerService.ts';
import { newWindowOperatorState } from '../windowing/WindowOperator.ts';
import { broadcastElement } from './RecordWriter.ts';
import { schedule, scheduleAt } from './Kernel.ts';
import { onWindowTimer } from './WindowOperatorRuntime.ts';
import { onKeyedProcessTimer } from './KeyedProcessOperator.ts';

/** A task's event time at the start of an attempt: every watermark at Long.MIN_VALUE, no timers, no windows. */
export function newTaskTime(ctx: SimContext, index: number): TaskTime {
  const plan = ctx.plan.execution.tasks[index]!;
  const operators: Record<string, OperatorTime> = {};
  for (const id of plan.operators) {
    const op: OperatorTime = { watermark: LONG_MIN };
    const conf = ctx.time.get(id);
    if (conf?.strategy) {
      op.generator = newGeneratorState(conf.strategy);
      op.emitter = { currentWatermark: LONG_MIN, idle: false };
    } else if (ctx.node.get(id)!.spec.type === 'source') {
      // A source without a strategy still emits the end-of-input watermark (and explicit ones).
      op.emitter = { currentWatermark: LONG_MIN, idle: false };
    }
    if (conf?.window || conf?.process) op.timers = newTimerService();
    if (conf?.window) op.windows = newWindowOperatorState();
    operators[id] = op;
  }
  const second = plan.inputs.filter((c) => ctx.gateOf[c] === 1).length;
  const first = plan.inputs.length - second;
  return {
    valve: first > 0 ? newValve(first) : null,
    valve2: second > 0 ? newValve(second) : null,
    combined: second > 0 ? newCombinedWatermarkStatus(2) : null,
    operators,
  };
}

export const operatorTime = (world: World, index: number, opId: string): OperatorTime => world.tasks[index]!.time.operators[opId]!;

const taskId = (ctx: SimContext, index: number) => ctx.plan.execution.tasks[index]!.id;

const valveOf = (world: World, index: number, gate: number) => (gate === 0 ? world.tasks[index]!.time.valve! : world.tasks[index]!.time.valve2!);

/** A watermark read from input channel `channel`: through its input's valve. */
export function processInputWatermark(ctx: SimContext, world: World, index: number, channel: number, watermark: number, emit: Emit): void {
  const gate = ctx.gateOf[channel]!;
  inputWatermark(valveOf(world, index, gate), watermark, ctx.gateChannel[channel]!, valveOutput(ctx, world, index, gate, emit));
}

/** A watermark status read from input channel `channel`. */
export function processInputStatus(ctx: SimContext, world: World, index: number, channel: number, status: WatermarkStatus, emit: Emit): void {
  const gate = ctx.gateOf[channel]!;
  inputWatermarkStatus(valveOf(world, index, gate), status, ctx.gateChannel[channel]!, valveOutput(ctx, world, index, gate, emit));
}

/**
 * Where a valve's output goes: straight into the chain head, or, for a two-input head, into the
 * combination of its two inputs first (AbstractStreamOperator.processWatermark1/2 and
 * processWatermarkStatus1/2 with IndexedCombinedWatermarkStatus).
 */
function valveOutput(ctx: SimContext, world: World, index: number, gate: number, emit: Emit) {
  const head = ctx.plan.execution.tasks[index]!.operators[0]!;
  const toHead = {
    watermark: (wm: number) => processWatermark(ctx, world, index, head, wm, emit),
    status: (status: WatermarkStatus) => {
      emit({ type: 'watermark.status', task: taskId(ctx, index), operator: null, status });
      processStatus(ctx, world, index, head, status, emit);
    },
  };
  const combined = world.tasks[index]!.time.combined;
  if (!combined) return toHead;
  return {
    watermark: (wm: number) => combinedWatermark(combined, gate, wm, toHead),
    status: (status: WatermarkStatus) => combinedStatus(combined, gate, status, toHead),
  };
}

/**
 * Operator `opId` processes a watermark: it becomes the operator's current watermark, its event-time
 * timers up to it fire, and then it is forwarded. A `timestamps` operator ignores upstream
 * watermarks but the end of input (TimestampsAndWatermarksOperator.processWatermark).
 */
export function processWatermark(ctx: SimContext, world: World, index: number, opId: string, wm: number, emit: Emit): void {
  if (ctx.node.get(opId)!.spec.type === 'timestamps') {
    if (wm === LONG_MAX) emitGenerated(ctx, world, index, opId, LONG_MAX, emit);
    return;
  }
  const op = operatorTime(world, index, opId);
  op.watermark = wm;
  emit({ type: 'watermark.advanced', task: taskId(ctx, index), operator: opId, watermark: wm });
  if (op.timers) {
    // A trigger that keeps registering timers at or below the watermark (a ContinuousEventTimeTrigger
    // on a global window at the end of input re-registers up to Long.MAX_VALUE) would never return.
    let fired = 0;
    advanceWatermark(op.timers, wm, (timer) => {
      if (++fired > ctx.scenario.maxEvents) {
        throw new SimulationError(
          `operator "${opId}" fired more than ${ctx.scenario.maxEvents} timers for one watermark (${formatLong(wm)}): its trigger keeps ` +
            'registering timers at or below the watermark (e.g. a continuousEventTime trigger on a global window at the end of input); ' +
            'use a time window, or a trigger that stops (count, eventTime)',
        );
      }
      fireTimer(ctx, world, index, opId, 'event', timer, emit);
    });
    // BATCH (BatchExecutionInternalTimeService): at the end of input the processing-time timers fire
    // too, whatever their time, after the event-time ones.
    if (batch(ctx) && wm === LONG_MAX) {
      onProcessingTime(op.timers, LONG_MAX, (timer) => fireTimer(ctx, world, index, opId, 'processing', timer, emit));
    }
  }
  forwardElement(ctx, world, index, opId, { kind: 'watermark', timestamp: wm }, emit);
}

/** Operator `opId` processes a watermark status: forwarded, except by a `timestamps` operator, which makes its own. */
export function processStatus(ctx: SimContext, world: World, index: number, opId: string, status: WatermarkStatus, emit: Emit): void {
  if (ctx.node.get(opId)!.spec.type === 'timestamps') return;
  forwardElement(ctx, world, index, opId, { kind: 'status', status }, emit);
}

/** A watermark or status leaves operator `opId`: on every network output (broadcast) and into every chained operator. */
function forwardElement(
  ctx: SimContext, world: World, index: number, opId: string,
  element: { kind: 'watermark'; timestamp: number } | { kind: 'status'; status: WatermarkStatus }, emit: Emit,
): void {
  // RecordWriterOutput / ChainingOutput.emitWatermark: an output that announced IDLE drops watermarks.
  const op = operatorTime(world, index, opId);
  if (element.kind === 'status') op.outputIdle = element.status === 'IDLE';
  else if (op.outputIdle) return;
  const edges = ctx.outEdges.get(opId)!;
  for (const e of edges) {
    const jobEdge = ctx.jobEdgeOf[e.index]!;
    if (jobEdge >= 0) broadcastElement(ctx, world, index, ctx.outputIndex[jobEdge]!, element, emit);
  }
  for (const e of edges) {
    if (ctx.jobEdgeOf[e.index]! >= 0) continue;
    if (element.kind === 'watermark') processWatermark(ctx, world, index, e.target, element.timestamp, emit);
    else processStatus(ctx, world, index, e.target, element.status, emit);
  }
}

/** The generator's output (WatermarkOutput) for operator `opId`, through its WatermarkEmitter. */
export function generatorOutput(ctx: SimContext, world: World, index: number, opId: string, emit: Emit): WatermarkOutput {
  return {
    emitWatermark: (ts) => emitGenerated(ctx, world, index, opId, ts, emit),
    markIdle: () => emitterIdle(operatorTime(world, index, opId).emitter!, emitterSink(ctx, world, index, opId, emit)),
    markActive: () => emitterActive(operatorTime(world, index, opId).emitter!, emitterSink(ctx, world, index, opId, emit)),
  };
}

/** Emits a generated watermark (ignored unless it advances, WatermarkEmitter.emitWatermark). */
export function emitGenerated(ctx: SimContext, world: World, index: number, opId: string, ts: number, emit: Emit): void {
  emitterWatermark(operatorTime(world, index, opId).emitter!, ts, emitterSink(ctx, world, index, opId, emit));
}

function emitterSink(ctx: SimContext, world: World, index: number, opId: string, emit: Emit) {
  return {
    watermark: (wm: number) => {
      operatorTime(world, index, opId).watermark = wm;
      emit({ type: 'watermark.emitted', task: taskId(ctx, index), operator: opId, watermark: wm });
      forwardElement(ctx, world, index, opId, { kind: 'watermark', timestamp: wm }, emit);
    },
    status: (status: WatermarkStatus) => {
      emit({ type: 'watermark.status', task: taskId(ctx, index), operator: opId, status });
      forwardElement(ctx, world, index, opId, { kind: 'status', status }, emit);
    },
  };
}

const batch = (ctx: SimContext) => ctx.plan.streamGraph.runtimeMode === 'BATCH';

/** Periodic emission is on in STREAMING mode with an interval > 0 (a BATCH job only sees the end-of-input watermark). */
function periodicInterval(ctx: SimContext): number {
  return ctx.plan.streamGraph.runtimeMode === 'BATCH' ? 0 : ctx.watermarkIntervalMs;
}

/** The task started running: each generator registers its periodic emission at now + interval (TimestampsAndWatermarksOperator.open). */
export function startPeriodicWatermarks(ctx: SimContext, world: World, index: number): void {
  const interval = periodicInterval(ctx);
  if (interval <= 0) return;
  for (const opId of ctx.plan.execution.tasks[index]!.operators) {
    if (ctx.time.get(opId)?.strategy) schedule(world, interval, { kind: 'watermark.periodic', task: index, attempt: world.tasks[index]!.attempt, operator: opId });
  }
}

/** A `watermark.periodic` event: `onPeriodicEmit`, then the next period. A paused task emits nothing but keeps its period. */
export function onPeriodicWatermark(ctx: SimContext, world: World, index: number, opId: string, attempt: number, emit: Emit): void {
  const task = world.tasks[index]!;
  if (attempt !== task.attempt || task.local !== 'RUNNING') return;
  const op = operatorTime(world, index, opId);
  if (!task.paused) onPeriodicEmit(ctx.time.get(opId)!.strategy!, op.generator!, world.time, generatorOutput(ctx, world, index, opId, emit));
  schedule(world, periodicInterval(ctx), { kind: 'watermark.periodic', task: index, attempt, operator: opId });
}

/** True when a periodic emission now would change nothing (for the kernel's idle check). */
export function periodicIsNoop(ctx: SimContext, world: World, index: number, opId: string): boolean {
  const task = world.tasks[index]!;
  if (task.paused || task.local !== 'RUNNING') return true;
  const op = operatorTime(world, index, opId);
  const strategy = ctx.time.get(opId)!.strategy!;
  const probe = structuredClone(op);
  let changed = false;
  const out: WatermarkOutput = {
    emitWatermark: (ts) => { if (ts > probe.emitter!.currentWatermark) changed = true; },
    markIdle: () => { if (!probe.emitter!.idle) changed = true; },
    markActive: () => { if (probe.emitter!.idle) changed = true; },
  };
  onPeriodicEmit(strategy, probe.generator!, world.time, out);
  // An idleness timer that is still counting down will change the status later.
  const timer = probe.generator!.idleness;
  return !changed && (timer === null || probe.emitter!.idle || probe.generator!.isIdleNow);
}

/** Registers a timer of operator `opId` for `key`, tracing it; a new processing-time timer gets a kernel event. */
export function registerOperatorTimer(
  ctx: SimContext, world: World, index: number, opId: string, domain: TimeDomain, key: Json, namespace: string, time: number, emit: Emit,
): void {
  const timers = operatorTime(world, index, opId).timers!;
  // BATCH (BatchExecutionInternalTimeService): after the end-of-input watermark, new timers are ignored.
  if (batch(ctx) && timers.currentWatermark === LONG_MAX) return;
  const fresh = registerTimer(timers, domain, key, namespace, time);
  emit({ type: 'timer.registered', task: taskId(ctx, index), operator: opId, domain, key, namespace, time, duplicate: !fresh });
  // BATCH: processing-time timers wait for the end of input (see `processWatermark`).
  if (fresh && domain === 'processing' && !batch(ctx)) {
    // ProcessingTimeServiceUtil.getProcessingTimeDelay: a future timer fires 1 ms after its time, as a
    // watermark T promises nothing ≤ T is still to come (FLINK-9857); a past one fires now.
    const at = time >= world.time ? time + 1 : world.time;
    scheduleAt(world, at, { kind: 'timer.processing', task: index, attempt: world.tasks[index]!.attempt, operator: opId, time });
  }
}

export function deleteOperatorTimer(
  ctx: SimContext, world: World, index: number, opId: string, domain: TimeDomain, key: Json, namespace: string, time: number, emit: Emit,
): void {
  if (deleteTimer(operatorTime(world, index, opId).timers!, domain, key, namespace, time)) {
    emit({ type: 'timer.deleted', task: taskId(ctx, index), operator: opId, domain, key, namespace, time });
  }
}

/**
 * A `timer.processing` event for a timer at `time`: every processing-time timer of the operator up to
 * that time fires (the physical timer passes its own time, InternalTimerServiceImpl.onProcessingTime).
 */
export function onProcessingTimer(ctx: SimContext, world: World, index: number, opId: string, attempt: number, time: number, emit: Emit): void {
  const task = world.tasks[index]!;
  if (attempt !== task.attempt || task.local !== 'RUNNING') return;
  onProcessingTime(operatorTime(world, index, opId).timers!, time, (timer) => fireTimer(ctx, world, index, opId, 'processing', timer, emit));
}

/** True when a `timer.processing` event would fire nothing (stale attempt, or no timer due then). */
export function processingTimerIsNoop(world: World, index: number, opId: string, attempt: number, time: number): boolean {
  const task = world.tasks[index]!;
  if (attempt !== task.attempt || task.local !== 'RUNNING') return true;
  return !task.time.operators[opId]?.timers?.processing.some((t) => t.timestamp <= time);
}

function fireTimer(ctx: SimContext, world: World, index: number, opId: string, domain: TimeDomain, timer: InternalTimer, emit: Emit): void {
  emit({ type: 'timer.fired', task: taskId(ctx, index), operator: opId, domain, key: timer.key, namespace: timer.namespace, time: timer.timestamp });
  if (ctx.time.get(opId)!.window) onWindowTimer(ctx, world, index, opId, domain, timer, emit);
  else onKeyedProcessTimer(ctx, world, index, opId, domain, timer, emit);
}
