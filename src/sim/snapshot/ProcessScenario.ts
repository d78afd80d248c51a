/**
 * The scenario of a Chandy–Lamport run (Chandy & Lamport, "Distributed Snapshots", TOCS 3(1), 1985;
 * reference §8.1): processes holding tokens, directed channels (self-loops allowed), timed internal
 * and send events, and the processes that initiate the snapshot. This is not a Flink job: Flink's
 * barriers are the job engine's business (reference §5). `resolveProcessScenario` checks a JSON value
 * and fills the defaults, throwing one `ScenarioError` that lists every problem with its path and fix.
 */
import { ScenarioError, type ScenarioIssue } from '../scenario/ScenarioError.ts';
import { suggest } from '../scenario/validate.ts';

/** A process: an id and its initial tokens (the conserved quantity, reference §8.1 (c)). */
export interface ProcessSpec {
  id: string;
  /** Initial tokens (an integer, default 0). Balances may go negative: tokens are only counted. */
  tokens?: number;
}

/** A directed channel `from → to`. FIFO unless the scenario sets `fifo: false`. */
export interface ChannelSpec {
  /** Display name, e.g. "C12" (default `from->to`). */
  id?: string;
  from: string;
  to: string;
  /** Delivery delay in ms (integer ≥ 0). */
  latencyMs: number;
  /** Extra random delay, drawn uniformly from 0..jitterMs with the run's seed (default 0). */
  jitterMs?: number;
}

/** What a send event puts on the channel `process → to`. */
export interface SendSpec {
  to: string;
  /** Tokens carried; they leave the sender when it sends (default 1). */
  tokens?: number;
  /** This message's latency instead of the channel's (a slow or fast message). */
  latencyMs?: number;
  /** Label of the receive event at `to` (e.g. "D" for "H in P2 sent to D in P1"). */
  receiveLabel?: string;
}

/** An event of `process` at `at` ms: internal, or a send when `send` is given. */
export interface EventSpec {
  at: number;
  process: string;
  label: string;
  send?: SendSpec;
  /** Same as `send.receiveLabel` (accepted here too). */
  receiveLabel?: string;
}

/** A process that records its state spontaneously at `at` ms. All entries belong to the same snapshot. */
export interface SnapshotSpec {
  at: number;
  initiator: string;
}

/** The scenario as written (JSON). */
export interface ProcessScenario {
  name?: string;
  description?: string;
  seed?: number;
  /** Channels deliver in order (default true); false drops the FIFO clamp, so markers can be overtaken. */
  fifo?: boolean;
  /** Cap on steps (one event per step; default 10 000, at most 100 000). */
  maxEvents?: number;
  processes: ProcessSpec[];
  channels: ChannelSpec[];
  events: EventSpec[];
  snapshots: SnapshotSpec[];
}

/** A checked scenario with every default filled in. */
export interface ResolvedProcessScenario {
  name: string;
  seed: number;
  fifo: boolean;
  maxEvents: number;
  processes: { id: string; tokens: number }[];
  channels: { id: string; from: string; to: string; latencyMs: number; jitterMs: number }[];
  events: { at: number; process: string; label: string; send: { to: string; tokens: number; latencyMs: number | null; receiveLabel: string | null } | null }[];
  snapshots: SnapshotSpec[];
}

export const PROCESS_LIMITS = { maxEvents: 100_000, defaultMaxEvents: 10_000 } as const;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isName = (x: unknown): x is string => typeof x === 'string' && x.length > 0;

