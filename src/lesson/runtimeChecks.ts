/** Lesson checks of the runtime (`RuntimeCheck`): read from the world, the trace and the plan at a step. */
import type { Timeline } from '../sim/Timeline.ts';
import type { RuntimeCheck } from './types.ts';
import { buildExecutionTopology } from '../sim/scheduler/ExecutionTopology.ts';
import { computeSchedulingPipelinedRegions } from '../sim/scheduler/PipelinedRegionComputeUtil.ts';
import { executionSlotSharingGroups } from '../sim/scheduler/SlotSharing.ts';
import { managedPerSlot, processSpecFromConfig } from '../sim/cluster/TaskExecutorProcessUtils.ts';
import { configValue } from '../sim/config/Configuration.ts';

export const RUNTIME_CHECK_KINDS = [
  'taskAttempt', 'restarts', 'taskManagers', 'slotsAllocated', 'slotsNeeded', 'sameSlot', 'regions', 'traceCount', 'memory',
] as const;

/** Chinese names of the trace events lessons count (the others are shown by their type). */
const TRACE_ZH: Partial<Record<string, string>> = {
  'output.emitted': '打印输出',
  'rpc.sent': '发出 RPC',
  'job.restart': '作业重启',
  'job.failure': '处理失败',
  'watermark.emitted': '生成 watermark',
  'watermark.advanced': 'watermark 推进',
  'window.fired': '窗口触发',
  'window.merged': '窗口合并',
  'window.cleared': '窗口状态清除',
  'record.late': '迟到记录',
  'timer.registered': '注册定时器',
  'timer.fired': '定时器触发',
  'checkpoint.completed': '检查点完成',
  'checkpoint.acknowledged': '检查点确认',
  'barrier.sent': '发送 barrier',
  'sink.transaction': '事务步骤',
  'state.copyOnWrite': '写时复制',
  'task.state': '子任务状态变化',
  'taskmanager.lost': '失去 TaskManager',
};

export interface Found {
  ok: boolean;
  message: string;
  zh: string;
}

export function evaluateRuntimeCheck(check: RuntimeCheck, tl: Timeline, step: number): Found {
  const plan = tl.plan;
  const world = tl.worldAt(step);
  const r = (ok: boolean, message: string, zh: string): Found => ({ ok, message, zh });
  if ('taskAttempt' in check) {
    const { task, attempt } = check.taskAttempt;
    const a = world.tasks[plan.execution.tasks.findIndex((t) => t.id === task)]?.attempt;
    return r(a === attempt, `${task} runs attempt ${a ?? 'none'}`, `${task} 是第 ${a ?? '?'} 次执行尝试（从 0 计）`);
  }
  if ('restarts' in check) {
    const n = world.cluster.jobMaster?.numberOfRestarts ?? 0;
    return r(n === check.restarts, `the job restarted ${n} times`, `作业重启了 ${n} 次`);
  }
  if ('taskManagers' in check) {
    const n = world.cluster.taskManagers.filter((t) => t.status === 'running').length;
    return r(n === check.taskManagers, `${n} TaskManagers run`, `${n} 个 TaskManager 在运行`);
  }
  if ('slotsAllocated' in check) {
    const n = world.cluster.taskManagers.filter((t) => t.status === 'running').reduce((k, t) => k + t.slots.filter((s) => s.allocationId).length, 0);
    return r(n === check.slotsAllocated, `${n} slots are allocated to the job`, `${n} 个 slot 分配给了作业`);
  }
  if ('slotsNeeded' in check || 'sameSlot' in check) {
    const sharing = executionSlotSharingGroups(plan, buildExecutionTopology(plan));
    if ('slotsNeeded' in check) {
      return r(sharing.slotsNeeded === check.slotsNeeded, `the job needs ${sharing.slotsNeeded} slots`, `作业需要 ${sharing.slotsNeeded} 个 slot`);
    }
    const idx = check.sameSlot.map((id) => plan.execution.tasks.findIndex((t) => t.id === id));
    const groups = new Set(idx.map((i) => (i < 0 ? -1 : sharing.groupOfTask[i])));
    const ok = groups.size === 1 && !groups.has(-1);
    return r(ok, `${check.sameSlot.join(', ')} ${ok ? 'share one slot' : 'are in different slots'}`, `${check.sameSlot.join('、')} ${ok ? '共享一个 slot' : '不在同一个 slot'}`);
  }
  if ('regions' in check) {
    const n = computeSchedulingPipelinedRegions(buildExecutionTopology(plan)).length;
    return r(n === check.regions, `the job has ${n} pipelined regions`, `作业有 ${n} 个 pipelined region`);
  }
  if ('traceCount' in check) {
    const { type, count, task, name } = check.traceCount;
    const n = tl.traceUntil(step).filter((e) => {
      const x = e as unknown as Record<string, unknown>;
      // An RPC's name, or a sink transaction's action (begin, preCommit, commit …).
      const rpcName = x.message ? (x.message as { name: string }).name : (x.name ?? x.action);
      return e.type === type && (task === undefined || x.task === task) && (name === undefined || rpcName === name);
    }).length;
    const what = `${type}${name ? ` ${name}` : ''}${task ? ` of ${task}` : ''}`;
    const zhWhat = `${TRACE_ZH[type] ?? `${type} 事件`}${name ? `（${name}）` : ''}`;
    return r(n === count, `${n} × ${what}`, `${task ? `${task}：` : ''}${zhWhat} ${n} 次`);
  }
  const spec = processSpecFromConfig(tl.scenario.config);
  if (!spec.ok) return r(false, spec.message, spec.message);
  const { component, bytes } = check.memory;
  // managedPerSlot: managed memory divided among taskmanager.numberOfTaskSlots slots.
  const slots = (configValue(tl.scenario.config, 'taskmanager.numberOfTaskSlots') as number | undefined) ?? 1;
  const value = component === 'managedPerSlot' ? managedPerSlot(spec.spec, slots) : (spec.spec as unknown as Record<string, bigint | undefined>)[component];
  return r(value !== undefined && value.toString() === bytes, `${component} = ${value ?? 'unknown'} bytes`, `${component} = ${value ?? '未知'} 字节`);
}
