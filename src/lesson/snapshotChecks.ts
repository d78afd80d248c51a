/**
 * Lesson checks of a process scenario (a classic Chandy–Lamport run, `src/sim/snapshot`): what a
 * process recorded, a channel's recorded (or so far recorded) state, the messages in transit on a
 * channel, trace counts, and the consistent-cut checker's verdict — read from the ProcessRun's world
 * and trace at the step. Also what the lesson compiler needs to tell a process scenario from a job
 * scenario and to validate its anchors.
 */
import { ProcessRun } from '../sim/snapshot/ProcessRun.ts';
import type { ProcessTraceType } from '../sim/snapshot/ProcessTrace.ts';
import type { ClMessage, ClWorld } from '../sim/snapshot/ChandyLamport.ts';
import type { Found } from './runtimeChecks.ts';

/** Checks of a process scenario. Labels are the events' labels (`"A"`, `"H"` …), in order. */
export type SnapshotCheck =
  /** The scenario has this channel (`from` → `to`). */
  | { channel: { id: string; from: string; to: string } }
  /** `process` has recorded its state, and it holds exactly these executed events (and these tokens). */
  | { recorded: { process: string; labels?: string[]; tokens?: number } }
  /** `process` has not recorded its state yet. */
  | { notRecorded: { process: string } }
  /** The channel's recorded state is exactly these messages (C21 = [H]). */
  | { channelState: { channel: string; labels: string[] } }
  /**
   * The channel as its receiver sees it: `open` (not recording), `recording` (with the messages
   * recorded so far, if `labels` is given) or `recorded`.
   */
  | { channelStatus: { channel: string; status: 'open' | 'recording' | 'recorded'; labels?: string[] } }
  /** Application messages sent on the channel and not received yet (in order of sending). */
  | { inTransit: { channel: string; labels: string[] } }
  /** Trace events of a type so far, optionally on one channel or of one process. */
  | { snapshotEvents: { type: ProcessTraceType; count: number; channel?: string; process?: string } }
  /**
   * The snapshot has terminated and the checker says: `consistent` (a), `valid` (a)–(c),
   * `conserved` (c), `tokens` recorded in all, `orphans` (labels).
   */
  | { cut: { consistent?: boolean; valid?: boolean; conserved?: boolean; tokens?: number; orphans?: string[] } };

export const SNAPSHOT_CHECK_KINDS = [
  'channel', 'recorded', 'notRecorded', 'channelState', 'channelStatus', 'inTransit', 'snapshotEvents', 'cut',
] as const;

/** The trace event types of a process run (what a process lesson's anchors may name). */
export const PROCESS_TRACE_EVENT_TYPES: readonly ProcessTraceType[] = [
  'process.event', 'message.sent', 'message.received', 'marker.sent', 'marker.received', 'snapshot.initiated',
  'state.recorded', 'channel.recording', 'channel.recorded', 'snapshot.completed',
];

/** A scenario file is a process scenario when it lists `processes` (a job scenario lists `operators`). */
export function isProcessScenario(raw: unknown): boolean {
  return !!raw && typeof raw === 'object' && !Array.isArray(raw) && Array.isArray((raw as { processes?: unknown }).processes);
}

export const isSnapshotCheck = (check: object): check is SnapshotCheck =>
  (SNAPSHOT_CHECK_KINDS as readonly string[]).includes(Object.keys(check)[0] ?? '');

const list = (xs: readonly string[]) => `[${xs.join(', ')}]`;
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
/** A message as the course writes it: `H→D` (sent as H, received as D), or `A`. */
export const messageName = (m: { label: string | null; receiveLabel?: string | null }) =>
  `${m.label ?? '?'}${m.receiveLabel ? `→${m.receiveLabel}` : ''}`;

const STATUS_ZH = { open: '未记录', recording: '记录中', recorded: '已记录' } as const;