/** Checks a scenario and fills in defaults. Throws `ScenarioError` listing every issue. */
export function resolveProcessScenario(input: unknown): ResolvedProcessScenario {
  const issues: ScenarioIssue[] = [];
  const bad = (path: string, message: string) => issues.push({ path, message });
  if (!isObj(input)) throw new ScenarioError([{ path: '(root)', message: 'must be an object with processes, channels, events and snapshots' }]);
  const list = (key: string): unknown[] => {
    const v = input[key];
    if (Array.isArray(v)) return v;
    bad(key, `must be an array${v === undefined ? ' (missing)' : ''}`);
    return [];
  };
  const time = (path: string, x: unknown, what: string) => {
    if (!isInt(x) || x < 0) bad(path, `${what} must be a non-negative integer (ms), got ${JSON.stringify(x)}`);
  };

  const seed = input.seed ?? 1;
  if (!isInt(seed)) bad('seed', `must be an integer, got ${JSON.stringify(seed)}`);
  const fifo = input.fifo ?? true;
  if (typeof fifo !== 'boolean') bad('fifo', `must be true or false, got ${JSON.stringify(fifo)}`);
  const maxEvents = input.maxEvents ?? PROCESS_LIMITS.defaultMaxEvents;
  if (!isInt(maxEvents) || maxEvents < 1 || maxEvents > PROCESS_LIMITS.maxEvents) {
    bad('maxEvents', `must be an integer in 1..${PROCESS_LIMITS.maxEvents}, got ${JSON.stringify(maxEvents)}`);
  }
  const name = typeof input.name === 'string' ? input.name : 'snapshot';

  const processes: ResolvedProcessScenario['processes'] = [];
  list('processes').forEach((p, i) => {
    if (!isObj(p) || !isName(p.id)) return bad(`processes[${i}].id`, 'must be a non-empty string such as "P1"');
    if (processes.some((q) => q.id === p.id)) return bad(`processes[${i}].id`, `duplicate process "${p.id}"; give each process its own id`);
    const tokens = p.tokens ?? 0;
    if (!isInt(tokens)) bad(`processes[${i}].tokens`, `must be an integer, got ${JSON.stringify(tokens)}`);
    processes.push({ id: p.id, tokens: isInt(tokens) ? tokens : 0 });
  });
  if (Array.isArray(input.processes) && processes.length === 0 && input.processes.length === 0) bad('processes', 'must list at least one process');
  const ids = processes.map((p) => p.id);
  const knownProcess = (path: string, x: unknown): x is string => {
    if (typeof x === 'string' && ids.includes(x)) return true;
    const hint = typeof x === 'string' ? suggest(x, ids) : undefined;
    bad(path, `unknown process ${JSON.stringify(x)}; ${hint ? `did you mean "${hint}"? ` : ''}processes are ${ids.join(', ') || '(none)'}`);
    return false;
  };

  const channels: ResolvedProcessScenario['channels'] = [];
  list('channels').forEach((c, i) => {
    const at = `channels[${i}]`;
    if (!isObj(c)) return bad(at, 'must be an object { from, to, latencyMs }');
    const okFrom = knownProcess(`${at}.from`, c.from);
    const okTo = knownProcess(`${at}.to`, c.to);
    time(`${at}.latencyMs`, c.latencyMs, 'latency');
    const jitterMs = c.jitterMs ?? 0;
    time(`${at}.jitterMs`, jitterMs, 'jitter');
    if (c.id !== undefined && !isName(c.id)) bad(`${at}.id`, 'must be a non-empty string such as "C12"');
    if (!okFrom || !okTo) return;
    const from = String(c.from);
    const to = String(c.to);
    const id = isName(c.id) ? c.id : `${c.from}->${c.to}`;
    const twin = channels.findIndex((d) => d.from === c.from && d.to === c.to);
    if (twin >= 0) return bad(at, `duplicate channel ${c.from} -> ${c.to} (also channels[${twin}]); a pair of processes has at most one channel per direction: remove one`);
    if (channels.some((d) => d.id === id)) return bad(`${at}.id`, `duplicate channel id "${id}"; give each channel its own id`);
    channels.push({ id, from, to, latencyMs: isInt(c.latencyMs) ? c.latencyMs : 0, jitterMs: isInt(jitterMs) ? jitterMs : 0 });
  });

  const events: ResolvedProcessScenario['events'] = [];
  list('events').forEach((e, i) => {
    const at = `events[${i}]`;
    if (!isObj(e)) return bad(at, 'must be an object { at, process, label, send? }');
    time(`${at}.at`, e.at, 'time');
    const okProcess = knownProcess(`${at}.process`, e.process);
    if (!isName(e.label)) bad(`${at}.label`, 'must be a non-empty string such as "A"');
    let send: ResolvedProcessScenario['events'][number]['send'] = null;
    if (e.send !== undefined && e.send !== null) {
      const s = e.send;
      if (!isObj(s)) return bad(`${at}.send`, 'must be an object { to, tokens? }');
      const tokens = s.tokens ?? 1;
      if (!isInt(tokens) || tokens < 0) bad(`${at}.send.tokens`, `must be a non-negative integer, got ${JSON.stringify(tokens)}`);
      if (s.latencyMs !== undefined && s.latencyMs !== null) time(`${at}.send.latencyMs`, s.latencyMs, 'latency');
      const receiveLabel = s.receiveLabel ?? e.receiveLabel ?? null;
      if (receiveLabel !== null && !isName(receiveLabel)) bad(`${at}.send.receiveLabel`, 'must be a non-empty string such as "D"');
      if (knownProcess(`${at}.send.to`, s.to) && okProcess && !channels.some((c) => c.from === e.process && c.to === s.to)) {
        const outs = channels.filter((c) => c.from === e.process).map((c) => c.to);
        bad(`${at}.send.to`, `no channel ${e.process} -> ${s.to}; add { "from": "${e.process}", "to": "${s.to}" } to channels, or send to ${outs.length ? `one of: ${outs.join(', ')}` : `nothing (${e.process} has no outgoing channel)`}`);
      }
      send = { to: String(s.to), tokens: isInt(tokens) ? tokens : 1, latencyMs: isInt(s.latencyMs) ? s.latencyMs : null, receiveLabel: isName(receiveLabel) ? receiveLabel : null };
    } else if (e.receiveLabel !== undefined && e.receiveLabel !== null) {
      bad(`${at}.receiveLabel`, 'only a send event has a receive; add "send": { "to": … } or remove receiveLabel');
    }
    events.push({ at: isInt(e.at) ? e.at : 0, process: String(e.process), label: String(e.label), send });
  });

  const snapshots: SnapshotSpec[] = [];
  const snaps = list('snapshots');
  if (Array.isArray(input.snapshots) && snaps.length === 0) bad('snapshots', 'must name at least one initiator, e.g. [{ "at": 200, "initiator": "P1" }]');
  snaps.forEach((s, i) => {
    if (!isObj(s)) return bad(`snapshots[${i}]`, 'must be an object { at, initiator }');
    time(`snapshots[${i}].at`, s.at, 'time');
    if (knownProcess(`snapshots[${i}].initiator`, s.initiator) && isInt(s.at)) snapshots.push({ at: s.at, initiator: s.initiator });
  });

  if (snapshots.length > 0 && issues.length === 0) {
    const lost = unreachable(ids, channels, snapshots.map((s) => s.initiator));
    if (lost.length > 0) {
      bad('snapshots', `process${lost.length > 1 ? 'es' : ''} ${lost.join(', ')} cannot be reached along channels from any initiator ` +
        `(${[...new Set(snapshots.map((s) => s.initiator))].join(', ')}): no marker would ever reach ${lost.length > 1 ? 'them' : 'it'}, ` +
        'so the snapshot would never terminate (§3.3). Add channels that reach it, or make it an initiator');
    }
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return { name, seed: seed as number, fifo: fifo as boolean, maxEvents: maxEvents as number, processes, channels, events, snapshots };
}

/** Processes no initiator reaches along channels, in declaration order. */
function unreachable(ids: string[], channels: { from: string; to: string }[], initiators: string[]): string[] {
  const seen: Record<string, true> = {};
  const todo = [...initiators];
  for (const p of todo) seen[p] = true;
  while (todo.length > 0) {
    const p = todo.pop()!;
    for (const c of channels) {
      if (c.from === p && !seen[c.to]) {
        seen[c.to] = true;
        todo.push(c.to);
      }
    }
  }
  return ids.filter((id) => !seen[id]);
}
