// What the e2e tests of the lessons expect to see, worked out in Node from the same sources the site
// is built from (the lesson folders and the simulator), plus small helpers for the lesson page.
// Times and step numbers come from the recorded runs, so a change to a scenario moves the
// expectations with it; the words a learner reads are written out in the tests themselves.
// The top-level exports are lesson 01-anatomy's; `lessonFacts(id)` gives the same for any lesson.
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page } from '@playwright/test';
import { compileLessons } from '../../src/lesson/compile.ts';
import { resolveStepPositions } from '../../src/lesson/anchors.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import type { CompiledLesson } from '../../src/lesson/types.ts';

const root = fileURLToPath(new URL('../../lessons', import.meta.url));
/** Every lesson, in the home page's order. */
export const LESSONS: CompiledLesson[] = compileLessons(root).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));

/** Facts about one lesson: its recorded runs, and per lesson step its title, run and position. */
export function lessonFacts(id: string) {
  const found = LESSONS.find((l) => l.id === id);
  if (!found) throw new Error(`no lesson "${id}"`);
  const lesson: CompiledLesson = found;
  /** The recorded runs of the lesson, by scenario name. */
  const runs: Record<string, Timeline> = Object.fromEntries(
    Object.entries(lesson.scenarios).map(([name, sc]) => [name, Timeline.record(validateScenario(sc), { seed: lesson.seed })]),
  );
  const positions = resolveStepPositions(lesson, runs);
  const stepNo = (stepId: string): number => {
    const i = lesson.steps.findIndex((s) => s.id === stepId);
    if (i < 0) throw new Error(`lesson ${id} has no step "${stepId}"`);
    return i + 1;
  };
  function step(n: number) {
    const st = lesson.steps[n - 1]!;
    const tl = runs[st.scenario]!;
    const pos = positions[n - 1]!;
    return {
      id: st.id,
      scenario: st.scenario,
      /** The run's name, as the lesson panel says "This step shows another run: “…”". */
      scenarioName: tl.scenario.name ?? st.scenario,
      view: st.view ?? {},
      title: lesson.text.en[st.id]!.title,
      titleZh: lesson.text.zh[st.id]!.title,
      step: pos.step,
      time: pos.time,
      steps: tl.steps,
      endTime: tl.endTime,
      /** What the clock under the graph reads at this lesson step. */
      clock: clock(pos.time, pos.step, tl.steps),
      /** What it reads at the end of this step's run (End key). */
      endClock: clock(tl.endTime, tl.steps, tl.steps),
      hasQuestion: !!lesson.text.en[st.id]!.question,
      /** The right answer's text (as the button's accessible name: markdown code unwrapped). */
      answer: lesson.text.en[st.id]!.question ? plain(lesson.text.en[st.id]!.question!.choices[lesson.text.en[st.id]!.question!.answer]!) : null,
      /** How many checks ("Verified by the simulation") the step lists. */
      checks: st.expect?.length ?? 0,
    };
  }
  return { id, lesson, runs, positions, STEPS: lesson.steps.length, stepNo, step, title: lesson.title.en, titleZh: lesson.title.zh };
}

/** A choice's HTML as plain text (what a button's accessible name reads). */
const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

export const LESSON_ID = '01-anatomy';
const anatomy = lessonFacts(LESSON_ID);

export const lesson = anatomy.lesson;
export const STEPS = anatomy.STEPS;

/** The recorded runs of the lesson, by scenario name (main, one-key). */
export const runs: Record<string, Timeline> = anatomy.runs;

/** 1-based lesson step number of the step with this id. */
export const stepNo = anatomy.stepNo;

/** Facts about lesson step n (1-based): its title in each language, its run and where it puts the playhead. */
export const step = anatomy.step;


/** The clock's text: `t = 260 ms · event 26 / 59` (the kernel's events, not the lesson's steps). */
export const clock = (time: number, kernelStep: number, steps: number) => `t = ${time} ms · event ${kernelStep} / ${steps}`;

