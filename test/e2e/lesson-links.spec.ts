// Links to a lesson frame: the address bar and the Share link button give a URL that reopens the same
// step, time and graph (with the learner's forks), and broken links say which parameter is wrong.
import { test, expect, type Page } from './support.ts';
import { LESSONS, STEPS, frames, lessonPage, lessonUrl, readClock, runs, setSpeed, step } from './lessonFacts.ts';

/** Waits until the address bar holds the frame on screen (it is synced at most every 400 ms), and returns it. */
async function settledUrl(page: Page): Promise<string> {
  const { time } = await readClock(page.getByTestId('clock'));
  const lessonStep = /^Step (\d+) of/.exec((await page.getByTestId('lesson-step').textContent()) ?? '')![1];
  await expect
    .poll(() => new URL(page.url()).hash, { message: `the address bar shows lesson step ${lessonStep} at t = ${time} ms` })
    .toMatch(new RegExp(`[?&]step=${lessonStep}&t=${time}(&|$)`));
  return page.url();
}

/** Clicks Share link and returns what it put on the clipboard. */
async function shareLink(page: Page): Promise<string> {
  const share = page.getByRole('banner').getByRole('button', { name: /Share link$/ });
  await share.click();
  await expect(share).toHaveText(/✓ Share link/);
  await expect(page.getByTestId('announcer')).toHaveText('Link copied to the clipboard. It opens this exact frame.');
  return page.evaluate(() => navigator.clipboard.readText());
}

test('a link to a paused frame reopens the same step, time and graph in a new page', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const lp = lessonPage(page);
  await page.goto(lessonUrl('step=5'));
  await expect(lp.clock).toHaveText(step(5).clock);
  await setSpeed(lp, '0.1×');
  // Step 5 starts as the first sentence's words leave source/0; they take 0.6 s on screen to arrive.
  await expect(lp.records().first()).toBeVisible();
  await lp.play.click();
  await expect.poll(async () => (await readClock(lp.clock)).time, { intervals: [16] }).toBeGreaterThan(step(5).time);
  await lp.pause.click();
  await expect(lp.play).toBeVisible();
  await expect(lp.records().first(), 'paused with records in flight').toBeVisible();

  const clockText = await lp.clock.textContent();
  const counter = await lp.stepCounter.textContent();
  const graph = await lp.executionGraph.ariaSnapshot();
  const fromAddressBar = await settledUrl(page);
  expect(fromAddressBar).toMatch(/#\/lesson\/01-anatomy\?step=5&t=\d+/);
  const fromShare = await shareLink(page);
  expect(fromShare).toBe(fromAddressBar);

  const again = await context.newPage();
  const lp2 = lessonPage(again);
  await again.goto(fromShare);
  await expect(lp2.stepCounter).toHaveText(counter!);
  await expect(lp2.clock).toHaveText(clockText!);
  await expect(lp2.stepTitle).toHaveText(step(5).title);
  await expect(lp2.graphLevel('Execution graph')).toHaveAttribute('aria-pressed', 'true');
  await expect(lp2.graphLevel('Job graph')).toHaveAttribute('aria-pressed', 'false');
  await expect(lp2.graphLevel('Stream graph')).toHaveAttribute('aria-pressed', 'false');
  // The same subtasks in the same states, and the same records on the same channels.
  expect(await lp2.executionGraph.ariaSnapshot()).toEqual(graph);
  await expect(lp2.records().first()).toBeVisible();
  await again.close();

  // A lesson step that shows the StreamGraph reopens on the StreamGraph.
  await lp.previous.click();
  await lp.previous.click();
  await lp.previous.click();
  await lp.previous.click();
  await expect(lp.stepCounter).toHaveText(`Step 1 of ${STEPS}`);
  await expect(lp.graphLevel('Stream graph')).toHaveAttribute('aria-pressed', 'true');
  const third = await context.newPage();
  await third.goto(await settledUrl(page));
  await expect(lessonPage(third).stepCounter).toHaveText(`Step 1 of ${STEPS}`);
  await expect(lessonPage(third).graphLevel('Stream graph')).toHaveAttribute('aria-pressed', 'true');
});

