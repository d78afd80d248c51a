/**
 * Geometry and labels of the TaskManager memory bar: one segment per component in Flink's order
 * (the TaskManager memory diagram of Flink's docs, docs/content/docs/deployment/memory/mem_setup_tm.md),
 * each with a fill and a pattern so that it is told apart without colour, and the brackets that
 * group them (JVM Heap, Off-Heap/Direct, Total Flink Memory, Total Process Memory). Pure: no DOM.
 */
import { formatBytes, memorySizeToString } from '../../sim/config/MemorySize.ts';
import type { TaskExecutorProcessSpec } from '../../sim/cluster/TaskExecutorProcessUtils.ts';

/** The eight components, in bar order. */
export type SegmentId = 'frameworkHeap' | 'taskHeap' | 'managed' | 'frameworkOffHeap' | 'taskOffHeap' | 'network' | 'metaspace' | 'overhead';

/** A texture drawn over the fill; `solid` draws none. */
export type PatternKind = 'solid' | 'dots' | 'diagonal' | 'cross' | 'vertical' | 'horizontal' | 'backDiagonal' | 'grid';

/** Static description of one component: Flink's name, the config keys that size it, fill and pattern. */
export interface SegmentStyle {
  id: SegmentId;
  name: string;
  keys: readonly string[];
  fill: string;
  pattern: PatternKind;
}

const M = 'taskmanager.memory.';

/** Components in bar order. Fills are light Ant Design tints, as the Flink Web UI's panels. */
export const SEGMENTS: readonly SegmentStyle[] = [
  { id: 'frameworkHeap', name: 'Framework Heap', keys: [M + 'framework.heap.size'], fill: '#bae0ff', pattern: 'dots' },
  { id: 'taskHeap', name: 'Task Heap', keys: [M + 'task.heap.size'], fill: '#e6f4ff', pattern: 'solid' },
  { id: 'managed', name: 'Managed Memory', keys: [M + 'managed.size', M + 'managed.fraction'], fill: '#d9f7be', pattern: 'diagonal' },
  { id: 'frameworkOffHeap', name: 'Framework Off-Heap', keys: [M + 'framework.off-heap.size'], fill: '#ffe7ba', pattern: 'cross' },
  { id: 'taskOffHeap', name: 'Task Off-Heap', keys: [M + 'task.off-heap.size'], fill: '#fff1b8', pattern: 'vertical' },
  { id: 'network', name: 'Network', keys: [M + 'network.fraction', M + 'network.min', M + 'network.max'], fill: '#ffd8bf', pattern: 'horizontal' },
  { id: 'metaspace', name: 'JVM Metaspace', keys: [M + 'jvm-metaspace.size'], fill: '#efdbff', pattern: 'backDiagonal' },
  { id: 'overhead', name: 'JVM Overhead', keys: [M + 'jvm-overhead.fraction', M + 'jvm-overhead.min', M + 'jvm-overhead.max'], fill: '#f0f0f0', pattern: 'grid' },
];

/** The groups drawn as brackets: which segments they span and on which row (0 above the bar, 1–2 below). */
export type GroupId = 'jvmHeap' | 'direct' | 'totalFlink' | 'totalProcess';
const GROUPS: readonly { id: GroupId; name: string; from: SegmentId; to: SegmentId; row: number; bytes: (s: TaskExecutorProcessSpec) => bigint }[] = [
  { id: 'jvmHeap', name: 'JVM Heap', from: 'frameworkHeap', to: 'taskHeap', row: 0, bytes: (s) => s.jvmHeap },
  { id: 'direct', name: 'Off-Heap/Direct', from: 'frameworkOffHeap', to: 'network', row: 0, bytes: (s) => s.jvmDirect },
  { id: 'totalFlink', name: 'Total Flink Memory', from: 'frameworkHeap', to: 'network', row: 1, bytes: (s) => s.totalFlink },
  { id: 'totalProcess', name: 'Total Process Memory', from: 'frameworkHeap', to: 'overhead', row: 2, bytes: (s) => s.totalProcess },
];

