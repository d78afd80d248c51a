/**
 * Layout of the Cluster view, as plain numbers (no DOM): the Client, the JobManager with its
 * Dispatcher, JobMaster and ResourceManager, the YARN ResourceManager (yarn mode) and a grid of
 * TaskManager boxes with their slot cells. Positions depend only on counts (TaskManagers, slots,
 * task rows per slot), so boxes stay put while a run plays. Two arrangements: "wide" (control
 * plane in a left column, TaskManagers to the right) and "tall" (control plane on top,
 * TaskManagers below); `layoutCluster` takes the one, and the grid columns, that fit the viewport best.
 */
import type { Endpoint, RpcInFlight } from '../../sim/cluster/ClusterRuntime.ts';
import type { JobPlan } from '../../sim/graph/types.ts';
import type { World } from '../../sim/world.ts';
import type { ExecutionState } from '../../sim/runtime/ExecutionState.ts';
import { textWidth } from '../graph/geometry.ts';

export interface Box { x: number; y: number; width: number; height: number }
type Point = { x: number; y: number };
type Viewport = { width: number; height: number };

/** What the layout depends on. */
export interface ClusterShape {
  yarn: boolean;
  /** Number of slots of each TaskManager, in `world.cluster.taskManagers` order. */
  slots: number[];
  /** Task rows drawn in a slot cell (the most subtasks one slot can hold, capped). */
  taskRows: number;
}

/** A slot cell, with one row per deployed subtask, top to bottom. */
export interface SlotGeom extends Box { index: number; rows: Box[] }
/** A TaskManager box; `index` in `world.cluster.taskManagers`. */
export interface TaskManagerGeom extends Box { index: number; slots: SlotGeom[] }

export interface ClusterLayout {
  width: number;
  height: number;
  orientation: 'wide' | 'tall';
  /** TaskManager grid columns. */
  columns: number;
  client: Box;
  jobManager: Box;
  dispatcher: Box;
  jobMaster: Box;
  resourceManager: Box;
  yarn: Box | null;
  /** Caption above the TaskManager grid. */
  workers: Box;
  taskManagers: TaskManagerGeom[];
}

export const SIZES = {
  pad: 12,
  column: 260, // the control-plane column (Client, JobManager, YARN)
  client: 34,
  lane: 30, // between boxes that RPCs travel across
  wideLane: 64, // between the control plane and the TaskManagers (wide)
  jmHead: 26,
  inner: 8,
  partGap: 18, // between the JobManager's components: room for RPC labels
  dispatcher: 42,
  jobMaster: 76,
  rmHead: 44,
  rmRow: 17,
  rmLegend: 22,
  yarn: 44,
  tallClient: 120, // tall + yarn: the Client's width …
  tallYarnWidth: 370, // … and the least width for Client and YARN side by side
  workersCaption: 20,
  tmHead: 36,
  tmPad: 8,
  slotWidth: 150,
  slotHead: 32,
  taskRow: 20,
  slotGap: 6,
  tmGap: 12,
  maxTaskRows: 5,
  maxScale: 1.25, // largest drawing scale
  minScale: 0.6, // below it the view scrolls vertically instead of shrinking
} as const;

/** The layout inputs from a world: slots per TaskManager and the most subtasks that share one slot. */
export function clusterShape(plan: JobPlan, world: World, yarn: boolean): ClusterShape {
  // A slot holds at most one subtask per job vertex (one execution slot sharing group per slot).
  const perSlot = Math.max(1, plan.jobGraph.vertices.length, ...world.cluster.taskManagers.flatMap((tm) => tm.slots.map((s) => s.tasks.length)));
  return { yarn, slots: world.cluster.taskManagers.map((tm) => tm.slots.length), taskRows: Math.min(SIZES.maxTaskRows, perSlot) };
}

/** Slot-cell columns of a TaskManager box: side by side up to two, then a second row. */
const slotColumns = (slots: number) => Math.max(1, Math.min(2, slots));
const slotHeight = (rows: number) => SIZES.slotHead + rows * SIZES.taskRow + 6;

/** Size of one TaskManager box. */
export function taskManagerSize(slots: number, taskRows: number): { width: number; height: number } {
  const cols = slotColumns(slots);
  const rows = Math.max(1, Math.ceil(slots / cols));
  return {
    width: 2 * SIZES.tmPad + cols * SIZES.slotWidth + (cols - 1) * SIZES.slotGap,
    height: SIZES.tmHead + rows * slotHeight(taskRows) + (rows - 1) * SIZES.slotGap + SIZES.tmPad,
  };
}

