/**
 * Sentences (English and 简体中文) for the trace events of event time: watermarks and their
 * statuses, timers, windows and late records. `who` names an operator of a task
 * (`Window (2/2)`), `value` shows a record's value by id; without them (the CLI) the task ids and
 * record ids are used.
 *   window [0,5000) of key "a" fired: (a,3), timestamp 4999 (state held 1 value)
 *   键 “a” 的窗口 [0,5000) 触发：(a,3)，时间戳 4999（状态中 1 个值）
 */
import type { Json } from '../../sim/scenario/Scenario.ts';
import type { TraceOf } from '../../sim/trace.ts';
import type { Lang } from '../../lesson/types.ts';
import { formatValue } from '../../sim/functions/fields.ts';
import { LONG_MAX, LONG_MIN, shortLong } from '../../sim/util/JavaLong.ts';
import { windowId } from '../../sim/windowing/Window.ts';

export type TimeEvent = TraceOf<
  | 'watermark.emitted' | 'watermark.status' | 'watermark.sent' | 'watermark.received' | 'watermark.advanced'
  | 'timer.registered' | 'timer.deleted' | 'timer.fired'
  | 'window.assigned' | 'window.merged' | 'window.fired' | 'window.evicted' | 'window.cleared' | 'record.late'
>;

const TIME_TYPES: ReadonlySet<string> = new Set<TimeEvent['type']>([
  'watermark.emitted', 'watermark.status', 'watermark.sent', 'watermark.received', 'watermark.advanced',
  'timer.registered', 'timer.deleted', 'timer.fired',
  'window.assigned', 'window.merged', 'window.fired', 'window.evicted', 'window.cleared', 'record.late',
]);

/** The event is one of event time's. */
export const isTimeEvent = (e: { type: string }): e is TimeEvent => TIME_TYPES.has(e.type);

export interface TimeDescribeContext {
  /** An operator of a task as Flink names it: `Window (2/2)`. */
  who: (task: string, operator?: string | null) => string;
  /** A value for a sentence: `("a",3)`. */
  show: (value: Json | undefined) => string;
  /** A record's value by id, if known. */
  recordValue: (id: number) => Json | undefined;
}

/** Without a plan: task ids, record ids and plain values. */
export const plainTimeContext: TimeDescribeContext = {
  who: (task, operator) => (operator ? `${operator} (${task})` : task),
  show: (v) => (v === undefined ? '?' : formatValue(v)),
  recordValue: () => undefined,
};

/** A watermark in a sentence: the number, "Long.MIN_VALUE (no watermark)" or "+∞ (end of input)". */
export function wmText(wm: number, lang: Lang): string {
  const zh = lang === 'zh';
  if (wm === LONG_MIN) return zh ? '−∞（尚无水位线）' : '−∞ (no watermark yet)';
  if (wm === LONG_MAX) return zh ? '+∞（输入结束）' : '+∞ (end of input)';
  return String(wm);
}

const domainText = (d: 'event' | 'processing', zh: boolean) => (zh ? (d === 'event' ? '事件时间' : '处理时间') : d === 'event' ? 'event-time' : 'processing-time');
const nsText = (ns: string, zh: boolean) => (ns ? (zh ? `，窗口 ${ns}` : ` for window ${ns}`) : '');

