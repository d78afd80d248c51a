/**
 * One short sentence per trace event, in English and Chinese, for the visible log and the screen
 * reader announcements. Pure: needs only the plan (task and operator names) and a record index
 * (record id → value, built once per run from the trace).
 *   t=180 ms: Keyed Aggregation (2/2) received (to,1) from source/0
 *   t=180 ms：Keyed Aggregation (2/2) 收到来自 source/0 的 (to,1)
 */
import { describeCheckpointEvent, isCheckpointEvent } from './checkpoint/describeCheckpoint.ts';
import { describeClusterEvent, describeFault } from './describeCluster.ts';
import { describeTimeEvent, isTimeEvent, type TimeDescribeContext } from './time/describeTime.ts';
import type { Json } from '../sim/scenario/Scenario.ts';
import type { JobPlan, TaskPlan } from '../sim/graph/types.ts';
import type { TraceEvent } from '../sim/trace.ts';
import type { Action } from '../sim/actions.ts';
import type { Lang } from '../lesson/types.ts';
import { formatValue } from '../sim/functions/fields.ts';

export interface DescribeContext {
  plan: JobPlan;
  /** The value of a record by id, if the trace shows it. */
  recordValue: (id: number) => Json | undefined;
}

/** Record id → value, from every trace event that carries a record's value. */
export function indexRecords(trace: readonly TraceEvent[]): Map<number, Json> {
  const m = new Map<number, Json>();
  for (const e of trace) {
    if (e.type === 'source.emitted' || e.type === 'record.sent') m.set(e.record.id, e.record.value);
    else if (e.type === 'output.emitted') m.set(e.record, e.value);
  }
  return m;
}

export function describeContext(plan: JobPlan, trace: readonly TraceEvent[]): DescribeContext {
  const records = indexRecords(trace);
  return { plan, recordValue: (id) => records.get(id) };
}

/** A value as the log shows it: tuples `(to,1)`, top-level strings quoted, long ones cut. */
export function showValue(value: Json | undefined, lang: Lang): string {
  if (value === undefined) return '?';
  const s = typeof value === 'string' ? (lang === 'zh' ? `“${value}”` : `"${value}"`) : formatValue(value);
  return s.length > 48 ? s.slice(0, 45) + '…' : s;
}

const taskPlan = (plan: JobPlan, id: string): TaskPlan | undefined => plan.execution.tasks.find((t) => t.id === id);

const opName = (plan: JobPlan, op: string) => plan.streamGraph.nodes.find((n) => n.id === op)?.name ?? op;

/** `Keyed Aggregation (2/2)`: an operator of a task, with the subtask number as Flink writes it. */
export function operatorLabel(plan: JobPlan, task: string, operator?: string): string {
  const tp = taskPlan(plan, task);
  if (!tp) return task;
  const op = operator ?? tp.operators[0]!;
  return `${opName(plan, op)} (${tp.subtask + 1}/${tp.parallelism})`;
}

/** The operator that sends on a channel `<edge>:<from>-><to>`: the source of the stream edge behind the job edge. */
function senderOperator(plan: JobPlan, task: string, channel: string): string | undefined {
  const edge = Number(channel.split(':')[0]);
  const je = plan.jobGraph.edges[edge];
  const se = je ? plan.streamGraph.edges[je.streamEdge] : undefined;
  return se?.source ?? taskPlan(plan, task)?.operators.at(-1);
}

/** The operator that receives on a channel: the target of the stream edge behind the job edge. */
function receiverOperator(plan: JobPlan, task: string, channel: string): string | undefined {
  const edge = Number(channel.split(':')[0]);
  const je = plan.jobGraph.edges[edge];
  const se = je ? plan.streamGraph.edges[je.streamEdge] : undefined;
  return se?.target ?? taskPlan(plan, task)?.operators[0];
}

const prefix = (t: number, lang: Lang) => (lang === 'zh' ? `t=${t} ms：` : `t=${t} ms: `);

