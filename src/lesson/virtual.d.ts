/** The modules of the lessons plugin (vite-plugin.ts). */
declare module 'virtual:lessons' {
  import type { CompiledLesson, Lang } from './types.ts';
  import type { Scenario } from '../sim/scenario/Scenario.ts';

  /** What the first page knows of a lesson, without loading it. */
  export interface LessonSummary {
    id: string;
    order: number;
    title: Record<Lang, string>;
    summary?: Record<Lang, string>;
    /** Number of lesson steps. */
    steps: number;
    /**
     * The lesson's scenarios as written (validated at build time): shared runs and imported run
     * files name a lesson scenario, and are checked and opened without loading the lesson.
     */
    scenarios: Record<string, Scenario>;
  }

  /** Every lesson, sorted by order, then id. */
  export const LESSON_SUMMARIES: readonly LessonSummary[];

  /** The compiled lesson (its own chunk, fetched on first use); undefined for an unknown id. */
  export function loadLesson(id: string): Promise<CompiledLesson | undefined>;
}

/** One compiled lesson; import it through `loadLesson`. */
declare module 'virtual:lesson/*' {
  import type { CompiledLesson } from './types.ts';
  const lesson: CompiledLesson;
  export default lesson;
}
