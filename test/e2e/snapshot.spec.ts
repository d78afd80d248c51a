// Lesson 14 (classic Chandy–Lamport on process scenarios) against the production build: opened from
// its card, played to its end with the player (answering its question), scrubbed back while the
// space-time diagram keeps one arrow per message and marker the trace has sent by then, the cut
// panel's verdict, 中文, axe, and screenshots (node_modules/.cache/screenshots/snapshot-*.png).
// Expectations come from the same lesson and engine in Node.
import { fileURLToPath } from 'node:url';
import { test, expect, screenshot, axeCheck, type Page } from './support.ts';
import { compileLessons } from '../../src/lesson/compile.ts';
import { resolveStepPositions } from '../../src/lesson/anchors.ts';
import { ProcessRun } from '../../src/sim/snapshot/ProcessRun.ts';

test.use({ viewport: { width: 1280, height: 800 } });

const ID = '14-global-snapshots';
const lesson = compileLessons(fileURLToPath(new URL('../../lessons', import.meta.url))).find((l) => l.id === ID)!;
const runs = Object.fromEntries(Object.entries(lesson.processScenarios!).map(([k, s]) => [k, ProcessRun.record(s)]));
const positions = resolveStepPositions(lesson, runs);
const STEPS = lesson.steps.length;
const stepNo = (id: string) => lesson.steps.findIndex((s) => s.id === id) + 1;
/** Arrows the diagram must show after kernel step k: every message and marker sent by then. */
const arrowsAfter = (run: ProcessRun, k: number) => run.traceUntil(k).filter((e) => e.type === 'message.sent' || e.type === 'marker.sent').length;
const clockOf = (run: ProcessRun, k: number) => `t = ${run.timeOfStep(k)} ms · event ${k} / ${run.steps}`;

function parts(page: Page) {
  const stage = page.getByRole('region', { name: 'Space-time diagram' });
  const player = page.getByRole('group', { name: 'Player' });
  const panel = page.getByRole('complementary');
  return {
    stage,
    diagram: stage.getByRole('img', { name: 'Space-time diagram' }),
    arrows: stage.locator('svg [data-arrow]'),
    markers: stage.locator('svg [data-arrow="marker"]'),
    play: player.getByRole('button', { name: 'Play (Space)' }),
    pause: player.getByRole('button', { name: 'Pause (Space)' }),
    clock: page.getByTestId('clock'),
    counter: page.getByTestId('lesson-step'),
    title: panel.getByRole('heading', { level: 2 }).first(),
    next: panel.getByRole('button', { name: 'Next', exact: true }),
    previous: panel.getByRole('button', { name: 'Previous', exact: true }),
    question: page.getByRole('group', { name: 'Predict first' }),
    checks: panel.getByRole('list').filter({ hasText: /(OK|FAIL):/ }),
    cut: page.getByTestId('cut-panel'),
    verdict: page.getByTestId('cut-verdict'),
  };
}

async function readStep(page: Page): Promise<number> {
  const m = /event (\d+) \//.exec((await page.getByTestId('clock').textContent()) ?? '');
  return Number(m![1]);
}

