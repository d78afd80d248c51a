/**
 * An xstate v5 machine's top-level states and transitions, read from its definition
 * (`machine.root.states`, each state node's `transitions` map and `always` list): the model that
 * `layoutMachine` draws.
 *
 * Only top-level states are kept. A transition declared on a nested state is drawn from its
 * top-level ancestor, and one that targets a nested state goes to that target's top-level ancestor;
 * transitions that stay inside one top-level state, and targetless ones (actions only), change
 * nothing at this level and are left out.
 */
import type { AnyStateMachine } from 'xstate';

/** One top-level state of a machine. */
export interface MachineState {
  /** The state's key (its value in the snapshot: `RUNNING`). */
  id: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  final: boolean;
  initial: boolean;
  /** Document order (0-based among the drawn states). */
  order: number;
  description?: string;
}

/** One transition of the definition, between top-level states. */
export interface MachineTransition {
  source: string;
  target: string;
  /** The event type (`SCHEDULE`), `xstate.after.…` for delayed and `''` for eventless transitions. */
  event: string;
  kind: 'event' | 'after' | 'always';
  /** What the view writes: the event, `after 100 ms`, `always`; with ` [guard]` when guarded. */
  label: string;
  guard?: string;
}

/** A machine as drawn: its top-level states and the transitions between them. */
export interface MachineModel {
  id: string;
  initial: string | null;
  states: MachineState[];
  transitions: MachineTransition[];
}

function guardName(g: unknown): string | undefined {
  if (g === undefined || g === null) return undefined;
  if (typeof g === 'string') return g;
  if (typeof g === 'function') return g.name || 'guard';
  if (typeof g === 'object' && 'type' in g && typeof (g as { type: unknown }).type === 'string') return (g as { type: string }).type;
  return 'guard';
}

function delayLabel(d: unknown): string {
  if (typeof d === 'number') return `after ${d} ms`;
  if (typeof d === 'string') return /^\d+$/.test(d) ? `after ${d} ms` : `after ${d}`;
  return 'after …';
}

interface NodeLike {
  key: string;
  type: MachineState['type'];
  path: string[];
  description?: string;
  states: Record<string, NodeLike>;
  transitions: Map<string, readonly TransitionLike[]>;
  always?: readonly TransitionLike[];
}
interface TransitionLike {
  target?: readonly { path: string[] }[] | undefined;
  guard?: unknown;
  eventType: string;
  delay?: unknown;
}

/** The top-level states and their transitions, from the machine's definition. */
export function readMachine(machine: AnyStateMachine): MachineModel {
  const root = machine.root as unknown as NodeLike;
  const keys = Object.keys(root.states);
  const initialTarget = (machine.root.initial?.target ?? [])[0] as { path: string[] } | undefined;
  const initial = initialTarget?.path[0] ?? null;
  const states: MachineState[] = keys.map((key, order) => {
    const n = root.states[key]!;
    return {
      id: key,
      type: n.type,
      final: n.type === 'final',
      initial: key === initial,
      order,
      ...(n.description ? { description: n.description } : {}),
    };
  });
  const transitions: MachineTransition[] = [];
  const visit = (top: string, n: NodeLike) => {
    const add = (t: TransitionLike, kind: MachineTransition['kind']) => {
      for (const target of t.target ?? []) {
        const to = target.path[0];
        if (to === undefined) continue;
        // Inside one top-level state (from or into a nested state): invisible at this level.
        if (to === top && (n.path.length > 1 || target.path.length > 1)) continue;
        const guard = guardName(t.guard);
        const base = kind === 'always' ? 'always' : kind === 'after' ? delayLabel(t.delay) : t.eventType;
        transitions.push({
          source: top,
          target: to,
          event: t.eventType,
          kind,
          label: guard ? `${base} [${guard}]` : base,
          ...(guard ? { guard } : {}),
        });
      }
    };
    for (const [event, list] of n.transitions) {
      const kind = event.startsWith('xstate.after.') ? 'after' : 'event';
      for (const t of list) add(t, kind);
    }
    for (const t of n.always ?? []) add(t, 'always');
    for (const child of Object.values(n.states)) visit(top, child);
  };
  for (const key of keys) visit(key, root.states[key]!);
  return { id: machine.id, initial, states, transitions };
}
