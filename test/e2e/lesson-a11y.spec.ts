// Accessibility of the lesson: axe on the pages a learner sees, every control reachable with Tab,
// the shortcuts help dialog, and playback under prefers-reduced-motion.
import { test, expect, axeCheck, type Page } from './support.ts';
import { clock, frames, lessonPage, lessonUrl, runs, setSpeed, step, stepNo } from './lessonFacts.ts';

const PREDICT = stepNo('predict');
const OUTPUT = stepNo('output');


test('axe: home, the lesson at steps 1, 6 (question), 9, in 中文, and with the help dialog open', async ({ page }) => {
  const lp = lessonPage(page);
  await page.goto('./');
  await expect(page.getByRole('link', { name: /Anatomy of a Flink job/ })).toBeVisible();
  await axeCheck(page);

  for (const n of [1, PREDICT, OUTPUT]) {
    await page.goto(lessonUrl(`step=${n}`));
    await expect(lp.stepCounter).toHaveText(new RegExp(`^Step ${n} of`));
    if (n === PREDICT) await expect(lp.question).toBeVisible();
    await axeCheck(page);
  }

  // After answering: the verdict and the reveal.
  await page.goto(lessonUrl(`step=${PREDICT}`));
  await lp.choice('Keyed Aggregation (1/2)').click();
  await expect(lp.question.getByRole('status')).toBeVisible();
  await axeCheck(page);

  await page.goto(lessonUrl(`step=${PREDICT}&lang=zh`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Flink 作业剖析');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await axeCheck(page);
  await page.goto(lessonUrl('step=1&lang=en'));

  // The help dialog, opened with "?".
  await expect(lp.stepCounter).toHaveText(/^Step 1 of/);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('rowheader', { name: 'Space' })).toBeVisible();
  await expect(help.getByRole('button', { name: 'Close' })).toBeFocused();
  await axeCheck(page);
  // Shortcuts do nothing while the dialog is open; Esc closes it.
  await page.keyboard.press('ArrowRight');
  await expect(lp.clock).toHaveText(clock(0, 0, runs.main!.steps));
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  // The header button opens it too.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(help).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();
});

/** Presses Tab until every wanted control has had focus; returns the names in focus order. */
async function tabThrough(page: Page, wanted: string[], maxPresses = 120): Promise<string[]> {
  const seen: string[] = [];
  const missing = new Set(wanted);
  for (let i = 0; i < maxPresses && missing.size > 0; i++) {
    await page.keyboard.press('Tab');
    // The focused element's role and accessible name, as Playwright computes them: `- button "Play (Space)"`.
    const snapshot = (await page.locator(':focus').count()) ? await page.locator(':focus').ariaSnapshot() : '';
    const name = /^- '?[\w-]+(?: "((?:[^"\\]|\\.)*)")?/.exec(snapshot)?.[1] ?? '';
    seen.push(name);
    missing.delete(name);
  }
  expect([...missing], `never reached with Tab; focus went through:\n${seen.join('\n')}`).toEqual([]);
  return seen;
}

test('every control is reachable with Tab', async ({ page }) => {
  const lp = lessonPage(page);
  await page.goto(lessonUrl(`step=${PREDICT}`));
  await expect(lp.question).toBeVisible();
  const order = await tabThrough(page, [
    'EN',
    '中文',
    'Presenter',
    'Keyboard shortcuts',
    'Share link',
    'Play (Space)',
    'Step forward one event (→)',
    'Simulated time in milliseconds; drag to scrub',
    'Next',
    'Previous',
    'Keyed Aggregation (2/2)',
    'Key groups', // the selected tab (the tab list has one Tab stop; arrows move inside it)
  ]);
  // Subtasks in the graph are focusable too, and the header comes before the player.
  expect(order.some((n) => /^#\d+ count\/1 /.test(n))).toBe(true);
  expect(order.indexOf('EN')).toBeLessThan(order.indexOf('Play (Space)'));

  // Enter on a focused subtask selects it; the tab list is operated with the arrow keys.
  await lp.subtask('count/1').focus();
  await page.keyboard.press('Enter');
  await expect(lp.subtask('count/1')).toHaveAttribute('aria-pressed', 'true');
  await lp.tab('Key groups').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(lp.tab('Inspector')).toBeFocused();
  await expect(lp.tab('Inspector')).toHaveAttribute('aria-selected', 'true');
  await expect(lp.inspector.getByRole('heading', { name: 'Subtask count/1' })).toBeVisible();
  await expect(lp.clock, 'arrow keys in the tab list do not step the player').toHaveText(step(PREDICT).clock);
  // Space on a focused button presses it, and does not also toggle playback.
  await lp.next.focus();
  await page.keyboard.press('Space');
  await expect(lp.stepCounter).toHaveText(`Step ${PREDICT + 1} of 10`);
  await frames(page, 3);
  await expect(lp.play).toBeVisible();
});

test('Space on a focused subtask in the graph selects it and does not start playback', async ({ page }) => {
  const lp = lessonPage(page);
  await page.goto(lessonUrl('step=5'));
  await lp.subtask('count/1').focus();
  await page.keyboard.press('Space');
  await expect(lp.subtask('count/1')).toHaveAttribute('aria-pressed', 'true');
  await frames(page, 3);
  expect(await lp.pause.count(), 'playback started').toBe(0);
  await expect(lp.clock).toHaveText(step(5).clock);
});

test('reduced motion: playback jumps from event to event, with nothing tweened', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const lp = lessonPage(page);
  const main = runs.main!;
  // Step 5: records are on the channels; playback runs from there to the next lesson step, the question.
  await page.goto(lessonUrl(`step=${PREDICT - 1}`));
  await expect(lp.player).toContainText('Reduced motion: playback jumps from event to event.');
  await setSpeed(lp, '25×'); // one event every 30 ms

  // Record every clock reading and every fill the graph is painted with; and on every frame, how many record
  // marks are on the channels and which CSS animations or transitions on them would take visible time (app.css
  // cuts every duration to 0.01 ms under reduced motion, so a moved mark gets a 0.01 ms transition at most).
  await page.evaluate(() => {
    const w = window as unknown as { clockLog: string[]; fills: string[]; marksSeen: number; slowAnimations: string[] };
    w.clockLog = [];
    w.fills = [];
    w.marksSeen = 0;
    w.slowAnimations = [];
    const clockEl = document.querySelector('[data-testid="clock"]')!;
    new MutationObserver(() => w.clockLog.push(clockEl.textContent ?? '')).observe(clockEl, { subtree: true, characterData: true, childList: true });
    const svg = document.querySelector('svg[aria-label^="Execution graph"]')!;
    new MutationObserver((ms) => ms.forEach((m) => w.fills.push((m.target as Element).getAttribute('fill') ?? ''))).observe(svg, {
      subtree: true,
      attributes: true,
      attributeFilter: ['fill'],
    });
    const sample = () => {
      const marks = [...document.querySelectorAll('[role="button"][aria-label*="record #"]')];
      w.marksSeen = Math.max(w.marksSeen, marks.length);
      for (const a of marks.flatMap((el) => el.getAnimations({ subtree: true }))) {
        if (Number(a.effect?.getComputedTiming().duration ?? 0) > 1) {
          w.slowAnimations.push(`${a.constructor.name} ${String((a as CSSTransition).transitionProperty ?? (a as CSSAnimation).animationName)}`);
        }
      }
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });

  await lp.play.click();
  await expect(lp.stepCounter).toHaveText(`Step ${PREDICT} of 10`); // stops at the next lesson step, the question
  await expect(lp.play).toBeVisible();
  await expect(lp.clock).toHaveText(step(PREDICT).clock);

  const log: string[] = await page.evaluate(() => (window as unknown as { clockLog: string[] }).clockLog);
  const readings = log.map((text) => {
    const m = /t = (\d+) ms · event (\d+) \//.exec(text)!;
    return { time: Number(m[1]), step: Number(m[2]) };
  });
  expect(readings.length).toBeGreaterThan(5);
  for (const [i, r] of readings.entries()) {
    // Each reading is a whole event: the time is exactly that event's time, never in between…
    expect(r.time, `reading ${i}: ${log[i]}`).toBe(main.timeOfStep(r.step));
    // …and playback moves one event at a time.
    if (i > 0) expect(r.step - readings[i - 1]!.step, `reading ${i}: ${log[i]}`).toBe(1);
  }
  // Record marks jump from event to event: some were on the channels, none was animated.
  const marks = await page.evaluate(() => {
    const w = window as unknown as { marksSeen: number; slowAnimations: string[] };
    return { marksSeen: w.marksSeen, slowAnimations: w.slowAnimations };
  });
  expect(marks.marksSeen).toBeGreaterThan(0);
  expect(marks.slowAnimations).toEqual([]);
  // Subtask colours change at once: no in-between (interpolated) colours were painted.
  const fills: string[] = await page.evaluate(() => (window as unknown as { fills: string[] }).fills);
  expect(fills.filter((f) => f.startsWith('rgb('))).toEqual([]);
  await frames(page);
});

test('without reduced motion, time flows between events and colours are tweened', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const lp = lessonPage(page);
  const main = runs.main!;
  // Step 3: the tasks deploy; playback runs at 0.1× (100 ms of simulated time take 1 s) to the next lesson step.
  await page.goto(lessonUrl('step=3'));
  await expect(lp.player).not.toContainText('Reduced motion');
  await setSpeed(lp, '0.1×');
  await page.evaluate(() => {
    const w = window as unknown as { fills: string[] };
    w.fills = [];
    const svg = document.querySelector('svg[aria-label^="Execution graph"]')!;
    new MutationObserver((ms) => ms.forEach((m) => w.fills.push((m.target as Element).getAttribute('fill') ?? ''))).observe(svg, {
      subtree: true,
      attributes: true,
      attributeFilter: ['fill'],
    });
  });
  await lp.play.click();
  // Some reading falls between two events' times.
  await expect
    .poll(
      async () => {
        const m = /t = (\d+) ms · event (\d+) \//.exec((await lp.clock.textContent()) ?? '')!;
        return Number(m[1]) !== main.timeOfStep(Number(m[2]));
      },
      { intervals: [16] },
    )
    .toBe(true);
  // Tasks changing state (DEPLOYING → INITIALIZING → RUNNING) fade: d3 paints in-between colours.
  await expect.poll(() => page.evaluate(() => (window as unknown as { fills: string[] }).fills.some((f) => f.startsWith('rgb('))), { intervals: [50] }).toBe(true);
  await expect(lp.stepCounter).toHaveText('Step 4 of 10'); // stopped at the next lesson step
});