test('a link to a forked run reopens the fork: banner, and the paused subtask still paused', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const lp = lessonPage(page);
  await page.goto(lessonUrl('step=5'));
  const whatIf = lp.graphRegion.getByRole('group', { name: 'What if…' });
  await whatIf.getByRole('combobox', { name: 'Subtask' }).selectOption('count/0');
  await whatIf.getByRole('button', { name: 'Pause subtask' }).click();

  const banner = lp.graphRegion.getByRole('status').filter({ hasText: 'Forked at' });
  await expect(banner).toContainText(`Forked at t = ${step(5).time} ms — the future was re-simulated.`);
  await expect(lp.subtask('count/0')).toHaveAccessibleName(/ paused /);
  await expect(whatIf.getByRole('button', { name: 'Resume subtask' })).toBeVisible();
  // Let the fork play out a little: records queue up at the paused count/0, which processes none.
  for (let i = 0; i < 8; i++) await lp.stepForward.click();
  const stuck = / paused in \d+ · out 0 queue [1-9]/;
  await expect(lp.subtask('count/0')).toHaveAccessibleName(stuck);
  const clockText = await lp.clock.textContent();

  const url = await settledUrl(page);
  expect(new URL(url).hash).toMatch(/[?&]actions=[\w-]+/);
  expect(await shareLink(page)).toBe(url);

  const again = await context.newPage();
  const lp2 = lessonPage(again);
  await again.goto(url);
  const banner2 = lp2.graphRegion.getByRole('status').filter({ hasText: 'Forked at' });
  await expect(banner2).toContainText(`Forked at t = ${step(5).time} ms — the future was re-simulated.`);
  await expect(lp2.clock).toHaveText(clockText!);
  await expect(lp2.subtask('count/0')).toHaveAccessibleName(stuck);
  expect(await lp2.subtask('count/0').getAttribute('aria-label')).toBe(await lp.subtask('count/0').getAttribute('aria-label'));
  await expect(lp2.graphRegion.getByRole('combobox', { name: 'Subtask' }).getByRole('option', { name: 'count/0 (paused)' })).toBeAttached();

  // Back to the original run: no banner, count/0 runs, the link loses its actions.
  await banner2.getByRole('button', { name: 'Back to original' }).click();
  await expect(banner2).toHaveCount(0);
  await expect(lp2.subtask('count/0')).not.toHaveAccessibleName(/ paused /);
  await expect.poll(() => again.url()).not.toContain('actions=');
});

const BAD_LINKS: { hash: string; param: string; message: RegExp }[] = [
  { hash: '#/lesson/nope', param: 'lesson', message: new RegExp(`^There is no lesson “nope”\\. Lessons: ${LESSONS.map((l) => l.id).join(', ')}\\.`) },
  { hash: '#/lesson/01-anatomy?step=99', param: 'step', message: new RegExp(`^step 99 does not exist: this lesson has ${STEPS} steps\\. Use step=1 … step=${STEPS}\\.`) },
  { hash: '#/lesson/01-anatomy?step=0', param: 'step', message: new RegExp(`^step must be a whole number from 1 to ${STEPS}, got “0”`) },
  { hash: '#/lesson/01-anatomy?t=abc', param: 't', message: /^t must be a whole number of milliseconds \(≥ 0\), got “abc”/ },
  { hash: '#/lesson/01-anatomy?step=3&t=99999', param: 't', message: new RegExp(`^t = 99999 ms is past the end of the run \\(${runs.main!.endTime} ms\\)`) },
  { hash: '#/lesson/01-anatomy?actions=@@@', param: 'actions', message: /^actions= \(your forks\) cannot be used \(.+\)\. Remove actions= to open the original run/ },
  { hash: '#/lesson/01-anatomy?lang=fr', param: 'lang', message: /^lang must be en or zh, got “fr”/ },
  { hash: '#/lesson/01-anatomy?seed=x', param: 'seed', message: /^seed must be a whole number/ },
  { hash: '#/nowhere', param: 'path', message: /^There is no page “\/nowhere”/ },
];

for (const bad of BAD_LINKS) {
  test(`a bad link names its parameter and leads home: ${bad.hash}`, async ({ page }) => {
    await page.goto(`./${bad.hash}`);
    const alert = page.getByRole('alert', { name: 'This link cannot be opened' });
    await expect(alert).toBeVisible();
    await expect(alert.getByText(`Parameter: ${bad.param}`, { exact: true })).toBeVisible();
    await expect(page.getByTestId('error-message')).toHaveText(bad.message);
    await expect(page).toHaveTitle(/This link cannot be opened/);
    await frames(page);
    await alert.getByRole('link', { name: 'Back to the lesson list' }).click();
    await expect(page.getByRole('link', { name: /Anatomy of a Flink job/ })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
}

test('an error found once the run is recorded (t past its end) also titles the tab', async ({ page }) => {
  await page.goto(lessonUrl('step=3&t=99999'));
  await expect(page.getByRole('alert')).toContainText('Parameter: t');
  expect(await page.title()).toMatch(/^This link cannot be opened/);
});

test('fixing a bad link in the address bar opens the lesson (no reload needed)', async ({ page }) => {
  await page.goto(lessonUrl('t=abc'));
  await expect(page.getByRole('alert')).toContainText('Parameter: t');
  await page.goto(lessonUrl('step=7'));
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(lessonPage(page).stepCounter).toHaveText(`Step 7 of ${STEPS}`);
  await expect(lessonPage(page).clock).toHaveText(step(7).clock);
});
