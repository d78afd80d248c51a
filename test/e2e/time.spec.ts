// The event-time lessons (08–13) and views against the production build: every lesson from its card
// through all its steps to the end of its last run (checks all OK, the question answered, screenshots),
// and the event-time plot and the job graph staying in sync with the simulation while scrubbing back.
// Expectations come from the same lessons and simulator in Node (lessonFacts.ts).
import { test, expect, screenshot, axeCheck } from './support.ts';
import { focusPage, lessonFacts, lessonPage, lessonUrl, readClock, walkLessonSteps } from './lessonFacts.ts';
import { shortLong, LONG_MIN } from '../../src/sim/util/JavaLong.ts';

test.use({ viewport: { width: 1280, height: 800 } });

const TIME_LESSONS = ['08-event-time', '09-watermarks', '10-parallel-watermarks', '11-windows', '12-lateness', '13-timers'];
const STAGE_NAMES: Record<string, string> = { graph: 'Graph', cluster: 'Cluster', gantt: 'Timeline', jobstatus: 'Job status', time: 'Event time' };
const TAB_NAMES: Record<string, string | RegExp> = { inspector: 'Inspector', keys: 'Key groups', output: /^Output/, log: 'Log', windows: 'Windows' };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

for (const id of TIME_LESSONS) {
  test(`lesson ${id}: from its card through every step to the end of its last run`, async ({ page }) => {
    const f = lessonFacts(id);
    const lp = lessonPage(page);
    const mainView = lp.graphRegion.getByRole('group', { name: 'Main view' });
    await page.goto('./');
    const card = page.locator(`a[href="#/lesson/${id}"]`);
    await expect(card).toHaveAccessibleName(new RegExp(`^${escape(f.title)} `));
    await expect(card).toContainText(`${f.STEPS} steps`);
    await card.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(f.title);

    let stage = 'graph';
    let pictured = false;
    await walkLessonSteps(page, lp, f, async (n, s) => {
      stage = s.view.stage ?? (s.view.graph ? 'graph' : stage);
      await expect(mainView.getByRole('button', { name: STAGE_NAMES[stage]!, exact: true })).toHaveAttribute('aria-pressed', 'true');
      if (stage === 'time') await expect(lp.graphRegion.getByRole('figure', { name: 'Event time' })).toBeVisible();
      if (s.view.panel) await expect(lp.tab(TAB_NAMES[s.view.panel]!)).toHaveAttribute('aria-selected', 'true');
      if (stage === 'time' && !pictured && n >= f.STEPS / 2) {
        pictured = true;
        await screenshot(page, `time-${id}-plot`);
      }
    }, (title, body) => test.step(title, body));
    const last = f.step(f.STEPS);
    await focusPage(page);
    await page.keyboard.press('End');
    await expect(lp.clock).toHaveText(last.endClock);
    await expect(lp.checks.getByRole('listitem').filter({ hasText: 'FAIL:' })).toHaveCount(0);
    await screenshot(page, `time-${id}-end`);
  });
}

