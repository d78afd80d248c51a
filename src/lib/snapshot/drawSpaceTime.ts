/**
 * Draws the space-time diagram into an SVG group with d3 joins (keyed, so a step or a tick of time
 * updates in place): the time axis, the process lines, the "now" line, the cut, the courses and
 * arrows of messages and markers with the tags of those crossing the cut, the event dots and the
 * recorded states. Everything drawn comes from `spaceTimeModel.ts`; nothing is stored.
 */
import { select } from 'd3-selection';
import { line } from 'd3-shape';
import { messageName } from '../../lesson/snapshotChecks.ts';
import { timeTicks, type Arrow, type CutPoint, type EventDot, type Point, type SpaceTimeScale } from './spaceTime.ts';
import { arrowClass, arrowHead, isTagged, tagAt, tagClass, tagText, type SpaceTimeModel } from './spaceTimeModel.ts';
import type { snapshotWords } from './snapshotWords.ts';

export interface DrawInput {
  model: SpaceTimeModel;
  sc: SpaceTimeScale;
  words: ReturnType<typeof snapshotWords>;
  /** The time now (simulated ms). */
  now: number;
  /** The id prefix of the SVG's arrowhead markers. */
  uid: string;
  /** Reduced motion: no pulse on a fresh recording. */
  reduced: boolean;
}

export function drawSpaceTime(layer: SVGGElement, { model: m, sc: s, words, now, uid, reduced }: DrawInput): void {
  const g = select(layer);

  // Time axis.
  const ticks = timeTicks(s.tMax);
  const axisY = s.y(s.processes[s.processes.length - 1]!) + 26;
  g.selectAll<SVGGElement, number>('g.tick')
    .data(ticks, (t) => String(t))
    .join((enter) => {
      const t = enter.append('g').attr('class', 'tick');
      t.append('line');
      t.append('text');
      return t;
    })
    .attr('transform', (t) => `translate(${s.x(t)},${axisY})`)
    .call((t) => t.select('line').attr('y1', -4).attr('y2', 0))
    .call((t) => t.select('text').attr('y', 13).text((v) => (v === 0 ? `0 ${words.ms}` : String(v))));

  // Process lines.
  g.selectAll<SVGGElement, string>('g.lane')
    .data(s.processes, (p) => p)
    .join((enter) => {
      const l = enter.append('g').attr('class', 'lane');
      l.append('line');
      l.append('text');
      return l;
    })
    .call((l) => l.select('line').attr('x1', s.x(0)).attr('x2', s.x(s.tMax)).attr('y1', (p) => s.y(p)).attr('y2', (p) => s.y(p)))
    .call((l) => l.select('text').attr('x', s.box.left - 10).attr('y', (p) => s.y(p) + 5).text((p) => p));

  // Now.
  const nx = s.x(now);
  g.selectAll('line.now')
    .data([nx])
    .join('line')
    .attr('class', 'now')
    .attr('x1', nx)
    .attr('x2', nx)
    .attr('y1', s.box.top - 44)
    .attr('y2', axisY);
  g.selectAll('text.now-label')
    .data([nx])
    .join('text')
    .attr('class', 'now-label')
    .attr('x', nx + 4)
    .attr('y', s.box.top - 46)
    .text(`${words.now} ${Math.floor(now)} ${words.ms}`);

  // The cut line (under the arrows).
  const path = line<Point>()
    .x((p) => p.x)
    .y((p) => p.y);
  g.selectAll<SVGPathElement, Point[]>('path.cut')
    .data(m.cut ? [m.cut] : [])
    .join('path')
    .attr('class', 'cut')
    .attr('d', (pts) => path(pts) ?? '');

  // Where the arrows in flight are heading: their whole way, faint and thin.
  g.selectAll<SVGPathElement, Arrow>('path.course')
    .data(
      m.arrows.filter((a) => !a.received),
      (a) => String(a.id),
    )
    .join('path')
    .attr('class', (a) => `course ${a.kind}`)
    .attr('d', (a) => a.course);

  // Messages and markers.
  g.selectAll<SVGPathElement, Arrow>('path.arrow')
    .data(m.arrows, (a) => String(a.id))
    .join((enter) => enter.append('path').call((p) => p.append('title')))
    .attr('class', arrowClass)
    .attr('data-arrow', (a) => a.kind)
    .attr('data-channel', (a) => a.channel)
    .attr('d', (a) => a.d)
    .attr('marker-end', (a) => arrowHead(uid, a))
    .call((p) =>
      p.select('title').text((a) => words.arrowTitle(a.kind, messageName(a), a.channel, a.sentAt, a.arrivesAt, a.received)),
    );

  // Tags on the messages that cross the cut: never colour alone.
  g.selectAll<SVGTextElement, Arrow>('text.tag')
    .data(m.arrows.filter(isTagged), (a) => String(a.id))
    .join('text')
    .attr('class', tagClass)
    .attr('x', (a) => tagAt(a, s).x)
    .attr('y', (a) => tagAt(a, s).y)
    .text((a) => tagText(a, words));

  // Event dots and labels.
  g.selectAll<SVGGElement, EventDot>('g.dot')
    .data(m.dots, (d) => d.key)
    .join((enter) => {
      const d = enter.append('g');
      d.append('circle');
      d.append('text');
      return d;
    })
    .attr('class', (d) => `dot ${d.kind}`)
    .attr('transform', (d) => `translate(${d.x},${d.y})`)
    .call((d) => d.select('circle').attr('r', (v) => (v.label ? 4.5 : 3)))
    .call((d) =>
      d
        .select('text')
        .attr('y', (v) => (v.kind === 'receive' ? 17 : -8))
        .text((v) => v.label ?? ''),
    );

  // Recorded states: rings, with S1 … and the time.
  g.selectAll<SVGGElement, CutPoint>('g.recorded')
    .data(m.points, (p) => p.process)
    .join((enter) => {
      const r = enter.append('g');
      r.append('circle');
      r.append('text');
      return r;
    })
    .attr('class', (p) => `recorded${m.fresh.has(p.process) && !reduced ? ' fresh' : ''}`)
    .attr('transform', (p) => `translate(${p.x},${p.y})`)
    .call((r) => r.select('circle').attr('r', 8))
    .call((r) =>
      r
        .select('text')
        .attr('x', 10)
        .attr('y', -10)
        .text((p) => p.name),
    );
}