/** The clock's text at simulated time t (ms) in the main run, as when scrubbing there. */
export const clockAtTime = (t: number, scenario = 'main') => {
  const tl = runs[scenario]!;
  return clock(t, tl.stepAtTime(t), tl.steps);
};

/** Parses the clock's text. */
export function parseClock(text: string): { time: number; step: number; steps: number } {
  const m = /t = (\d+) ms · event (\d+) \/ (\d+)/.exec(text);
  if (!m) throw new Error(`not a clock reading: "${text}"`);
  return { time: Number(m[1]), step: Number(m[2]), steps: Number(m[3]) };
}

export const lessonUrl = (params = '', id = LESSON_ID) => `./#/lesson/${id}${params ? `?${params}` : ''}`;

/** The parts of the (English) lesson page the tests use, found by role, label and text. */
export function lessonPage(page: Page) {
  /** The main area (its accessible name is still "Graph", whatever the stage shows). */
  const graphRegion = page.getByRole('region', { name: 'Graph' });
  const player = page.getByRole('group', { name: 'Player' });
  const lessonPanel = page.getByRole('complementary');
  const question = page.getByRole('group', { name: 'Predict first' });
  const whatIf = graphRegion.getByRole('group', { name: 'What if…' });
  return {
    graphRegion,
    /** The ExecutionGraph's SVG (the subtasks, channels and records). */
    executionGraph: graphRegion.getByRole('group', { name: /^Execution graph/ }),
    /** The JobGraph's SVG (chains as job vertices, no subtasks). */
    jobGraph: graphRegion.getByRole('group', { name: /^Job graph/ }),
    streamGraph: graphRegion.getByRole('group', { name: /^Stream graph/ }),
    /** The cluster drawing (Cluster stage). */
    cluster: graphRegion.getByRole('group', { name: /^Flink cluster/ }),
    /** The cluster said in text (a visually hidden section under the drawing). */
    clusterText: graphRegion.getByRole('region', { name: 'The cluster as text' }),
    /** The Timeline stage (a figure named by its title). */
    timeline: graphRegion.getByRole('figure', { name: 'Timeline' }),
    /** The job status badge in the graph bar ("Job: RUNNING"). */
    jobStatus: graphRegion.getByTestId('job-status'),
    /** The task lifecycle under the execution graph (its caption names the subtask it shows). */
    lifecycle: graphRegion.getByRole('figure', { name: /^Task lifecycle: / }),
    /** The stage switch: what the main area shows. */
    stage: (name: 'Graph' | 'Cluster' | 'Timeline' | 'Job status') =>
      graphRegion.getByRole('group', { name: 'Main view' }).getByRole('button', { name, exact: true }),
    graphLevel: (name: 'Stream graph' | 'Job graph' | 'Execution graph') =>
      graphRegion.getByRole('group', { name: 'Graph level' }).getByRole('button', { name, exact: true }),
    /** A subtask's box in the execution graph, e.g. `count/1`. */
    subtask: (id: string) => graphRegion.getByRole('button', { name: new RegExp(`^#\\d+ ${escape(id)} `) }),
    /** In-flight record marks (optionally only those whose description matches). */
    records: (match?: RegExp) => graphRegion.getByRole('button', { name: match ?? /— record #\d+ / }),
    whatIf,
    /** A button of the What-if group's Faults: 'Fail subtask', 'Kill its TaskManager', 'Add TaskManager', … */
    fault: (name: string | RegExp) => whatIf.getByRole('group', { name: 'Faults' }).getByRole('button', { name }),
    /** The fork banner ("Forked at t = … ms — the future was re-simulated."). */
    forkBanner: graphRegion.getByRole('status').filter({ hasText: 'Forked at' }),
    player,
    play: player.getByRole('button', { name: 'Play (Space)' }),
    pause: player.getByRole('button', { name: 'Pause (Space)' }),
    stepForward: player.getByRole('button', { name: 'Step forward one event (→)' }),
    stepBack: player.getByRole('button', { name: 'Step back one event (←)' }),
    restart: player.getByRole('button', { name: 'Back to the start (Home)' }),
    speed: player.getByRole('slider', { name: /^Playback speed/ }),
    clock: page.getByTestId('clock'),
    scrub: graphRegion.getByRole('slider', { name: /^Simulated time/ }),
    lessonMarker: (n: number) => graphRegion.getByRole('group', { name: 'lesson step' }).getByRole('button', { name: new RegExp(`^Lesson step ${n}: `) }),
    lessonPanel,
    stepCounter: page.getByTestId('lesson-step'),
    stepTitle: lessonPanel.getByRole('heading', { level: 2 }).first(),
    next: lessonPanel.getByRole('button', { name: 'Next', exact: true }),
    previous: lessonPanel.getByRole('button', { name: 'Previous', exact: true }),
    question,
    choice: (name: string) => question.getByRole('button', { name, exact: true }),
    /** The list under "Verified by the simulation" (each item says OK: or FAIL: to screen readers). */
    checks: lessonPanel.getByRole('list').filter({ hasText: /(OK|FAIL):/ }),
    tab: (name: string | RegExp) => page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name }),
    inspector: page.getByRole('region', { name: 'Inspector' }),
    output: page.getByRole('tabpanel', { name: /^Output/ }),
    header: page.getByRole('banner'),
  };
}
export type LessonPage = ReturnType<typeof lessonPage>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Reads the clock. */
export async function readClock(clockEl: Locator) {
  return parseClock((await clockEl.textContent()) ?? '');
}