/** The sentence without the `t=… ms:` prefix. */
export function describeBody(e: TraceEvent, ctx: DescribeContext, lang: Lang): string {
  const { plan } = ctx;
  const zh = lang === 'zh';
  const val = (id: number) => showValue(ctx.recordValue(id), lang);
  switch (e.type) {
    case 'job.status':
      return zh ? `作业状态 ${e.from} → ${e.to}` : `the job went ${e.from} → ${e.to}`;
    case 'task.state': {
      const tp = taskPlan(plan, e.task);
      const who = tp ? `${tp.id}` : e.task;
      return zh ? `子任务 ${who} ${e.from} → ${e.to}` : `subtask ${who} went ${e.from} → ${e.to}`;
    }
    case 'source.emitted': {
      const who = operatorLabel(plan, e.task, e.operator);
      const v = showValue(e.record.value, lang);
      return zh ? `${who} 读取了 ${v}（偏移量 ${e.offset}）` : `${who} read ${v} (offset ${e.offset})`;
    }
    case 'record.processed': {
      const who = operatorLabel(plan, e.task, e.operator);
      const input = val(e.record);
      const node = plan.streamGraph.nodes.find((n) => n.id === e.operator);
      if (node?.spec.type === 'sink') return zh ? `${who} 处理了 ${input}` : `${who} processed ${input}`;
      if (e.outputs.length === 0) return zh ? `${who} 处理了 ${input}，没有输出` : `${who} processed ${input}, no output`;
      if (e.outputs.length === 1) return zh ? `${who} 把 ${input} 变成 ${val(e.outputs[0]!)}` : `${who} turned ${input} into ${val(e.outputs[0]!)}`;
      return zh ? `${who} 把 ${input} 变成 ${e.outputs.length} 条记录` : `${who} turned ${input} into ${e.outputs.length} records`;
    }
    case 'record.sent': {
      const who = operatorLabel(plan, e.task, senderOperator(plan, e.task, e.channel));
      const v = showValue(e.record.value, lang);
      const key = e.partitioner === 'HASH' && e.record.keyGroup !== undefined
        ? zh ? `，键组 ${e.record.keyGroup}` : `, key group ${e.record.keyGroup}`
        : '';
      return zh ? `${who} 经 ${e.partitioner} 把 ${v} 发往 ${e.to}${key}` : `${who} sent ${v} to ${e.to} via ${e.partitioner}${key}`;
    }
    case 'record.received': {
      const who = operatorLabel(plan, e.task, receiverOperator(plan, e.task, e.channel));
      return zh ? `${who} 收到来自 ${e.from} 的 ${val(e.record)}` : `${who} received ${val(e.record)} from ${e.from}`;
    }
    case 'state.changed': {
      const who = operatorLabel(plan, e.task, e.operator);
      const key = showValue(e.key, lang);
      const to = showValue(e.to, lang);
      if (e.from === null) {
        return zh ? `${who} 为键 ${key}（键组 ${e.keyGroup}）新建状态 ${to}` : `${who} created state ${to} for key ${key} (key group ${e.keyGroup})`;
      }
      const from = showValue(e.from, lang);
      return zh ? `${who} 的键 ${key} 状态 ${from} → ${to}` : `${who} updated key ${key}: ${from} → ${to}`;
    }
    case 'output.emitted': {
      const who = operatorLabel(plan, e.task, e.operator);
      return zh ? `${who} 打印 “${e.text}”` : `${who} printed “${e.text}”`;
    }
    case 'end.sent':
      return zh ? `${e.task} 向 ${e.to} 发送分区结束标记` : `${e.task} sent end-of-partition to ${e.to}`;
    case 'end.received':
      return zh ? `${e.task} 收到来自 ${e.from} 的分区结束标记` : `${e.task} received end-of-partition from ${e.from}`;
    case 'action.applied':
      return describeAction(e.action, plan, lang);
  }
  if (isTimeEvent(e)) return describeTimeEvent(e, timeContext(ctx, lang), lang);
  if (isCheckpointEvent(e)) return describeCheckpointEvent(e, timeContext(ctx, lang).who, lang);
  return describeClusterEvent(e, lang);
}

/** The event-time sentences' view of the context: operators as Flink names them, values as the log shows them. */
const timeContext = (ctx: DescribeContext, lang: Lang): TimeDescribeContext => ({
  who: (task, operator) => (operator ? operatorLabel(ctx.plan, task, operator) : task),
  show: (value) => showValue(value, lang),
  recordValue: ctx.recordValue,
});

export function describeAction(a: Action, plan: JobPlan, lang: Lang): string {
  const zh = lang === 'zh';
  switch (a.type) {
    case 'pauseTask':
      return zh ? `你暂停了 ${a.task}` : `you paused ${a.task}`;
    case 'resumeTask':
      return zh ? `你恢复了 ${a.task}` : `you resumed ${a.task}`;
    case 'setSourceRate': {
      const who = opName(plan, a.operator) + (a.subtask !== undefined ? ` (${a.subtask + 1})` : '');
      return zh ? `你把 ${who} 的速率设为每秒 ${a.ratePerSec} 条` : `you set ${who} to ${a.ratePerSec} records/s`;
    }
    default:
      return describeFault(a, lang)!;
  }
}

/** One sentence: `t=180 ms: Keyed Aggregation (2/2) received (to,1) from source/0`. */
export function describeEvent(e: TraceEvent, ctx: DescribeContext, lang: Lang): string {
  return prefix(e.t, lang) + describeBody(e, ctx, lang);
}

/**
 * A short summary of what happened, for a screen reader: up to `max` sentences, then a count of
 * the rest. Bookkeeping events (`record.processed` of chained sinks) are skipped when others exist.
 */
export function summarize(events: readonly TraceEvent[], ctx: DescribeContext, lang: Lang, max = 2): string {
  if (events.length === 0) return '';
  const notable = events.filter((e) => !isBookkeeping(e, ctx.plan));
  const list = notable.length ? notable : events;
  const shown = list.slice(0, max);
  const first = shown[0]!;
  const last = list[list.length - 1]!;
  const head = first.t === last.t ? prefix(first.t, lang) : lang === 'zh' ? `t=${first.t}–${last.t} ms：` : `t=${first.t}–${last.t} ms: `;
  const sep = lang === 'zh' ? '；' : '; ';
  const body = shown.map((e) => describeBody(e, ctx, lang)).join(sep);
  const rest = list.length - shown.length;
  if (rest <= 0) return head + body;
  return head + body + (lang === 'zh' ? `；另有 ${rest} 个事件` : `; and ${rest} more event${rest === 1 ? '' : 's'}`);
}

/** Events that only repeat what a neighbouring event says (or say that nothing changed). */
function isBookkeeping(e: TraceEvent, plan: JobPlan): boolean {
  if (e.type === 'watermark.sent' || e.type === 'watermark.received') return true;
  if (e.type === 'timer.registered') return e.duplicate;
  if (e.type !== 'record.processed') return false;
  const spec = plan.streamGraph.nodes.find((n) => n.id === e.operator)?.spec;
  return spec?.type === 'sink' || spec?.type === 'sum' || spec?.type === 'min' || spec?.type === 'max' || spec?.type === 'reduce';
}

