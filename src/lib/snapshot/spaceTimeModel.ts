/**
 * What the space-time diagram draws at a step and a time, pure (no DOM): the arrows, event dots,
 * recorded points and cut of `spaceTime.ts`'s geometry, the channels as their receivers record them,
 * the processes that recorded at this very step; and the labels the drawing derives from them
 * (arrow classes and arrowheads, the tags on messages crossing the cut, the arrowhead markers).
 */
import type { ProcessRun } from '../../sim/snapshot/ProcessRun.ts';
import type { ClWorld } from '../../sim/snapshot/ChandyLamport.ts';
import { messageName } from '../../lesson/snapshotChecks.ts';
import { arrowsAt, cutLine, cutPoints, eventDots, type Arrow, type CutPoint, type EventDot, type Point, type SpaceTimeScale } from './spaceTime.ts';
import type { snapshotWords } from './snapshotWords.ts';
import { COLORS } from './colors.ts';

type Words = ReturnType<typeof snapshotWords>;

/** A channel as listed below the diagram: its state and the messages recorded so far. */
export interface ChannelView {
  id: string;
  from: string;
  to: string;
  state: ClWorld['channels'][number]['state'];
  messages: string[];
}

export interface SpaceTimeModel {
  arrows: Arrow[];
  dots: EventDot[];
  points: CutPoint[];
  cut: Point[] | null;
  channels: ChannelView[];
  /** Processes that recorded their state at this step (their ring pulses). */
  fresh: Set<string>;
}

/** Everything drawn, derived from the world at the step and the time now (nothing stored). */
export function spaceTimeModel(run: ProcessRun, step: number, sc: SpaceTimeScale, time: number): SpaceTimeModel {
  const world = run.worldAt(step);
  const points = cutPoints(world, sc);
  return {
    arrows: arrowsAt(world, sc, time),
    dots: eventDots(run.traceUntil(step), sc),
    points,
    cut: cutLine(points, sc),
    channels: world.channels.map((c) => ({
      id: c.id,
      from: c.from,
      to: c.to,
      state: c.state,
      messages: c.buffer.map((id) => messageName(world.messages[id]!)),
    })),
    fresh: new Set(points.filter((p) => world.processes.find((q) => q.id === p.process)!.recorded!.step === step).map((p) => p.process)),
  };
}

/** The arrowhead markers of the SVG's defs: id suffix and colour. */
export const ARROWHEADS: readonly (readonly [string, string])[] = [
  ['message', COLORS.message],
  ['marker', COLORS.marker],
  ['transit', COLORS.inTransit],
  ['orphan', COLORS.orphan],
  ['missed', COLORS.missed],
];

const SIDE_CLASS = { orphan: ' orphan', inTransit: ' in-transit', missed: ' missed' } as Record<string, string>;
const SIDE_HEAD = { orphan: 'orphan', inTransit: 'transit', missed: 'missed' } as Record<string, string>;

/** An arrow's classes: its kind, its side of the cut, in flight or not. */
export const arrowClass = (a: Arrow) => `arrow ${a.kind}${SIDE_CLASS[a.side ?? ''] ?? ''}${a.received ? '' : ' flying'}`;

/** An arrow's `marker-end`: the arrowhead of its kind, or of its side of the cut. */
export const arrowHead = (uid: string, a: Arrow) => `url(#${uid}-${a.kind === 'marker' ? 'marker' : (SIDE_HEAD[a.side ?? ''] ?? 'message')})`;

/** Whether a message crosses the cut and so is tagged (never colour alone). */
export const isTagged = (a: Arrow) => a.side === 'orphan' || a.side === 'inTransit' || a.side === 'missed';

/** A tagged message's tag classes. */
export const tagClass = (a: Arrow) => `tag${SIDE_CLASS[a.side ?? '']}`;

/** A tagged message's tag text: its name and its side of the cut. */
export function tagText(a: Arrow, words: Words): string {
  const TAG = { orphan: words.orphan, inTransit: words.inChannel, missed: words.missed } as Record<string, string>;
  return `${messageName(a)}: ${TAG[a.side ?? '']}`;
}

/** Where a tag sits: beside the middle of its arrow (above the arc of a self-loop). */
export function tagAt(a: Arrow, s: SpaceTimeScale): Point {
  return { x: (s.x(a.sentAt) + a.tip.x) / 2 + 6, y: a.from === a.to ? s.y(a.from) - 40 : (s.y(a.from) + a.tip.y) / 2 - 4 };
}