/** Sets the playback speed with the speed slider's keys, as a keyboard user would (label like '0.1×'). */
export async function setSpeed(lp: LessonPage, label: string) {
  await lp.speed.focus();
  await lp.speed.press('Home');
  for (let i = 0; i < 20 && (await lp.speed.getAttribute('aria-valuetext')) !== label; i++) await lp.speed.press('ArrowRight');
  await expect(lp.speed).toHaveAttribute('aria-valuetext', label);
}

/** Moves keyboard focus off any control (a learner clicking on empty page), so that shortcuts go to the page. */
export async function focusPage(page: Page) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** Resolves after the browser has painted `n` more frames (for rAF-driven playback). */
export async function frames(page: Page, n = 2) {
  await page.evaluate(
    (count) =>
      new Promise<void>((resolve) => {
        let left = count;
        const tick = () => (--left <= 0 ? resolve() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    n,
  );
}

/**
 * Walks a lesson's steps in the page as a learner does: at each step the counter, title and clock
 * match the Node run, `atStep` checks the step's view, a question is answered right, and every check
 * the simulation verifies shows OK; then Next, or PageDown every third step. Ends on the last step.
 */
export async function walkLessonSteps(
  page: Page,
  lp: LessonPage,
  f: ReturnType<typeof lessonFacts>,
  atStep: (n: number, s: ReturnType<ReturnType<typeof lessonFacts>['step']>) => Promise<void>,
  step: (title: string, body: () => Promise<void>) => Promise<void>,
) {
  for (let n = 1; n <= f.STEPS; n++) {
    const s = f.step(n);
    await step(`step ${n}: ${s.title}`, async () => {
      await expect(lp.stepCounter).toHaveText(`Step ${n} of ${f.STEPS}`);
      await expect(lp.stepTitle).toHaveText(s.title);
      await expect(lp.clock).toHaveText(s.clock);
      await atStep(n, s);
      if (s.hasQuestion) {
        await expect(lp.question).toBeVisible();
        await lp.choice(s.answer!).click();
        await expect(lp.question.getByRole('status')).toHaveText('✓ Right!');
      }
      await expect(lp.checks.getByRole('listitem').filter({ hasText: 'OK:' })).toHaveCount(s.checks);
      await expect(lp.checks.getByRole('listitem').filter({ hasText: 'FAIL:' })).toHaveCount(0);
    });
    if (n === f.STEPS) break;
    if (n % 3 === 0) {
      await focusPage(page);
      await page.keyboard.press('PageDown');
    } else {
      await lp.next.click();
    }
  }
}