/** One laid-out segment: position and width as fractions of Total Process Memory. */
export interface LaidSegment extends SegmentStyle {
  /** 1-based number shown in the bar and the table. */
  index: number;
  bytes: bigint;
  start: number;
  width: number;
  /** "402653174 B ≈ 384 MiB". */
  size: string;
  /** Share of Total Process Memory, "22.2%". */
  share: string;
}

/** One laid-out group bracket. */
export interface LaidGroup {
  id: GroupId;
  name: string;
  row: number;
  bytes: bigint;
  start: number;
  width: number;
  size: string;
}

/** The whole bar. */
export interface MemoryLayout {
  segments: LaidSegment[];
  groups: LaidGroup[];
  total: bigint;
}

/** "22.2%": one decimal, "<0.1%" for tiny non-zero shares. */
export function formatShare(part: bigint, total: bigint): string {
  if (total <= 0n || part <= 0n) return '0%';
  const permille = Number((part * 1000n) / total) + (((part * 1000n) % total) * 2n >= total ? 1 : 0);
  return permille === 0 ? '<0.1%' : `${(permille / 10).toFixed(1)}%`;
}

/**
 * Lays the spec out along [0, 1]. Widths are proportional to bytes; `minWidth` (a fraction, e.g.
 * 0.004) gives non-zero components at least that width, taken from the others in proportion, so
 * that a small Task Off-Heap stays visible. Zero-byte components get width 0.
 */
export function memoryLayout(spec: TaskExecutorProcessSpec, minWidth = 0): MemoryLayout {
  const total = spec.totalProcess;
  const raw = SEGMENTS.map((s) => (total > 0n ? Number(spec[s.id]) / Number(total) : 0));
  const small = raw.map((w) => w > 0 && w < minWidth);
  const boosted = raw.reduce((acc, w, i) => acc + (small[i] ? minWidth - w : 0), 0);
  const rest = raw.reduce((acc, w, i) => acc + (small[i] ? 0 : w), 0);
  const widths = raw.map((w, i) => (small[i] ? minWidth : rest > 0 ? w * (1 - boosted / rest) : w));
  let start = 0;
  const segments: LaidSegment[] = SEGMENTS.map((s, i) => {
    const seg = { ...s, index: i + 1, bytes: spec[s.id], start, width: widths[i]!, size: formatBytes(spec[s.id]), share: formatShare(spec[s.id], total) };
    start += widths[i]!;
    return seg;
  });
  const at = (id: SegmentId) => segments.find((s) => s.id === id)!;
  const groups: LaidGroup[] = GROUPS.map((g) => {
    const a = at(g.from);
    const b = at(g.to);
    const bytes = g.bytes(spec);
    return { id: g.id, name: g.name, row: g.row, bytes, start: a.start, width: b.start + b.width - a.start, size: formatBytes(bytes) };
  });
  return { segments, groups, total };
}

/** The approximate part of a size: "384 MiB" of "402653174 B ≈ 384 MiB" ("0 B" below 1 KiB). */
export function shortSize(bytes: bigint): string {
  return formatBytes(bytes).split(' ').slice(-2).join(' ');
}

/** A bracket's label: "Total Flink Memory · 1280 MiB", or the name alone, or "" when even that is far wider than `px`. */
export function groupLabel(g: Pick<LaidGroup, 'name' | 'bytes'>, px: number, charPx = 7): string {
  const full = `${g.name} · ${shortSize(g.bytes)}`;
  if (full.length * charPx <= px + 40) return full;
  return g.name.length * charPx <= px + 40 ? g.name : '';
}

/** The longest label that fits `px` pixels: "3 Managed Memory", "3", or "" (about 7 px per character at 12 px). */
export function segmentLabel(seg: Pick<LaidSegment, 'index' | 'name'>, px: number, charPx = 7): string {
  const full = `${seg.index} ${seg.name}`;
  if (full.length * charPx + 8 <= px) return full;
  if (String(seg.index).length * charPx + 6 <= px) return String(seg.index);
  return '';
}