test('lesson 14: from its card, played to the end, scrubbed back, in 中文, accessible', async ({ page }) => {
  test.setTimeout(120_000);
  const p = parts(page);
  await page.goto('./');
  const card = page.locator(`a[href="#/lesson/${ID}"]`);
  await expect(card).toContainText(lesson.title.en);
  await expect(card).toContainText(`${STEPS} steps`);
  await card.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(lesson.title.en);
  await expect(p.counter).toHaveText(`Step 1 of ${STEPS}`);
  await expect(p.diagram).toBeVisible();
  await expect(p.arrows).toHaveCount(0);
  await expect(p.verdict).toContainText('has not terminated');

  // Faster playback (the run lasts 420 ms of simulated time).
  const speed = page.getByRole('group', { name: 'Player' }).getByRole('slider', { name: /^Playback speed/ });
  await speed.focus();
  for (let i = 0; i < 2; i++) await speed.press('ArrowRight');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  // Play: every lesson step is a breakpoint; answer the question when it comes; then the other run.
  let shotMid = false;
  for (let guard = 0; guard < 40; guard++) {
    const n = Number(/Step (\d+)/.exec((await p.counter.textContent()) ?? '')![1]);
    const st = lesson.steps[n - 1]!;
    const run = runs[st.scenario]!;
    await expect(p.title).toHaveText(lesson.text.en[st.id]!.title);
    await expect(p.checks.getByRole('listitem').filter({ hasText: 'FAIL:' })).toHaveCount(0);
    if (st.question) {
      await expect(p.question).toBeVisible();
      const right = lesson.text.en[st.id]!.question!;
      await p.question.getByRole('button').nth(right.answer).click();
      await expect(p.question.getByRole('status')).toHaveText('✓ Right!');
    }
    if (st.id === 'initiate') {
      // P1 has just recorded: three markers leave it, on their way (drawn from their send).
      await expect(p.markers).toHaveCount(3);
      await expect(p.stage.locator('svg path.course.marker')).toHaveCount(3);
      await screenshot(page, 'snapshot-initiate');
    }
    if (st.id === 'p1-closes' && !shotMid) {
      shotMid = true;
      await expect(p.clock).toHaveText(clockOf(run, positions[n - 1]!.step));
      await screenshot(page, 'snapshot-p1-closes');
    }
    if (n === STEPS) break;
    const atEnd = (await p.clock.textContent()) === clockOf(run, run.steps);
    if (atEnd) await p.next.click();
    else {
      await p.play.click();
      await expect(p.play).toBeVisible({ timeout: 15_000 });
    }
    await expect(p.counter).not.toHaveText(`Step ${n} of ${STEPS}`);
  }
  await expect(p.counter).toHaveText(`Step ${STEPS} of ${STEPS}`);
  const nf = runs['non-fifo']!;
  await expect(p.clock).toHaveText(clockOf(nf, nf.steps));
  await expect(p.verdict).toContainText('Not a consistent cut');
  await expect(p.cut).toContainText('orphan messages: [M]');
  await expect(p.cut).toContainText('tokens not conserved: 29 recorded, 30 in the system');
  await expect(p.stage.locator('svg text.tag.orphan')).toHaveText('M→N: orphan');
  await expect(p.arrows).toHaveCount(arrowsAfter(nf, nf.steps));
  await screenshot(page, 'snapshot-non-fifo-end');

  // Back to the consistent cut of the course run (Previous), then scrub back event by event.
  for (let n = STEPS; n > stepNo('consistent'); n--) await p.previous.click();
  await expect(p.counter).toHaveText(`Step ${stepNo('consistent')} of ${STEPS}`);
  const course = runs.course!;
  await expect(p.clock).toHaveText(clockOf(course, course.steps));
  await expect(p.verdict).toContainText('Consistent cut; a valid global state.');
  await expect(p.cut).toContainText('C11 = [A]');
  await expect(p.cut).toContainText('C21 = [H→D]');
  await expect(p.cut).toContainText('tokens conserved: 30 recorded of 30');
  await expect(p.stage.locator('svg path.cut')).toHaveCount(1);
  await screenshot(page, 'snapshot-consistent');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  let previous = Infinity;
  for (let round = 0; round < 6; round++) {
    const k = await readStep(page);
    expect(k).toBeLessThan(previous);
    previous = k;
    await expect(p.arrows).toHaveCount(arrowsAfter(course, k));
    const markers = course.traceUntil(k).filter((e) => e.type === 'marker.sent').length;
    await expect(p.markers).toHaveCount(markers);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  }
  // The scrub bar: drag to the time P1 records (200 ms) with the slider's keys.
  const scrub = p.stage.getByRole('slider', { name: /^Simulated time/ });
  await scrub.focus();
  await scrub.press('Home');
  await expect(p.arrows).toHaveCount(0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
  await expect(p.clock).toHaveText(clockOf(course, 9));
  await expect(p.arrows).toHaveCount(arrowsAfter(course, 9));
  await expect(p.markers).toHaveCount(3);
  await expect(page.getByTestId('step-sentence')).toContainText('P1 initiates the snapshot: events [A, B], 9 tokens');

  // 中文.
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(lesson.title.zh);
  await expect(p.stage).toHaveCount(0);
  const zhStage = page.getByRole('region', { name: '时空图' });
  await expect(zhStage.getByRole('img', { name: '时空图' })).toBeVisible();
  await expect(page.getByTestId('cut-panel')).toContainText('记录下的全局状态');
  await screenshot(page, 'snapshot-zh');
  await axeCheck(page);
});

test('lesson 14: axe on the question step and the end of the non-FIFO run', async ({ page }) => {
  await page.goto(`./#/lesson/${ID}?step=${stepNo('predict')}`);
  await expect(parts(page).question).toBeVisible();
  await axeCheck(page);
  await screenshot(page, 'snapshot-predict');
  await page.goto(`./#/lesson/${ID}?step=${stepNo('orphan')}`);
  await expect(parts(page).verdict).toContainText('Not a consistent cut');
  await axeCheck(page);
});
