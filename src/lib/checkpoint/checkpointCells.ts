/**
 * What the Checkpoints tab's components print alike: the status icons of the history and the
 * overview, and figures that may be missing ('—' for null) as durations or times in ms.
 */
import type { HistoryRow } from './checkpointInspect.ts';
import { formatDuration } from './checkpointFormat.ts';

/** The icon beside each status (never colour alone). */
export const ICON: Record<HistoryRow['status'], string> = { IN_PROGRESS: '◔', COMPLETED: '✓', FAILED: '✗' };

/** A duration, or '—'. */
export const ms = (n: number | null) => (n === null ? '—' : formatDuration(n));
/** A point in simulated time, or '—'. */
export const at = (n: number | null) => (n === null ? '—' : `${n} ms`);
