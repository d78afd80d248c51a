/**
 * Which transitions of a machine drawing share a bus. Transitions between the same two states form
 * one pair (one edge listing every event); one event into the same state from several states (FAIL
 * → FAILED from five) is a bus candidate, drawn once as a bus instead of as separate labelled
 * curves. Where the bus lines run is `machineBusRoutes.ts`.
 */
import type { MachineTransition } from './machineModel.ts';

/** The transitions from one state to another: one edge, listing their events in declaration order. */
export interface Pair {
  /** `source→target`. */
  key: string;
  source: string;
  target: string;
  events: string[];
  labels: string[];
  /** From or to a faded state. */
  faded: boolean;
}

/** One label (event) into one target from several pairs' sources: drawn as one bus. */
export interface Bus {
  /** `label→target`. */
  key: string;
  target: string;
  event: string;
  text: string;
  /** Pairs, in declaration order of their sources. */
  members: Pair[];
}

/** One pair per (source, target) between shown states, labels in declaration order (no duplicates). */
export function statePairs(transitions: readonly MachineTransition[], shown: ReadonlySet<string>, faded: ReadonlySet<string>): Map<string, Pair> {
  const pairs = new Map<string, Pair>();
  for (const t of transitions) {
    if (!shown.has(t.source) || !shown.has(t.target)) continue;
    const k = `${t.source}→${t.target}`;
    let p = pairs.get(k);
    if (!p) pairs.set(k, (p = { key: k, source: t.source, target: t.target, events: [], labels: [], faded: faded.has(t.source) || faded.has(t.target) }));
    if (!p.labels.includes(t.label)) {
      p.events.push(t.event);
      p.labels.push(t.label);
    }
  }
  return pairs;
}

/** Bus candidates: one per (label, target), with every pair carrying it; no faded pairs, no self-loops. */
export function busCandidates(pairs: Map<string, Pair>): Map<string, Bus> {
  const candidates = new Map<string, Bus>();
  for (const p of pairs.values()) {
    if (p.faded || p.source === p.target) continue;
    p.labels.forEach((text, i) => {
      const k = `${text}→${p.target}`;
      let b = candidates.get(k);
      if (!b) candidates.set(k, (b = { key: k, target: p.target, event: p.events[i]!, text, members: [] }));
      b.members.push(p);
    });
  }
  return candidates;
}

/** Enough sources for a bus: ≥ 2 into a final state, else ≥ 3. */
export function isBundle(b: Bus, finals: ReadonlySet<string>): boolean {
  return b.members.length >= (finals.has(b.target) ? 2 : 3);
}

/** Per pair key, the labels it has on the given buses. */
export function busTexts(buses: readonly Bus[]): Map<string, Set<string>> {
  const onBus = new Map<string, Set<string>>();
  for (const b of buses) for (const m of b.members) (onBus.get(m.key) ?? onBus.set(m.key, new Set()).get(m.key)!).add(b.text);
  return onBus;
}

/**
 * A pair with events on no bus keeps its curve and lists all its events there (no bus stub next to
 * it): drops such pairs from the buses (in place), then buses left with fewer than two members.
 */
export function settleBuses(buses: Bus[]): Bus[] {
  let active = buses;
  let changed = true;
  while (changed) {
    changed = false;
    const onBus = busTexts(active);
    for (const b of active) {
      const keep = b.members.filter((m) => m.labels.every((l) => onBus.get(m.key)?.has(l)));
      if (keep.length !== b.members.length) {
        b.members = keep;
        changed = true;
      }
    }
    const before = active.length;
    active = active.filter((b) => b.members.length >= 2);
    if (active.length !== before) changed = true;
  }
  return active;
}