function placeTaskManager(index: number, x: number, y: number, slots: number, taskRows: number): TaskManagerGeom {
  const size = taskManagerSize(slots, taskRows);
  const cols = slotColumns(slots);
  const h = slotHeight(taskRows);
  const cells: SlotGeom[] = [];
  for (let s = 0; s < slots; s++) {
    const sx = x + SIZES.tmPad + (s % cols) * (SIZES.slotWidth + SIZES.slotGap);
    const sy = y + SIZES.tmHead + Math.floor(s / cols) * (h + SIZES.slotGap);
    const rows = Array.from({ length: taskRows }, (_, r) => ({ x: sx + 4, y: sy + SIZES.slotHead + r * SIZES.taskRow, width: SIZES.slotWidth - 8, height: SIZES.taskRow - 2 }));
    cells.push({ index: s, x: sx, y: sy, width: SIZES.slotWidth, height: h, rows });
  }
  return { index, x, y, ...size, slots: cells };
}

/** The JobManager box and its three components, top-left at (x, y); the SlotManager has a row per TaskManager. */
function controlPlane(x: number, y: number, width: number, rmRows: number) {
  const S = SIZES;
  const inner = width - 2 * S.inner;
  const dispatcher = { x: x + S.inner, y: y + S.jmHead, width: inner, height: S.dispatcher };
  const jobMaster = { x: x + S.inner, y: dispatcher.y + S.dispatcher + S.partGap, width: inner, height: S.jobMaster };
  const resourceManager = { x: x + S.inner, y: jobMaster.y + S.jobMaster + S.partGap, width: inner, height: S.rmHead + rmRows * S.rmRow + S.rmLegend };
  const jobManager = { x, y, width, height: resourceManager.y + resourceManager.height + S.inner - y };
  return { jobManager, dispatcher, jobMaster, resourceManager };
}

/** The layout in one arrangement with `columns` TaskManager columns. */
export function arrange(shape: ClusterShape, orientation: 'wide' | 'tall', columns: number): ClusterLayout {
  const S = SIZES;
  const n = shape.slots.length;
  const sizes = [1, ...shape.slots].map((s) => taskManagerSize(s, shape.taskRows));
  const cell = { width: Math.max(...sizes.map((z) => z.width)), height: Math.max(...sizes.map((z) => z.height)) };
  const cols = Math.max(1, Math.min(columns, Math.max(1, n)));
  const rows = Math.ceil(n / cols);
  const gridWidth = cols * cell.width + (cols - 1) * S.tmGap;
  const gridHeight = S.workersCaption + rows * cell.height + Math.max(0, rows - 1) * S.tmGap;

  let client: Box, cp: ReturnType<typeof controlPlane>, gx: number, gy: number, width: number, height: number;
  let yarn: Box | null = null;
  if (orientation === 'wide') {
    client = { x: S.pad, y: S.pad, width: S.column, height: S.client };
    cp = controlPlane(S.pad, client.y + S.client + S.lane, S.column, Math.max(1, n));
    let bottom = cp.jobManager.y + cp.jobManager.height;
    if (shape.yarn) {
      yarn = { x: S.pad, y: bottom + S.lane, width: S.column, height: S.yarn };
      bottom = yarn.y + S.yarn;
    }
    gx = S.pad + S.column + S.wideLane;
    gy = S.pad;
    width = gx + gridWidth + S.pad;
    height = Math.max(bottom, gy + gridHeight) + S.pad;
  } else {
    const w = Math.max(S.column, gridWidth, shape.yarn ? S.tallYarnWidth : 0);
    // Client and YARN share the top row (YARN on the right edge); the JobManager spans the width.
    const clientWidth = shape.yarn ? S.tallClient : Math.min(w, S.column);
    client = { x: S.pad, y: S.pad, width: clientWidth, height: S.yarn };
    if (shape.yarn) yarn = { x: S.pad + clientWidth + S.lane, y: S.pad, width: w - clientWidth - S.lane, height: S.yarn };
    cp = controlPlane(S.pad, client.y + S.yarn + S.lane, w, Math.max(1, n));
    gx = S.pad;
    gy = cp.jobManager.y + cp.jobManager.height + S.lane;
    width = w + 2 * S.pad;
    height = gy + gridHeight + S.pad;
  }
  const taskManagers = shape.slots.map((slots, i) =>
    placeTaskManager(i, gx + (i % cols) * (cell.width + S.tmGap), gy + S.workersCaption + Math.floor(i / cols) * (cell.height + S.tmGap), slots, shape.taskRows),
  );
  const workers = { x: gx, y: gy, width: Math.max(gridWidth, 160), height: S.workersCaption };
  return { width, height, orientation, columns: cols, client, ...cp, yarn, workers, taskManagers };
}

