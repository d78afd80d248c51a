/** What every view of a run reads: the plan, the world and trace at the current step, the language. */
import type { JobPlan } from '../sim/graph/types.ts';
import type { Timeline } from '../sim/Timeline.ts';
import type { World } from '../sim/world.ts';
import type { Lang } from '../lesson/types.ts';

export interface FrameProps {
  plan: JobPlan;
  world: World;
  timeline: Timeline;
  /** The kernel step shown (the world is `timeline.worldAt(step)`). */
  step: number;
  lang: Lang;
}
