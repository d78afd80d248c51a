/**
 * Lays a machine model out left to right with dagre (rankdir LR): the states, one edge per pair of
 * states, the buses and every label, and the bounds of the drawing. `machineLayout` is the cached
 * entry the views use: `layoutMachine(readMachine(machine), options)`, once per machine and options.
 */
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import type { AnyStateMachine } from 'xstate';
import { busCandidates, busTexts, isBundle, settleBuses, statePairs, type Bus, type Pair } from './machineBundles.ts';
import { routeBuses, type BusRoute } from './machineBusRoutes.ts';
import {
  MACHINE_LAYOUT,
  machineEdgePath,
  polyLength,
  roundedPath,
  type EdgeGeom,
  type MachineLayout,
  type MachineLayoutOptions,
  type Point,
  type Rect,
  type StateGeom,
} from './machineGeometry.ts';
import { placeLabels, type Curve } from './machineLabels.ts';
import { readMachine, type MachineModel, type MachineState } from './machineModel.ts';
import { capsWidth, packLabels } from './machineText.ts';

const cache = new WeakMap<AnyStateMachine, Map<string, MachineLayout>>();

/** `layoutMachine(readMachine(machine), options)`, computed once per machine and options. */
export function machineLayout(machine: AnyStateMachine, options: MachineLayoutOptions = {}): MachineLayout {
  const key = JSON.stringify([options.omit ?? [], options.faded ?? [], options.notes ?? {}, options.footnote ?? '']);
  let m = cache.get(machine);
  if (!m) cache.set(machine, (m = new Map()));
  let l = m.get(key);
  if (!l) m.set(key, (l = layoutMachine(readMachine(machine), options)));
  return l;
}

/**
 * Places the states left to right (dagre, rankdir LR).
 *
 * Less clutter, same transitions: when one event leads into the same state from several states
 * (FAIL → FAILED from five; ≥ 2 sources into a final state, else ≥ 3), the transitions are drawn
 * as a bus, labelled once, instead of as separate labelled curves. A bus that would cross a state
 * falls back to separate curves (one labelled, the others light and unlabelled). Every other pair of
 * states gets one dagre-routed edge listing all its events; labels are placed greedily where they
 * overlap no state, bus line or other label.
 */
export function layoutMachine(model: MachineModel, options: MachineLayoutOptions = {}): MachineLayout {
  const L = MACHINE_LAYOUT;
  const omit = new Set(options.omit ?? []);
  const fadedSet = new Set(options.faded ?? []);
  const states = model.states.filter((s) => !omit.has(s.id));
  const shown = new Set(states.map((s) => s.id));
  const finals = new Set(states.filter((s) => s.final).map((s) => s.id));

  const pairs = statePairs(model.transitions, shown, fadedSet);
  const candidates = busCandidates(pairs);
  /** Bundles whose transitions have a separate curve (the bus failed): one representative labels them. */
  const fallback: Bus[] = [];
  let active = settleBuses([...candidates.values()].filter((b) => isBundle(b, finals)));

  // Place the states; when a bus cannot be routed, draw its transitions as curves and place again.
  let g!: Graph;
  let geoms: StateGeom[] = [];
  let routes: BusRoute[] = [];
  for (let pass = 0; pass <= candidates.size; pass++) {
    ({ g, geoms } = placeStates(states, pairs, active, finals, fadedSet, options));
    const result = routeBuses(active, geoms);
    routes = result.routes;
    if (result.failed.length === 0) break;
    for (const b of result.failed) fallback.push(b);
    active = settleBuses(active.filter((b) => !result.failed.includes(b)));
  }
  const box = new Map(geoms.map((s) => [s.id, s]));
  const onBus = busTexts(routes.map((r) => r.bus));

  // Curves (dagre) for every pair with an event on no bus.
  const curves: Curve[] = [];
  for (const p of pairs.values()) {
    const idx = p.labels.map((l, i) => i).filter((i) => !onBus.get(p.key)?.has(p.labels[i]!));
    if (idx.length === 0) continue;
    const d = g.edge(p.source, p.target, p.key) as { points?: Point[] } | undefined;
    const points = (d?.points ?? []).map((q) => ({ x: q.x, y: q.y }));
    curves.push({ pair: p, events: idx.map((i) => p.events[i]!), labels: idx.map((i) => p.labels[i]!), points, length: polyLength(points) });
  }
  // Fallback bundles: the shortest curve carries the label; the other curves whose labels are all
  // in such bundles are drawn light and unlabelled.
  const fbRep = new Set<string>();
  const fbText = new Map<string, Set<string>>();
  for (const b of fallback) {
    const members = curves.filter((c) => c.pair.target === b.target && c.labels.includes(b.text));
    if (members.length < 2) continue;
    fbRep.add(members.reduce((x, y) => (y.length < x.length ? y : x)).pair.key);
    for (const c of members) (fbText.get(c.pair.key) ?? fbText.set(c.pair.key, new Set()).get(c.pair.key)!).add(b.text);
  }
  const curveLabelled = (c: Curve) => fbRep.has(c.pair.key) || c.labels.some((l) => !fbText.get(c.pair.key)?.has(l));

  const { buses, busPoints, curveLabel } = placeLabels(geoms, routes, curves, curveLabelled, finals);

  const edges: EdgeGeom[] = [];
  for (const c of curves) {
    const lp = curveLabel.get(c.pair.key)!;
    const labelled = curveLabelled(c);
    edges.push({
      key: c.pair.key,
      source: c.pair.source,
      target: c.pair.target,
      events: c.events,
      labels: c.labels,
      lines: packLabels(c.labels),
      route: 'dagre',
      bus: null,
      faded: c.pair.faded,
      bundled: !c.pair.faded && !labelled,
      labelled,
      points: c.points,
      path: machineEdgePath(c.points),
      label: lp.at,
      labelWidth: lp.width,
      labelHeight: lp.height,
    });
  }
  for (const r of routes) {
    const bg = buses.find((b) => b.key === r.bus.key)!;
    for (const s of r.stubs) {
      const points = busPoints.get(`${s.pair.key}@${r.bus.key}`)!;
      edges.push({
        key: `${s.pair.key}@${r.bus.key}`,
        source: s.pair.source,
        target: s.pair.target,
        events: [r.bus.event],
        labels: [r.bus.text],
        lines: [r.bus.text],
        route: 'bus',
        bus: r.bus.key,
        faded: false,
        bundled: false,
        labelled: false,
        points,
        path: roundedPath(points),
        label: bg.label,
        labelWidth: bg.labelWidth,
        labelHeight: bg.labelHeight,
      });
    }
  }

  // The initial pseudo-state: a dot left of the initial state.
  let start: MachineLayout['start'] = null;
  const init = model.initial !== null ? box.get(model.initial) : undefined;
  if (init) {
    const y = init.y + Math.min(init.height, L.stateHeight) / 2;
    const dot = { x: init.x - L.startGap - L.startRadius, y };
    start = { dot, path: `M${dot.x + L.startRadius},${y}L${init.x},${y}` };
  }

  // Bounds of everything drawn, with the margin.
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const grow = (r: Rect) => {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  };
  for (const s of geoms) grow({ x: s.x - 4, y: s.y - 4, width: s.width + 8, height: s.height + 8 });
  for (const e of edges) {
    for (const p of e.points) grow({ x: p.x - 3, y: p.y - 3, width: 6, height: 6 });
    if (e.labelWidth > 0) grow({ x: e.label.x - e.labelWidth / 2, y: e.label.y - e.labelHeight / 2, width: e.labelWidth, height: e.labelHeight });
  }
  if (start) grow({ x: start.dot.x - L.startRadius, y: start.dot.y - L.startRadius, width: 2 * L.startRadius, height: 2 * L.startRadius });
  let footnote: MachineLayout['footnote'] = null;
  if (options.footnote && Number.isFinite(x0)) {
    footnote = { x: x0, y: y1 + L.footnoteSize + 4, text: options.footnote };
    grow({ x: x0, y: y1, width: capsWidth(options.footnote, L.footnoteSize), height: L.footnoteSize + 7 });
  }
  if (!Number.isFinite(x0)) return { x: 0, y: 0, width: 0, height: 0, states: geoms, edges, buses, start, footnote };
  return {
    x: Math.floor(x0 - L.margin),
    y: Math.floor(y0 - L.margin),
    width: Math.ceil(x1 - x0 + 2 * L.margin),
    height: Math.ceil(y1 - y0 + 2 * L.margin),
    states: geoms,
    edges,
    buses,
    start,
    footnote,
  };
}