/** Uniform scale of a drawing in a viewport: fits both sides (capped); a height of 0 or Infinity means "fit the width". */
export function fitScale(width: number, height: number, viewport: Viewport): number {
  const byWidth = viewport.width > 0 ? viewport.width / width : 1;
  const byHeight = viewport.height > 0 && Number.isFinite(viewport.height) ? viewport.height / height : Infinity;
  return Math.min(SIZES.maxScale, byWidth, byHeight);
}

/**
 * The arrangement and TaskManager columns that show the drawing largest in the viewport (ties: the
 * wide arrangement, which the tall one must beat by 5 %; then fewer columns). Chosen as if there
 * were at least one TaskManager, so that the first one (YARN) does not flip the arrangement.
 * Without a viewport: as for 16:9.
 */
export function layoutCluster(shape: ClusterShape, viewport: Viewport = { width: 960, height: 540 }): ClusterLayout {
  const probe = shape.slots.length ? shape : { ...shape, slots: [1] };
  let best = { orientation: 'wide' as 'wide' | 'tall', columns: 1 };
  let bestScore = -1;
  for (const orientation of ['wide', 'tall'] as const) {
    for (let c = 1; c <= probe.slots.length; c++) {
      const l = arrange(probe, orientation, c);
      const score = fitScale(l.width, l.height, viewport) * (orientation === 'tall' ? 0.95 : 1);
      if (score > bestScore + 1e-6) {
        best = { orientation, columns: c };
        bestScore = score;
      }
    }
  }
  return arrange(shape, best.orientation, best.columns);
}

/**
 * The drawing scale: fits the viewport, but not below `minScale` for the height (the view scrolls
 * vertically instead); the width always fits.
 */
export function drawingScale(layout: ClusterLayout, viewport: Viewport): number {
  const fit = fitScale(layout.width, layout.height, viewport);
  const byWidth = viewport.width > 0 ? viewport.width / layout.width : 1;
  return Math.min(byWidth, SIZES.maxScale, Math.max(fit, SIZES.minScale));
}

/** Where along its line an RPC is: (time − sentAt) / (arrivesAt − sentAt), clamped to [0, 1]. */
export function rpcPosition(rpc: Pick<RpcInFlight, 'sentAt' | 'arrivesAt'>, time: number): number {
  const span = rpc.arrivesAt - rpc.sentAt;
  if (!(span > 0)) return time >= rpc.arrivesAt ? 1 : 0;
  const f = (time - rpc.sentAt) / span;
  return Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : 0;
}

/** The box an endpoint is drawn as, or null (a TaskManager not in the world). */
export function endpointBox(layout: ClusterLayout, world: World, e: Endpoint): Box | null {
  switch (e) {
    case 'client': return layout.client;
    case 'dispatcher': return layout.dispatcher;
    case 'jobmaster': return layout.jobMaster;
    case 'resourcemanager': return layout.resourceManager;
    case 'yarn': return layout.yarn;
    default: {
      const i = world.cluster.taskManagers.findIndex((tm) => tm.id === e);
      return layout.taskManagers[i] ?? null;
    }
  }
}

/** Where the line from a box's centre towards `p` leaves the box. */
export function exitPoint(b: Box, p: Point): Point {
  const cx = b.x + b.width / 2;
  const cy = b.y + b.height / 2;
  const dx = p.x - cx;
  const dy = p.y - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const k = Math.min(dx !== 0 ? b.width / 2 / Math.abs(dx) : Infinity, dy !== 0 ? b.height / 2 / Math.abs(dy) : Infinity);
  return { x: cx + dx * Math.min(1, k), y: cy + dy * Math.min(1, k) };
}

export const isHeartbeat = (rpc: RpcInFlight) => rpc.message.name === 'heartbeat' || rpc.message.name === 'requestHeartbeat';

