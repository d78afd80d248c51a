/**
 * Where the bus lines of a machine drawing run (see `machineBundles.ts` for which transitions share
 * one): around the states dagre placed, as orthogonal lines with a stub from each source. A bus that
 * cannot be routed without crossing a state is reported as failed, and drawn as curves instead.
 */
import type { Bus, Pair } from './machineBundles.ts';
import { MACHINE_LAYOUT, dedupe, hits, segRect, type Point, type Rect, type StateGeom } from './machineGeometry.ts';

/** One routed bus: the line the stubs join, where it enters the target, and one stub per source. */
export interface BusRoute {
  bus: Bus;
  /**
   * 'left': the line runs along the target's middle into its left side; 'above'/'below': it runs
   * in a lane above or below the states in the way, goes down (up) just left of the target's
   * column and enters its left side.
   */
  mode: 'left' | 'above' | 'below';
  /** y of the line the stubs join. */
  y: number;
  /** x where a lane turns towards the target (lanes only). */
  xd: number;
  /** Where the line enters the target (its left side). */
  entry: Point;
  stubs: { pair: Pair; exit: Point; corner: Point; side: 'top' | 'bottom' | 'right' }[];
}

/** The corners of a bus route from one stub into the target. */
export function busPolyline(r: BusRoute, st: BusRoute['stubs'][number]): Point[] {
  const pts = [st.exit, st.corner];
  if (r.mode !== 'left') pts.push({ x: r.xd, y: r.y }, { x: r.xd, y: r.entry.y });
  pts.push(r.entry);
  return dedupe(pts);
}

/**
 * Routes buses around the placed states. Per bus, in order of preference: along the target's middle
 * into its left side; else in a lane above (or below) every state in the way, down (up) just left
 * of the target's column, into its left side. Stubs leave a source from its top or bottom (spread
 * out so that they do not run on top of each other), or from its right side when the line passes
 * through it. A bus whose every route crosses a state (or runs along another bus) fails.
 */