/**
 * One dagre pass: every shown state, and an edge per pair with an event on no bus (`active`); a bus
 * target without such an edge gets its last-declared source's edge (for ranking only, not drawn).
 */
function placeStates(
  states: MachineState[],
  pairs: Map<string, Pair>,
  active: Bus[],
  finals: ReadonlySet<string>,
  fadedSet: ReadonlySet<string>,
  options: MachineLayoutOptions,
): { g: Graph; geoms: StateGeom[] } {
  const L = MACHINE_LAYOUT;
  const orderOf = new Map(states.map((s, i) => [s.id, i]));
  const onBus = busTexts(active);
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', ranksep: L.ranksep, nodesep: L.nodesep, edgesep: L.edgesep, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of states) {
    const note = options.notes?.[s.id] ?? null;
    const width = Math.max(L.minStateWidth, capsWidth(s.id, L.nameSize, true) + 2 * L.padX, note ? capsWidth(note, L.noteSize) + 2 * L.padX : 0);
    g.setNode(s.id, { width, height: L.stateHeight + (note ? L.noteHeight : 0) });
  }
  const hasIn = new Set<string>();
  for (const p of pairs.values()) {
    if (p.labels.every((l) => onBus.get(p.key)?.has(l))) continue;
    // Edges between two non-final states carry the lifecycle: weigh them to keep them straight.
    const main = !finals.has(p.target) && !p.faded;
    g.setEdge(p.source, p.target, { weight: main ? 8 : 1, minlen: 1 }, p.key);
    hasIn.add(p.target);
  }
  // A bus target needs an edge for dagre to rank it: its last-declared source's (not drawn).
  for (const b of active) {
    if (hasIn.has(b.target)) continue;
    const m = b.members.reduce((x, y) => ((orderOf.get(y.source) ?? 0) > (orderOf.get(x.source) ?? 0) ? y : x));
    g.setEdge(m.source, b.target, { weight: 1, minlen: 1 }, `${m.key}#layout`);
    hasIn.add(b.target);
  }
  dagreLayout(g);
  const geoms: StateGeom[] = states.map((s) => {
    const d = g.node(s.id) as { x: number; y: number; width: number; height: number };
    return { id: s.id, final: s.final, initial: s.initial, faded: fadedSet.has(s.id), note: options.notes?.[s.id] ?? null, x: d.x - d.width / 2, y: d.y - d.height / 2, width: d.width, height: d.height };
  });
  return { g, geoms };
}

/** The edges drawn for the transition `from → to` (a curve, or stubs on buses). */
export function edgesFor(layout: MachineLayout, from: string, to: string): EdgeGeom[] {
  return layout.edges.filter((e) => e.source === from && e.target === to);
}
