/**
 * Lesson checks of event time (`TimeCheck`): watermarks and idleness from each task's `time` state,
 * window firings and late records from the trace, window contents and timers from the window or
 * process operator's state — all at the step.
 */
import type { Timeline } from '../sim/Timeline.ts';
import type { Json } from '../sim/scenario/Scenario.ts';
import type { OperatorTime } from '../sim/world.ts';
import type { TimeCheck } from './types.ts';
import type { Found } from './runtimeChecks.ts';
import { canonicalJson, formatValue } from '../sim/functions/fields.ts';
import { LONG_MAX, LONG_MIN, formatLong } from '../sim/util/JavaLong.ts';
import { windowId } from '../sim/windowing/Window.ts';
import { stateSize } from '../sim/windowing/WindowContents.ts';

export const TIME_CHECK_KINDS = [
  'watermark', 'inputIdle', 'windowsFired', 'windowResult', 'lateRecords', 'openWindows', 'windowState', 'timers',
] as const;

const sameKey = (a: Json | undefined, b: Json) => a !== undefined && canonicalJson(a) === canonicalJson(b);
const show = (v: Json) => formatValue(v);
const wmValue = (v: number | 'MIN' | 'MAX') => (v === 'MIN' ? LONG_MIN : v === 'MAX' ? LONG_MAX : v);
/** The window a check names, as its id: `[0,5000)` or `GlobalWindow`. */
const checkWindowId = (w: [number, number] | 'global') => (w === 'global' ? 'GlobalWindow' : windowId({ start: w[0], end: w[1] }));