export function routeBuses(buses: Bus[], geoms: StateGeom[]): { routes: BusRoute[]; failed: Bus[] } {
  const L = MACHINE_LAYOUT;
  const box = new Map(geoms.map((s) => [s.id, s]));
  const cy = (s: StateGeom) => s.y + Math.min(s.height, L.stateHeight) / 2;
  const cx = (s: StateGeom) => s.x + s.width / 2;
  const routes: BusRoute[] = [];
  const failed: Bus[] = [];
  const taken: { y: number; x0: number; x1: number }[] = [];
  const inflate = (s: StateGeom): Rect => ({ x: s.x - 2, y: s.y - 2, width: s.width + 4, height: s.height + 4 });
  const clear = (r: Rect, except: ReadonlySet<string>) => geoms.every((s) => except.has(s.id) || !hits(r, inflate(s)));
  const free = (y: number, x0: number, x1: number) => taken.every((t) => Math.abs(t.y - y) >= L.laneGap - 0.5 || t.x1 < x0 || x1 < t.x0);
  /** Left edge of the column of states the target is in. */
  const colLeft = (t: StateGeom) => Math.min(...geoms.filter((s) => s.x < t.x + t.width && t.x < s.x + s.width).map((s) => s.x));

  // Where lines enter a target's left side: buses with higher sources higher.
  const into = new Map<string, Bus[]>();
  for (const b of buses) (into.get(b.target) ?? into.set(b.target, []).get(b.target)!).push(b);
  const meanY = (b: Bus) => b.members.reduce((s, m) => s + cy(box.get(m.source)!), 0) / b.members.length;
  const entryOffset = new Map<Bus, number>();
  for (const list of into.values()) {
    list.sort((a, b) => meanY(a) - meanY(b));
    list.forEach((b, j) => entryOffset.set(b, (j - (list.length - 1) / 2) * L.busGap));
  }
  const lanesInto = new Map<string, number>();
  // Wide buses first: they are the hardest to route.
  const order = [...buses].sort((a, b) => b.members.length - a.members.length);

  const stubsAt = (bus: Bus, y: number): BusRoute['stubs'] =>
    bus.members.map((pair) => {
      const s = box.get(pair.source)!;
      if (s.y - 2 > y) return { pair, exit: { x: cx(s), y: s.y }, corner: { x: cx(s), y }, side: 'top' as const };
      if (s.y + s.height + 2 < y) return { pair, exit: { x: cx(s), y: s.y + s.height }, corner: { x: cx(s), y }, side: 'bottom' as const };
      return { pair, exit: { x: s.x + s.width, y }, corner: { x: s.x + s.width, y }, side: 'right' as const };
    });

  const valid = (r: BusRoute): boolean => {
    const t = box.get(r.bus.target)!;
    const xTurn = r.mode === 'left' ? r.entry.x : r.xd;
    if (r.stubs.some((st) => st.corner.x > xTurn - 10)) return false;
    const xMin = Math.min(...r.stubs.map((st) => st.corner.x));
    if (!free(r.y, xMin, xTurn)) return false;
    // The line passes no state but the target it enters and the leftmost source it leaves to the right.
    const leftmost = r.stubs.find((st) => st.side === 'right' && st.corner.x <= xMin + 0.5)?.pair.source;
    const except = new Set([t.id, ...(leftmost ? [leftmost] : [])]);
    if (!clear(segRect({ x: xMin + 0.5, y: r.y }, { x: xTurn - 0.5, y: r.y }, 1), except)) return false;
    if (r.mode !== 'left') {
      if (!clear(segRect({ x: r.xd, y: r.y }, { x: r.xd, y: r.entry.y }, 1), new Set())) return false;
      if (!clear(segRect({ x: r.xd, y: r.entry.y }, { x: r.entry.x - 0.5, y: r.entry.y }, 1), new Set([t.id]))) return false;
    }
    return r.stubs.every((st) => st.side === 'right' || clear(segRect(st.exit, st.corner, 1), new Set([st.pair.source])));
  };

  for (const bus of order) {
    const t = box.get(bus.target)!;
    const entryY = cy(t) + (entryOffset.get(bus) ?? 0);
    const entry = { x: t.x, y: entryY };
    let done: BusRoute | null = null;
    const left: BusRoute = { bus, mode: 'left', y: entryY, xd: t.x, entry, stubs: stubsAt(bus, entryY) };
    if (valid(left)) done = left;
    for (const mode of ['above', 'below'] as const) {
      if (done) break;
      const xd = colLeft(t) - 7 - (lanesInto.get(t.id) ?? 0) * L.busGap;
      const xMin = Math.min(...bus.members.map((m) => cx(box.get(m.source)!)));
      const inRange = geoms.filter((s) => s.x + s.width >= xMin - 1 && s.x <= xd + 1);
      if (inRange.length === 0) continue;
      let y = mode === 'above' ? Math.min(...inRange.map((s) => s.y)) - L.busGap - 4 : Math.max(...inRange.map((s) => s.y + s.height)) + L.busGap + 4;
      while (!free(y, xMin, xd)) y += mode === 'above' ? -L.laneGap : L.laneGap;
      const r: BusRoute = { bus, mode, y, xd, entry, stubs: stubsAt(bus, y) };
      if (valid(r)) done = r;
    }
    if (!done) {
      failed.push(bus);
      continue;
    }
    if (done.mode !== 'left') lanesInto.set(t.id, (lanesInto.get(t.id) ?? 0) + 1);
    routes.push(done);
    taken.push({ y: done.y, x0: Math.min(...done.stubs.map((s) => s.corner.x)), x1: done.mode === 'left' ? done.entry.x : done.xd });
  }

  // Lanes into one target: the outermost lane turns rightmost, so that lanes do not cross.
  for (const id of lanesInto.keys()) {
    for (const mode of ['above', 'below'] as const) {
      const list = routes.filter((r) => r.bus.target === id && r.mode === mode);
      const slots = list.map((r) => r.xd).sort((a, b) => b - a);
      const outerFirst = [...list].sort((a, b) => (mode === 'above' ? a.y - b.y : b.y - a.y));
      const before = list.map((r) => r.xd);
      outerFirst.forEach((r, j) => (r.xd = slots[j]!));
      if (!list.every(valid)) list.forEach((r, j) => (r.xd = before[j]!));
    }
  }

  // Spread the stubs leaving one side of a source: the one going farthest leftmost, so that lines
  // do not cross near the source.
  const bySide = new Map<string, { r: BusRoute; st: BusRoute['stubs'][number] }[]>();
  for (const r of routes) {
    for (const st of r.stubs) {
      if (st.side === 'right') continue;
      const k = `${st.pair.source}|${st.side}`;
      (bySide.get(k) ?? bySide.set(k, []).get(k)!).push({ r, st });
    }
  }
  for (const list of bySide.values()) {
    const s = box.get(list[0]!.st.pair.source)!;
    const up = list[0]!.st.side === 'top';
    list.sort((a, b) => (up ? a.r.y - b.r.y : b.r.y - a.r.y));
    const n = list.length;
    const gap = Math.min(L.busGap + 1, (s.width - 16) / Math.max(1, n - 1));
    list.forEach(({ st }, i) => {
      const x = cx(s) + (i - (n - 1) / 2) * gap;
      st.exit = { x, y: st.exit.y };
      st.corner = { x, y: st.corner.y };
    });
  }
  return { routes, failed };
}