test('the event-time plot and the job graph stay in sync with the simulation while scrubbing back', async ({ page }) => {
  const id = '09-watermarks';
  const f = lessonFacts(id);
  const lp = lessonPage(page);
  const n = f.lesson.steps.findIndex((s) => s.id === 'flush') + 1;
  const run = f.runs[f.step(n).scenario]!;
  const task = run.plan.execution.tasks.find((t) => t.id === 'sort/0')!;
  const mainView = lp.graphRegion.getByRole('group', { name: 'Main view' });
  const plot = lp.graphRegion.getByRole('figure', { name: 'Event time' });
  await page.goto(lessonUrl(`step=${n}`, id));
  await expect(lp.stepCounter).toHaveText(`Step ${n} of ${f.STEPS}`);
  let previous = Infinity;
  for (let round = 0; round < 5; round++) {
    const { step } = await readClock(lp.clock);
    expect(step).toBeLessThan(previous);
    previous = step;
    // The simulation at this step: the sorter's watermark and the records it has processed.
    const wm = run.worldAt(step).tasks[task.index]!.time.operators.sort!.watermark;
    const text = wm === LONG_MIN ? 'No Watermark' : shortLong(wm);
    const processed = run.traceUntil(step).filter((e) => e.type === 'record.processed' && e.operator === 'sort').length;
    await mainView.getByRole('button', { name: 'Event time', exact: true }).click();
    await expect(plot.getByRole('img')).toHaveAttribute('aria-label', new RegExp(`Watermark now: ${escape(text)}\\.`));
    await expect(plot.getByRole('table').first().locator('tbody tr')).toHaveCount(processed);
    // The graph shows the same watermark on the subtask.
    await mainView.getByRole('button', { name: 'Graph', exact: true }).click();
    await expect(lp.subtask('sort/0')).toHaveAccessibleName(new RegExp(wm === LONG_MIN ? 'No Watermark' : `Watermark ${escape(text)}\\b`));
    if (round === 0) await screenshot(page, 'time-graph-watermarks');
    // Scrub back: a few events with ←.
    await focusPage(page);
    for (let k = 0; k < 7; k++) await page.keyboard.press('ArrowLeft');
  }
});

test('the Windows tab shows state sizes and timers, and passes axe', async ({ page }) => {
  const id = '13-timers';
  const f = lessonFacts(id);
  const lp = lessonPage(page);
  const n = f.lesson.steps.findIndex((s) => s.view?.panel === 'windows' && s.scenario !== f.step(1).scenario) + 1 || f.STEPS;
  await page.goto(lessonUrl(`step=${n}`, id));
  await expect(lp.tab('Windows')).toHaveAttribute('aria-selected', 'true');
  const panel = page.getByRole('tabpanel', { name: 'Windows' });
  await expect(panel).toContainText(/state: \d+ (accumulator|elements?)/);
  await screenshot(page, 'time-windows-tab');
  await axeCheck(page);
});

test('in 中文: a time lesson, its plot and its Windows tab speak Chinese', async ({ page }) => {
  const id = '10-parallel-watermarks';
  const f = lessonFacts(id);
  const n = f.lesson.steps.findIndex((s) => s.view?.stage === 'time') + 1;
  await page.goto(lessonUrl(`step=${n}&lang=zh`, id));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(f.titleZh);
  await expect(page.getByTestId('lesson-step')).toHaveText(`第 ${n} 步，共 ${f.STEPS} 步`);
  await expect(page.getByRole('figure', { name: '事件时间' })).toBeVisible();
  await page.getByRole('tab', { name: '窗口' }).click();
  await expect(page.getByRole('tabpanel', { name: '窗口' })).toContainText('水位线');
  await screenshot(page, `time-${id}-zh`);
});

test('scrubbing before a lesson step shows the step in effect, and its checks say when they hold', async ({ page }) => {
  const id = '12-lateness';
  const f = lessonFacts(id);
  const lp = lessonPage(page);
  await page.goto(lessonUrl('step=3', id));
  await expect(lp.stepCounter).toHaveText(`Step 3 of ${f.STEPS}`);
  // The time slider's Home key: the playhead goes to t = 0, before every step of this run.
  await lp.scrub.focus();
  await page.keyboard.press('Home');
  await expect(lp.clock).toHaveText(/^t = 0 ms/);
  await expect(lp.stepCounter).toHaveText(`Step 1 of ${f.STEPS}`);
  await expect(lp.lessonPanel).toContainText(`At this step's moment (t = ${f.step(1).time} ms); the playhead is elsewhere.`);
  // Back at the step's position the note goes away.
  await lp.next.click();
  await lp.previous.click();
  await expect(lp.lessonPanel).not.toContainText("the playhead is elsewhere");
});