export function evaluateTimeCheck(check: TimeCheck, tl: Timeline, step: number): Found {
  const plan = tl.plan;
  const r = (ok: boolean, message: string, zh: string): Found => ({ ok, message, zh });
  const taskOf = (id: string) => plan.execution.tasks.find((t) => t.id === id);
  const missingTask = (id: string) => r(false, `no subtask ${id}`, `没有子任务 ${id}`);
  /**
   * The operator of a task that a window/timer check reads: the one named, else the first of its
   * chain with window state (`windows`) or timers.
   */
  const stateOperator = (task: string, operator: string | undefined, what: 'windows' | 'timers') => {
    const t = taskOf(task);
    if (!t) return { error: missingTask(task) };
    const world = tl.worldAt(step);
    const ops = world.tasks[t.index]!.time.operators;
    const id = operator ?? t.operators.find((o) => ops[o]?.[what] !== undefined);
    const op: OperatorTime | undefined = id === undefined ? undefined : ops[id];
    if (id === undefined || !op || !op[what]) {
      const kind = what === 'windows' ? 'window' : 'window or process';
      const zhKind = what === 'windows' ? '窗口' : '窗口或 process';
      return {
        error: r(
          false,
          operator ? `${task} has no ${kind} operator ${operator}` : `${task} runs no ${kind} operator`,
          operator ? `${task} 中没有${zhKind}算子 ${operator}` : `${task} 中没有${zhKind}算子`,
        ),
      };
    }
    return { id, op };
  };

  if ('watermark' in check) {
    const { task, operator, value } = check.watermark;
    const t = taskOf(task);
    if (!t) return missingTask(task);
    const time = tl.worldAt(step).tasks[t.index]!.time;
    const want = wmValue(value);
    let wm: number | undefined;
    let who: string;
    if (operator === undefined && time.valve) {
      wm = time.valve.lastOutputWatermark;
      who = `${task}'s input`;
    } else {
      const id = operator ?? t.operators[0]!;
      wm = time.operators[id]?.watermark;
      who = `${id} in ${task}`;
      if (wm === undefined) return r(false, `${task} has no operator ${id}`, `${task} 中没有算子 ${id}`);
    }
    const zhWho = operator === undefined && time.valve ? `${task} 的输入` : `${task} 的算子 ${operator ?? t.operators[0]}`;
    return r(wm === want, `the watermark of ${who} is ${formatLong(wm)}`, `${zhWho}的水位线是 ${formatLong(wm)}`);
  }

  if ('inputIdle' in check) {
    const { task, idle } = check.inputIdle;
    const t = taskOf(task);
    if (!t) return missingTask(task);
    const time = tl.worldAt(step).tasks[t.index]!.time;
    let now: boolean;
    if (time.valve) now = time.valve.lastOutputStatus === 'IDLE';
    else {
      const emitter = time.operators[t.operators[0]!]?.emitter;
      if (!emitter) return r(false, `${task} has neither inputs nor a watermark emitter`, `${task} 既没有输入，也不产生水位线`);
      now = emitter.idle;
    }
    const what = time.valve ? 'input' : 'output';
    return r(
      now === idle,
      `${task}'s ${what} is ${now ? 'IDLE' : 'ACTIVE'}`,
      `${task} 的${time.valve ? '输入' : '输出'}状态为 ${now ? 'IDLE（空闲）' : 'ACTIVE（活跃）'}`,
    );
  }

  if ('windowsFired' in check) {
    const { count, operator, key, late } = check.windowsFired;
    const n = tl.traceUntil(step).filter(
      (e) =>
        e.type === 'window.fired' &&
        (operator === undefined || e.operator === operator) &&
        (key === undefined || sameKey(e.key, key)) &&
        (late === undefined || e.late === late),
    ).length;
    const kind = late === true ? 'late ' : late === false ? 'on-time ' : '';
    const of = `${key !== undefined ? ` of key ${show(key)}` : ''}${operator ? ` in ${operator}` : ''}`;
    const zhOf = `${operator ? `算子 ${operator} 中` : ''}${key !== undefined ? `键 ${show(key)} 的` : ''}${late === true ? '迟到' : late === false ? '按时' : ''}`;
    return r(n === count, `${n} ${kind}window firing${n === 1 ? '' : 's'}${of}`, `${zhOf}窗口触发了 ${n} 次`);
  }

  if ('windowResult' in check) {
    const { key, window, result, operator } = check.windowResult;
    const id = checkWindowId(window);
    const firings = tl
      .traceUntil(step)
      .filter((e) => e.type === 'window.fired' && (operator === undefined || e.operator === operator) && sameKey(e.key, key) && windowId(e.window) === id);
    const results = firings.map((e) => (e.type === 'window.fired' ? e.result : null));
    const ok = results.some((x) => canonicalJson(x) === canonicalJson(result));
    const found = results.length ? results.map(show).join(', ') : null;
    return r(
      ok,
      `window ${id} of key ${show(key)} ${found ? `fired ${found}` : 'has not fired'}`,
      `键 ${show(key)} 的窗口 ${id} ${found ? `的触发结果：${found}` : '尚未触发'}`,
    );
  }

  if ('lateRecords' in check) {
    const { count, sideOutput } = check.lateRecords;
    const n = tl.traceUntil(step).filter(
      (e) => e.type === 'record.late' && (sideOutput === undefined || (e.sideOutput !== null) === sideOutput),
    ).length;
    const what = sideOutput === true ? ' sent to a side output' : sideOutput === false ? ' dropped' : '';
    const zh = sideOutput === true ? '（发往侧输出）' : sideOutput === false ? '（被丢弃）' : '';
    return r(n === count, `${n} late records${what}`, `${n} 条迟到数据${zh}`);
  }

  if ('openWindows' in check) {
    const { task, count, operator, key } = check.openWindows;
    const found = stateOperator(task, operator, 'windows');
    if ('error' in found) return found.error!;
    const keys = Object.values(found.op.windows!.keys).filter((kw) => key === undefined || sameKey(kw.key, key));
    // Session windows: the in-flight windows of the MergingWindowSet (their contents live under a state window).
    const windowsOf = (kw: (typeof keys)[number]) => (kw.merging ? Object.keys(kw.merging) : Object.values(kw.panes).map((p) => windowId(p.window)));
    const ids = keys.flatMap((kw) => windowsOf(kw).map((w) => `${key === undefined ? `${show(kw.key)} ` : ''}${w}`));
    const n = ids.length;
    const of = key !== undefined ? ` of key ${show(key)}` : '';
    return r(
      n === count,
      `${found.id} in ${task} holds ${n} window${n === 1 ? '' : 's'}${of}${n ? `: ${ids.join(', ')}` : ''}`,
      `${task} 的算子 ${found.id} ${key !== undefined ? `为键 ${show(key)} ` : ''}持有 ${n} 个窗口${n ? `：${ids.join('、')}` : ''}`,
    );
  }

  if ('windowState' in check) {
    const { task, operator, key, window, size } = check.windowState;
    const found = stateOperator(task, operator, 'windows');
    if ('error' in found) return found.error!;
    const kw = Object.values(found.op.windows!.keys).find((k) => sameKey(k.key, key));
    let id = checkWindowId(window);
    // Sessions keep a merged window's contents under one of its original windows (MergingWindowSet).
    if (kw?.merging && kw.merging[id] !== undefined) id = kw.merging[id]!;
    const n = stateSize(kw?.panes[id]);
    const w = checkWindowId(window);
    return r(
      n === size,
      `window ${w} of key ${show(key)} in ${task} holds ${n} value${n === 1 ? '' : 's'} in state`,
      `${task} 的算子 ${found.id} 中，键 ${show(key)} 的窗口 ${w} 的状态里有 ${n} 个值`,
    );
  }

  const { task, count, operator, domain, key } = check.timers;
  const found = stateOperator(task, operator, 'timers');
  if ('error' in found) return found.error!;
  const timers = found.op.timers!;
  const list = [
    ...(domain === undefined || domain === 'event' ? timers.event : []),
    ...(domain === undefined || domain === 'processing' ? timers.processing : []),
  ].filter((t) => key === undefined || sameKey(t.key, key));
  const shown = list.map((t) => `${show(t.key)}@${formatLong(t.timestamp)}${t.namespace ? ` ${t.namespace}` : ''}`).join(', ');
  const dom = domain ? `${domain}-time ` : '';
  const zhDom = domain === 'event' ? '事件时间' : domain === 'processing' ? '处理时间' : '';
  return r(
    list.length === count,
    `${found.id} in ${task} has ${list.length} ${dom}timer${list.length === 1 ? '' : 's'}${key !== undefined ? ` of key ${show(key)}` : ''}${shown ? `: ${shown}` : ''}`,
    `${task} 的算子 ${found.id} ${key !== undefined ? `为键 ${show(key)} ` : ''}注册了 ${list.length} 个${zhDom}定时器${shown ? `：${shown}` : ''}`,
  );
}