/** A label on the line `from` → `to`, centred at (x, y): RPCs with the same sender, receiver, name and place ("submitTask ×2"). */
export interface PlacedRpc extends Point {
  rpcs: RpcInFlight[];
  from: Point;
  to: Point;
  fraction: number;
  label: string;
  labelWidth: number;
  heartbeat: boolean;
}

/** Font size of RPC labels (monospace). */
export const RPC_FONT = 10.5;

/**
 * Every RPC in flight on its line from sender to receiver, at `rpcPosition` (or the midpoint when
 * not animated). RPCs with the same name on the same line at the same place share one label
 * ("submitTask ×2"); labels that would cover one another are moved apart (`spread`).
 */
export function placeRpcs(layout: ClusterLayout, world: World, time: number, animate: boolean): PlacedRpc[] {
  const out: PlacedRpc[] = [];
  const same = new Map<string, PlacedRpc>();
  for (const rpc of world.cluster.rpcs) {
    const a = endpointBox(layout, world, rpc.from);
    const b = endpointBox(layout, world, rpc.to);
    if (!a || !b) continue;
    const fraction = animate ? rpcPosition(rpc, time) : 0.5;
    const key = `${rpc.from}>${rpc.to}:${rpc.message.name}@${fraction.toFixed(3)}`;
    const twin = same.get(key);
    if (twin) {
      twin.rpcs.push(rpc);
      twin.label = `${rpc.message.name} ×${twin.rpcs.length}`;
      twin.labelWidth = textWidth(twin.label, RPC_FONT) + 10;
      continue;
    }
    const from = exitPoint(a, { x: b.x + b.width / 2, y: b.y + b.height / 2 });
    const to = exitPoint(b, { x: a.x + a.width / 2, y: a.y + a.height / 2 });
    const label = rpc.message.name;
    const [x, y] = [from.x + (to.x - from.x) * fraction, from.y + (to.y - from.y) * fraction];
    const placed = { rpcs: [rpc], from, to, x, y, fraction, label, labelWidth: textWidth(label, RPC_FONT) + 10, heartbeat: isHeartbeat(rpc) };
    same.set(key, placed);
    out.push(placed);
  }
  return spread(out);
}

/** Labels that would cover one another move up or down (0, +18, −18, +36 … up to 3 rows), in drawing order. */
function spread(placed: PlacedRpc[]): PlacedRpc[] {
  const boxes: Box[] = [];
  const box = (p: PlacedRpc, dy: number): Box => ({ x: p.x - p.labelWidth / 2, y: p.y + dy - 8, width: p.labelWidth, height: 16 });
  for (const p of placed) {
    const dy = [0, 18, -18, 36, -36, 54, -54].find((d) => !boxes.some((b) => overlaps(b, box(p, d)))) ?? 0;
    p.y += dy;
    boxes.push(box(p, 0));
  }
  return placed;
}

/** True when two boxes overlap (touching edges do not count). */
export const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** What one slot cell shows: its allocation, its execution slot sharing group and the subtasks in it. */
export interface SlotView {
  index: number;
  allocationId: string | null;
  /** `essg-0` … while the JobMaster's slot pool has the slot assigned to that group (LocalInputPreferredSlotSharingStrategy names groups in creation order). */
  group: string | null;
  /** `pending`: deployed by the JobMaster, its submitTask still on the way (drawn faded). */
  tasks: { index: number; id: string; state: ExecutionState; pending?: boolean }[];
}

export function slotViews(plan: JobPlan, world: World, tm: number): SlotView[] {
  const pool = world.cluster.jobMaster?.pool ?? [];
  return (world.cluster.taskManagers[tm]?.slots ?? []).map((slot, index) => {
    const held = slot.allocationId ? pool.find((p) => p.allocationId === slot.allocationId) : undefined;
    const tasks: SlotView['tasks'] = slot.tasks.map((t) => ({ index: t, id: plan.execution.tasks[t]?.id ?? `#${t}`, state: world.tasks[t]?.state ?? ('CREATED' as const) }));
    const tmId = world.cluster.taskManagers[tm]?.id;
    world.tasks.forEach((t, i) => {
      const here = t.location?.tm === tmId && t.location?.slot === index;
      if (here && t.local === null && t.state === 'DEPLOYING' && !slot.tasks.includes(i)) tasks.push({ index: i, id: plan.execution.tasks[i]!.id, state: t.state, pending: true });
    });
    return { index, allocationId: slot.allocationId, group: held && held.essg !== null ? `essg-${held.essg}` : null, tasks };
  });
}