/** Which size the learner gives: process, Total Flink, or task heap + managed (fine-grained). */
export type MemoryMode = 'process' | 'flink' | 'fine';

/** The keys each mode's inputs set; the common keys apply in every mode except where noted. */
export const MODE_KEYS: Record<MemoryMode, readonly string[]> = {
  process: ['taskmanager.memory.process.size', 'taskmanager.memory.managed.fraction'],
  flink: ['taskmanager.memory.flink.size', 'taskmanager.memory.managed.fraction'],
  fine: ['taskmanager.memory.task.heap.size', 'taskmanager.memory.managed.size'],
};

/** Inputs shown in every mode. */
export const COMMON_KEYS: readonly string[] = [
  'taskmanager.memory.task.off-heap.size',
  'taskmanager.memory.network.fraction',
  'taskmanager.memory.network.min',
  'taskmanager.memory.network.max',
  'taskmanager.memory.jvm-metaspace.size',
  'taskmanager.memory.jvm-overhead.fraction',
  'taskmanager.memory.jvm-overhead.min',
  'taskmanager.memory.jvm-overhead.max',
];

/** The keys that decide the derivation case; only the current mode's stay in the config. */
const CASE_KEYS = ['taskmanager.memory.process.size', 'taskmanager.memory.flink.size', 'taskmanager.memory.task.heap.size', 'taskmanager.memory.managed.size'];

/** The mode a given config implies (Flink's case order), process size when none: the shipped 1728m. */
export function initialMode(config: Record<string, string>): MemoryMode {
  if ('taskmanager.memory.task.heap.size' in config && 'taskmanager.memory.managed.size' in config) return 'fine';
  if ('taskmanager.memory.flink.size' in config) return 'flink';
  return 'process';
}

/** Input values from a config: its strings, and 1728m for the process size when no case key is set. */
export function initialInputs(config: Record<string, string>): Record<string, string> {
  const inputs: Record<string, string> = { ...config };
  if (!CASE_KEYS.some((k) => k in config)) inputs['taskmanager.memory.process.size'] = '1728m';
  return inputs;
}

/** The raw config to parse: the base config without other modes' case keys, plus the non-empty inputs of this mode. */
export function rawConfigFromInputs(base: Record<string, string>, mode: MemoryMode, inputs: Record<string, string>): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (!CASE_KEYS.includes(k)) raw[k] = v;
  for (const k of [...MODE_KEYS[mode], ...COMMON_KEYS]) {
    const v = inputs[k]?.trim();
    if (v) raw[k] = v;
    else delete raw[k];
  }
  return raw;
}

/** A size as short Flink text: "1728m", "1g", "402653174" (plain bytes when no unit divides it). */
export function compactSize(bytes: bigint): string {
  const [n = '0', unit = 'bytes'] = memorySizeToString(bytes).split(' ');
  const suffix: Record<string, string> = { bytes: '', kb: 'k', mb: 'm', gb: 'g', tb: 't' };
  return n + (suffix[unit] ?? '');
}

/** Inputs on switching to `mode`: its empty size inputs are filled from the current spec, so the bar carries over. */
export function seedInputs(mode: MemoryMode, inputs: Record<string, string>, spec: TaskExecutorProcessSpec | null): Record<string, string> {
  if (!spec) return inputs;
  const seeds: Record<string, bigint> =
    mode === 'process'
      ? { 'taskmanager.memory.process.size': spec.totalProcess }
      : mode === 'flink'
        ? { 'taskmanager.memory.flink.size': spec.totalFlink }
        : { 'taskmanager.memory.task.heap.size': spec.taskHeap, 'taskmanager.memory.managed.size': spec.managed };
  const out = { ...inputs };
  for (const [k, v] of Object.entries(seeds)) if (!out[k]?.trim()) out[k] = compactSize(v);
  return out;
}