/** Evaluates a snapshot check on a process run at `step`. */
export function evaluateSnapshotCheck(check: SnapshotCheck, run: ProcessRun, step: number): Found {
  const r = (ok: boolean, message: string, zh: string): Found => ({ ok, message, zh });
  const world: ClWorld = run.worldAt(step);
  const chan = (id: string) => world.channels.find((c) => c.id === id);
  const proc = (id: string) => world.processes.find((p) => p.id === id);
  const labelsOf = (ids: readonly number[]) => ids.map((id) => world.messages[id]!.label ?? '?');
  const noChannel = (id: string) => r(false, `no channel ${id}`, `没有管道 ${id}`);
  const noProcess = (id: string) => r(false, `no process ${id}`, `没有进程 ${id}`);

  if ('channel' in check) {
    const { id, from, to } = check.channel;
    const c = chan(id);
    if (!c) return noChannel(id);
    return r(c.from === from && c.to === to, `channel ${id} goes from ${c.from} to ${c.to}`, `管道 ${id} 从 ${c.from} 到 ${c.to}`);
  }
  if ('recorded' in check) {
    const { process, labels, tokens } = check.recorded;
    const p = proc(process);
    if (!p) return noProcess(process);
    if (!p.recorded) return r(false, `${process} has not recorded its state`, `${process} 还没有记录本地状态`);
    const ok = (labels === undefined || same(p.recorded.labels, labels)) && (tokens === undefined || p.recorded.tokens === tokens);
    return r(
      ok,
      `${process} recorded its state at ${p.recorded.t} ms: events ${list(p.recorded.labels)}, ${p.recorded.tokens} tokens`,
      `${process} 在 ${p.recorded.t} ms 记录了本地状态：事件 ${list(p.recorded.labels)}，${p.recorded.tokens} 个令牌`,
    );
  }
  if ('notRecorded' in check) {
    const p = proc(check.notRecorded.process);
    if (!p) return noProcess(check.notRecorded.process);
    return r(
      p.recorded === null,
      p.recorded ? `${p.id} recorded its state at ${p.recorded.t} ms` : `${p.id} has not recorded its state yet`,
      p.recorded ? `${p.id} 已在 ${p.recorded.t} ms 记录了本地状态` : `${p.id} 还没有记录本地状态`,
    );
  }
  if ('channelState' in check) {
    const { channel, labels } = check.channelState;
    const c = chan(channel);
    if (!c) return noChannel(channel);
    if (c.state !== 'recorded') return r(false, `${channel} is not recorded yet (${c.state})`, `${channel} 的状态还没有记录（${STATUS_ZH[c.state]}）`);
    const got = labelsOf(c.buffer);
    const shown = `${channel} = ${list(c.buffer.map((id) => messageName(world.messages[id]!)))}`;
    return r(same(got, labels), shown, shown);
  }
  if ('channelStatus' in check) {
    const { channel, status, labels } = check.channelStatus;
    const c = chan(channel);
    if (!c) return noChannel(channel);
    const got = labelsOf(c.buffer);
    const ok = c.state === status && (labels === undefined || same(got, labels));
    const so = c.state === 'open' ? '' : ` ${list(got)}`;
    return r(
      ok,
      `${channel} (${c.from} → ${c.to}) is ${c.state}${so}`,
      `${channel}（${c.from} → ${c.to}）${STATUS_ZH[c.state]}${so}`,
    );
  }
  if ('inTransit' in check) {
    const { channel, labels } = check.inTransit;
    const c = chan(channel);
    if (!c) return noChannel(channel);
    const flying = world.messages
      .filter((m: ClMessage) => m.kind === 'message' && m.channel === channel && m.receivedStep === null)
      .map((m) => m.label ?? '?');
    return r(same(flying, labels), `in transit on ${channel}: ${list(flying)}`, `${channel} 上在途的消息：${list(flying)}`);
  }
  if ('snapshotEvents' in check) {
    const { type, count, channel, process } = check.snapshotEvents;
    const n = run.traceUntil(step).filter((e) => {
      if (e.type !== type) return false;
      const f = e as { channel?: string; process?: string; from?: string };
      if (channel !== undefined && f.channel !== channel) return false;
      if (process !== undefined && (f.process ?? f.from) !== process) return false;
      return true;
    }).length;
    const where = `${channel ? ` on ${channel}` : ''}${process ? ` of ${process}` : ''}`;
    const whereZh = `${channel ? `（${channel}）` : ''}${process ? `（${process}）` : ''}`;
    return r(n === count, `${n} × ${type}${where}`, `${n} 个 ${type} 事件${whereZh}`);
  }
  // cut
  const want = check.cut;
  const done = world.completedStep !== null ? run.check : null;
  if (!done) return r(false, 'the snapshot has not terminated yet', '快照还没有结束');
  const orphans = done.orphans.map((o) => o.label ?? '?');
  const ok =
    (want.consistent === undefined || done.consistent === want.consistent) &&
    (want.valid === undefined || done.valid === want.valid) &&
    (want.conserved === undefined || done.conservation.ok === want.conserved) &&
    (want.tokens === undefined || done.conservation.recorded === want.tokens) &&
    (want.orphans === undefined || same(orphans, want.orphans));
  const { recorded, expected } = done.conservation;
  return r(
    ok,
    `cut ${done.consistent ? 'consistent' : 'inconsistent'}, ${done.valid ? 'valid' : 'not valid'}; orphans ${list(orphans)}; tokens ${recorded} of ${expected}`,
    `切面${done.consistent ? '一致' : '不一致'}，快照${done.valid ? '有效' : '无效'}；孤儿消息 ${list(orphans)}；令牌 ${recorded} / ${expected}`,
  );
}

/**
 * The checks' dispatcher for process runs (wired into `evaluateCheck`): a snapshot check on a
 * process run is evaluated; any other check there, or a snapshot check on a job run, fails with a
 * message saying why. Returns null for a job check on a job run (the caller evaluates it).
 */
export function evaluateOnProcessRun(check: object, run: unknown, step: number): Found | null {
  const isRun = run instanceof ProcessRun;
  const snap = isSnapshotCheck(check);
  if (!isRun && !snap) return null;
  if (isRun && snap) return evaluateSnapshotCheck(check, run, step);
  const kind = Object.keys(check)[0];
  return isRun
    ? { ok: false, message: `"${kind}" is a check of a Flink job; this step shows a process scenario`, zh: `“${kind}” 是 Flink 作业的检查；此步骤显示的是进程场景` }
    : { ok: false, message: `"${kind}" is a check of a process scenario; this step shows a Flink job`, zh: `“${kind}” 是进程场景的检查；此步骤显示的是 Flink 作业` };
}
