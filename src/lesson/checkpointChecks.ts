/**
 * Lesson checks of checkpoints, backpressure, recovery and the transactional sink
 * (`CheckpointCheck`), read from the world and the trace at the step.
 */
import type { Timeline } from '../sim/Timeline.ts';
import type { CheckpointCheck } from './types.ts';
import type { Found } from './runtimeChecks.ts';
import { backPressureLevel, taskRatios } from '../sim/network/BackPressure.ts';
import { duplicatesOf } from '../sim/checkpoint/TransactionalSinks.ts';

export const CHECKPOINT_CHECK_KINDS = [
  'checkpoints', 'checkpointStatus', 'blockedChannels', 'backPressure', 'persistedInFlight', 'checkpointSize', 'restoredFrom', 'duplicates', 'lost', 'committed',
] as const;

const r = (ok: boolean, message: string, zh: string): Found => ({ ok, message, zh });

export function evaluateCheckpointCheck(check: CheckpointCheck, tl: Timeline, step: number): Found {
  const world = tl.worldAt(step);
  const plan = tl.plan;
  const taskOf = (id: string) => plan.execution.tasks.find((t) => t.id === id);
  const missingTask = (id: string) => r(false, `no subtask ${id}`, `没有子任务 ${id}`);
  const history = world.checkpointing.coordinator.history;

  if ('checkpoints' in check) {
    const want = check.checkpoints;
    const count = (s: string) => history.filter((c) => c.status === s || (s === 'COMPLETED' && c.status === 'SUBSUMED')).length;
    const got = { completed: count('COMPLETED'), failed: count('FAILED'), inProgress: count('IN_PROGRESS') };
    const ok = (want.completed === undefined || want.completed === got.completed) && (want.failed === undefined || want.failed === got.failed)
      && (want.inProgress === undefined || want.inProgress === got.inProgress);
    return r(ok, `${got.completed} completed, ${got.inProgress} in progress, ${got.failed} failed`, `${got.completed} 个完成，${got.inProgress} 个进行中，${got.failed} 个失败`);
  }
  if ('checkpointStatus' in check) {
    const { checkpoint, status, acknowledged, reason } = check.checkpointStatus;
    const c = history.find((x) => x.id === checkpoint);
    if (!c) return r(false, `there is no checkpoint ${checkpoint} yet`, `还没有检查点 ${checkpoint}`);
    const acks = Object.keys(c.acknowledged).length;
    const effective = c.status === 'SUBSUMED' ? 'COMPLETED' : c.status;
    const ok = (status === undefined || status === effective || status === c.status) && (acknowledged === undefined || acknowledged === acks)
      && (reason === undefined || reason === c.failureReason);
    const why = c.failureReason ? ` (${c.failureReason})` : '';
    return r(ok, `checkpoint ${checkpoint} is ${c.status}${why}, acknowledged ${acks}/${c.tasksToWaitFor.length}`,
      `检查点 ${checkpoint} 状态 ${c.status}${why}，已确认 ${acks}/${c.tasksToWaitFor.length}`);
  }
  if ('blockedChannels' in check) {
    const { task, count } = check.blockedChannels;
    const t = taskOf(task);
    if (!t) return missingTask(task);
    const n = world.tasks[t.index]!.checkpoint.blocked.length;
    return r(n === count, `${task} has ${n} blocked input channel(s)`, `${task} 有 ${n} 个被阻塞的输入通道`);
  }
  if ('backPressure' in check) {
    const { task, level } = check.backPressure;
    const t = taskOf(task);
    if (!t) return missingTask(task);
    const ratio = taskRatios(world.tasks[t.index]!, world.time).backPressured;
    const got = backPressureLevel(ratio);
    return r(got === level, `${task} is back-pressured ${Math.round(ratio * 100)} % of the last second: ${got}`, `${task} 在最近一秒内 ${Math.round(ratio * 100)}% 的时间被反压：${got}`);
  }
  if ('checkpointSize' in check) {
    const { checkpoint, task, stateSize, incrementalSize } = check.checkpointSize;
    const ack = tl.traceUntil(step).find((e) => e.type === 'checkpoint.acknowledged' && e.checkpoint === checkpoint && e.task === task);
    if (!ack || ack.type !== 'checkpoint.acknowledged') return r(false, `${task} has not acknowledged checkpoint ${checkpoint}`, `${task} 尚未确认检查点 ${checkpoint}`);
    const ok = (stateSize === undefined || ack.stateSize === stateSize) && (incrementalSize === undefined || ack.incrementalSize === incrementalSize);
    return r(ok, `${task}'s checkpoint ${checkpoint}: ${ack.stateSize} bytes of state, ${ack.incrementalSize} bytes uploaded`,
      `${task} 的检查点 ${checkpoint}：状态 ${ack.stateSize} 字节，上传 ${ack.incrementalSize} 字节`);
  }
  if ('persistedInFlight' in check) {
    const { checkpoint, min, equals } = check.persistedInFlight;
    const n = tl.traceUntil(step).reduce((sum, e) => sum + (e.type === 'checkpoint.acknowledged' && e.checkpoint === checkpoint ? e.persistedData : 0), 0);
    const ok = (min === undefined || n >= min) && (equals === undefined || n === equals);
    return r(ok, `checkpoint ${checkpoint} persisted ${n} in-flight record(s)`, `检查点 ${checkpoint} 保存了 ${n} 条在途数据`);
  }
  if ('restoredFrom' in check) {
    const { task, checkpoint, sourceOffset } = check.restoredFrom;
    const t = taskOf(task);
    if (!t) return missingTask(task);
    const restored = tl.traceUntil(step).filter((e) => e.type === 'checkpoint.restored' && e.task === task).at(-1);
    if (!restored || restored.type !== 'checkpoint.restored') return r(false, `${task} restored nothing`, `${task} 没有恢复任何状态`);
    const ok = restored.checkpoint === checkpoint && (sourceOffset === undefined || restored.sourceOffset === sourceOffset);
    const offset = restored.sourceOffset === undefined ? '' : `, offset ${restored.sourceOffset}`;
    return r(ok, `${task} restored checkpoint ${restored.checkpoint}${offset}`, `${task} 从检查点 ${restored.checkpoint} 恢复${offset}`);
  }
  if ('duplicates' in check) {
    const { sink, count } = check.duplicates;
    const n = duplicatesOf(world, sink);
    return r(n === count, `a reader of ${sink} saw ${n} duplicate(s)`, `${sink} 的读者看到 ${n} 条重复`);
  }
  if ('lost' in check) {
    const n = world.checkpointing.lost;
    return r(n === check.lost, `${n} source record(s) lost`, `丢失 ${n} 条源记录`);
  }
  const { sink, count } = check.committed;
  const n = (world.checkpointing.external[sink]?.committed ?? []).reduce((sum, c) => sum + c.records.length, 0);
  return r(n === count, `a read_committed reader of ${sink} sees ${n} record(s)`, `以 read_committed 读取 ${sink} 的读者看到 ${n} 条记录`);
}