/** The sentence for an event-time trace event, without the `t=… ms:` prefix. */
export function describeTimeEvent(e: TimeEvent, ctx: TimeDescribeContext, lang: Lang): string {
  const zh = lang === 'zh';
  const key = (k: Json) => ctx.show(k);
  const rec = (id: number) => {
    const v = ctx.recordValue(id);
    return v === undefined ? `#${id}` : `${zh ? '记录' : 'record'} #${id} ${ctx.show(v)}`;
  };
  switch (e.type) {
    case 'watermark.emitted':
      return zh ? `${ctx.who(e.task, e.operator)} 生成水位线 W(${shortLong(e.watermark)})` : `${ctx.who(e.task, e.operator)} emitted watermark W(${shortLong(e.watermark)})`;
    case 'watermark.status':
      if (e.operator === null) {
        return zh ? `${e.task} 的输入变为 ${e.status}` : `the input of ${e.task} became ${e.status}`;
      }
      return zh ? `${ctx.who(e.task, e.operator)} 把输出标记为 ${e.status}` : `${ctx.who(e.task, e.operator)} marked its output ${e.status}`;
    case 'watermark.sent': {
      const what = e.watermark !== undefined ? `W(${shortLong(e.watermark)})` : `WatermarkStatus ${e.status}`;
      return zh ? `${e.task} 向 ${e.to} 发送 ${what}` : `${e.task} sent ${what} to ${e.to}`;
    }
    case 'watermark.received': {
      const what = e.watermark !== undefined ? `W(${shortLong(e.watermark)})` : `WatermarkStatus ${e.status}`;
      return zh ? `${e.task} 收到来自 ${e.from} 的 ${what}` : `${e.task} received ${what} from ${e.from}`;
    }
    case 'watermark.advanced':
      return zh ? `${ctx.who(e.task, e.operator)} 的事件时间推进到 ${wmText(e.watermark, lang)}` : `the event time of ${ctx.who(e.task, e.operator)} advanced to ${wmText(e.watermark, lang)}`;
    case 'timer.registered': {
      const d = domainText(e.domain, zh);
      const an = e.domain === 'event' ? 'an' : 'a';
      if (e.duplicate) {
        return zh
          ? `${ctx.who(e.task, e.operator)} 为键 ${key(e.key)} 注册${d}定时器 ${shortLong(e.time)}${nsText(e.namespace, zh)}：已存在，未变化`
          : `${ctx.who(e.task, e.operator)} registered ${an} ${d} timer at ${shortLong(e.time)} for key ${key(e.key)}${nsText(e.namespace, zh)}: already there, nothing changed`;
      }
      return zh
        ? `${ctx.who(e.task, e.operator)} 为键 ${key(e.key)} 注册${d}定时器 ${shortLong(e.time)}${nsText(e.namespace, zh)}`
        : `${ctx.who(e.task, e.operator)} registered ${an} ${d} timer at ${shortLong(e.time)} for key ${key(e.key)}${nsText(e.namespace, zh)}`;
    }
    case 'timer.deleted':
      return zh
        ? `${ctx.who(e.task, e.operator)} 删除键 ${key(e.key)} 的${domainText(e.domain, zh)}定时器 ${shortLong(e.time)}${nsText(e.namespace, zh)}`
        : `${ctx.who(e.task, e.operator)} deleted the ${domainText(e.domain, zh)} timer at ${shortLong(e.time)} of key ${key(e.key)}${nsText(e.namespace, zh)}`;
    case 'timer.fired':
      return zh
        ? `${ctx.who(e.task, e.operator)} 键 ${key(e.key)} 的${domainText(e.domain, zh)}定时器 ${shortLong(e.time)} 触发${nsText(e.namespace, zh)}`
        : `${ctx.who(e.task, e.operator)}: the ${domainText(e.domain, zh)} timer at ${shortLong(e.time)} of key ${key(e.key)} fired${nsText(e.namespace, zh)}`;
    case 'window.assigned': {
      const ws = e.windows.map(windowId).join(zh ? '、' : ', ');
      const ts = e.timestamp === null ? '' : zh ? `（时间戳 ${e.timestamp}）` : ` (ts ${e.timestamp})`;
      if (e.windows.length === 0) return zh ? `${ctx.who(e.task, e.operator)}：${rec(e.record)}${ts} 没有进入任何窗口` : `${ctx.who(e.task, e.operator)}: ${rec(e.record)}${ts} went into no window`;
      return zh
        ? `${ctx.who(e.task, e.operator)} 把 ${rec(e.record)}${ts} 放入键 ${key(e.key)} 的窗口 ${ws}`
        : `${ctx.who(e.task, e.operator)} put ${rec(e.record)}${ts} into window${e.windows.length === 1 ? '' : 's'} ${ws} of key ${key(e.key)}`;
    }
    case 'window.merged': {
      const from = e.from.map(windowId).join(zh ? '、' : ', ');
      return zh ? `键 ${key(e.key)} 的会话窗口 ${from} 合并为 ${windowId(e.into)}` : `session windows ${from} of key ${key(e.key)} merged into ${windowId(e.into)}`;
    }
    case 'window.fired': {
      const w = windowId(e.window);
      const r = ctx.show(e.result);
      const size = zh ? `（状态中 ${e.stateSize} 个值）` : ` (state held ${e.stateSize} value${e.stateSize === 1 ? '' : 's'})`;
      const late = e.late ? (zh ? '迟到触发：' : 'late firing: ') : '';
      const purged = e.purged ? (zh ? '，内容已清空' : ', contents purged') : '';
      return zh
        ? `${late}键 ${key(e.key)} 的窗口 ${w} 触发：${r}，时间戳 ${shortLong(e.timestamp)}${size}${purged}`
        : `${late}window ${w} of key ${key(e.key)} fired: ${r}, timestamp ${shortLong(e.timestamp)}${size}${purged}`;
    }
    case 'window.evicted':
      return zh
        ? `evictor 从键 ${key(e.key)} 的窗口 ${windowId(e.window)} 移除了 ${e.count} 个元素`
        : `the evictor removed ${e.count} element${e.count === 1 ? '' : 's'} from window ${windowId(e.window)} of key ${key(e.key)}`;
    case 'window.cleared':
      return zh ? `键 ${key(e.key)} 的窗口 ${windowId(e.window)} 的状态已清除` : `window ${windowId(e.window)} of key ${key(e.key)} was cleared`;
    case 'record.late': {
      const where = e.sideOutput === null ? (zh ? '已丢弃' : 'dropped') : zh ? `发往侧输出“${e.sideOutput}”` : `sent to side output "${e.sideOutput}"`;
      return zh ? `${rec(e.record)}（时间戳 ${e.timestamp}）迟到：${where}` : `${rec(e.record)} (ts ${e.timestamp}) is late: ${where}`;
    }
  }
}
