// Lesson 01-anatomy as a learner uses it, against the production build: open it from the home page,
// play and pause (playback stops at every lesson step), answer the predict-then-reveal question, step
// and scrub, inspect subtasks and records, the job status and the task lifecycle, switch language,
// and go through every step to the end (saving a screenshot of each).
import { test, expect, screenshot } from './support.ts';
import {
  STEPS,
  clock,
  clockAtTime,
  focusPage,
  frames,
  lessonPage,
  lessonUrl,
  readClock,
  runs,
  setSpeed,
  step,
  stepNo,
} from './lessonFacts.ts';

const DEPLOY = stepNo('deploy');
const PREDICT = stepNo('predict');
const KEY_GROUPS = stepNo('key-groups');
const SAME_KEY = stepNo('same-key');
const OUTPUT = stepNo('output');
const FEW_KEYS = stepNo('few-keys');

test('the home page lists the lesson and opens it at its first step', async ({ page }) => {
  await page.goto('./');
  const card = page.getByRole('link', { name: /Anatomy of a Flink job/ });
  await expect(card).toBeVisible();
  await expect(card).toContainText(`${STEPS} steps`);
  await card.click();

  const lp = lessonPage(page);
  await expect(page).toHaveURL(/#\/lesson\/01-anatomy/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anatomy of a Flink job');
  await expect(lp.stepTitle).toHaveText(step(1).title);
  await expect(lp.stepCounter).toHaveText(`Step 1 of ${STEPS}`);
  await expect(lp.clock).toHaveText(step(1).clock);
  // Step 1 shows the StreamGraph: one node per operator.
  await expect(lp.graphLevel('Stream graph')).toHaveAttribute('aria-pressed', 'true');
  await expect(lp.streamGraph.getByRole('button', { name: /^Keyed Aggregation .*keyed/ })).toBeVisible();
  await page.waitForLoadState('networkidle');
});

test('play stops at every lesson step and shows it; Play goes on to the next one', async ({ page }) => {
  const lp = lessonPage(page);
  const announcer = page.getByTestId('announcer');
  await page.goto(lessonUrl());
  await expect(lp.stepCounter).toHaveText(`Step 1 of ${STEPS}`);
  await expect(lp.graphLevel('Stream graph')).toHaveAttribute('aria-pressed', 'true');
  // Steps 1 and 2 begin at the same frame: Play shows step 2 (the job graph) without moving.
  expect(step(2).clock).toBe(step(1).clock);
  await lp.play.click();
  await expect(lp.stepCounter).toHaveText(`Step 2 of ${STEPS}`);
  await expect(lp.stepTitle).toHaveText(step(2).title);
  await expect(lp.graphLevel('Job graph')).toHaveAttribute('aria-pressed', 'true');
  await expect(lp.clock).toHaveText(step(2).clock);
  await expect(lp.play).toBeVisible();
  await expect(announcer).toHaveText(`Lesson step 2 of ${STEPS}: ${step(2).title}`);

  // From here every Play runs to the next step's position, stops, and shows that step.
  await setSpeed(lp, '1×');
  for (let n = DEPLOY; n <= PREDICT; n++) {
    await lp.play.click();
    await expect(lp.stepCounter).toHaveText(`Step ${n} of ${STEPS}`);
    await expect(lp.stepTitle).toHaveText(step(n).title);
    await expect(lp.play).toBeVisible();
    await expect(lp.clock).toHaveText(step(n).clock);
    await expect(announcer).toHaveText(
      step(n).hasQuestion ? 'Paused: a question for you in the lesson panel.' : `Paused at lesson step ${n} of ${STEPS}: ${step(n).title}`,
    );
  }
  // Play at a step's own position moves on (it does not stop there again), even with the question unanswered.
  await lp.play.click();
  await expect(lp.stepCounter).toHaveText(`Step ${KEY_GROUPS} of ${STEPS}`);
  await expect(lp.clock).toHaveText(step(KEY_GROUPS).clock);
  await expect(lp.play).toBeVisible();
});

test('play moves records along the channels, pause stops, and the predict step stops playback', async ({ page }) => {
  const lp = lessonPage(page);
  // Step 5: the first sentence's words have just left source/0 for Keyed Aggregation.
  await page.goto(lessonUrl(`step=${PREDICT - 1}`));
  await expect(lp.clock).toHaveText(step(PREDICT - 1).clock);
  // Slow enough to watch a record cross a channel (60 ms of network latency = 3 s on screen).
  await setSpeed(lp, '0.02×');

  await lp.play.click();
  await expect(lp.pause).toBeVisible();
  await expect
    .poll(async () => (await readClock(lp.clock)).time, { message: 'the clock advances while playing' })
    .toBeGreaterThan(step(PREDICT - 1).time);
  const record = lp.records(/— record #\d+ \(to,1\), on channel source\/0 → count\/1/).first();
  await expect(record).toBeVisible();
  const start = (await record.boundingBox())!;
  await expect
    .poll(
      async () => {
        const b = await record.boundingBox();
        return b ? Math.hypot(b.x - start.x, b.y - start.y) : 0;
      },
      { message: 'the record moves along its channel' },
    )
    .toBeGreaterThan(2);

  await lp.pause.click();
  await expect(lp.play).toBeVisible();
  const paused = await lp.clock.textContent();
  await frames(page, 5);
  await expect(lp.clock, 'the clock stands still once paused').toHaveText(paused!);

  // Play on (faster): playback stops by itself at the question, before the answer shows on screen.
  await setSpeed(lp, '1×');
  await lp.play.click();
  await expect(lp.stepCounter).toHaveText(`Step ${PREDICT} of ${STEPS}`);
  await expect(lp.play).toBeVisible();
  await expect(lp.clock).toHaveText(step(PREDICT).clock);
  await expect(page.getByTestId('announcer')).toHaveText('Paused: a question for you in the lesson panel.');
  await expect(lp.question).toBeVisible();
  await expect(lp.question).toContainText('Which subtask of Keyed Aggregation will count "flink"?');
  await expect(lp.question).toContainText('You can go on without answering.');

  await lp.choice('Keyed Aggregation (2/2)').click();
  await expect(lp.question.getByRole('status')).toHaveText('✓ Right!');
  await expect(lp.choice('Keyed Aggregation (2/2)')).toHaveAttribute('aria-pressed', 'true');
  await expect(lp.question).toContainText('Subtask 2/2, and always that one. keyBy never looks at load.');
  await expect(lp.question).toContainText('key group 98');

  // Answered: playing goes on past the question, to the next lesson step.
  await lp.play.click();
  await expect(lp.stepCounter).toHaveText(`Step ${KEY_GROUPS} of ${STEPS}`);
  await expect(lp.clock).toHaveText(step(KEY_GROUPS).clock);
  await expect(lp.play).toBeVisible();
});

test('a wrong prediction says so and reveals the explanation', async ({ page }) => {
  const lp = lessonPage(page);
  await page.goto(lessonUrl(`step=${PREDICT}`));
  await expect(lp.question).toBeVisible();
  await expect(lp.question.getByRole('status')).toHaveCount(0);
  await expect(lp.question).not.toContainText('always that one');

  await lp.choice('Whichever subtask is less busy at that moment').click();
  await expect(lp.question.getByRole('status')).toHaveText('✗ Not quite. The answer is: Keyed Aggregation (2/2)');
  await expect(lp.choice('Whichever subtask is less busy at that moment')).toHaveAttribute('aria-pressed', 'true');
  await expect(lp.question).toContainText('Subtask 2/2, and always that one. keyBy never looks at load.');
  // One answer only: a second click changes nothing.
  await lp.choice('Keyed Aggregation (2/2)').click();
  await expect(lp.question.getByRole('status')).toHaveText(/^✗ Not quite/);
});

test('step forward and back with the buttons and the keyboard', async ({ page }) => {
  const lp = lessonPage(page);
  const s5 = step(5);
  const main = runs.main!;
  const at = (k: number) => clock(main.timeOfStep(k), k, main.steps);
  await page.goto(lessonUrl('step=5'));
  await expect(lp.clock).toHaveText(s5.clock);
  const before = await lp.executionGraph.ariaSnapshot();

  await lp.stepForward.click();
  await expect(lp.clock).toHaveText(at(s5.step + 1));
  await expect(lp.executionGraph.ariaSnapshot()).resolves.not.toEqual(before);
  await lp.stepBack.click();
  await expect(lp.clock, 'step back returns to the same time').toHaveText(s5.clock);
  expect(await lp.executionGraph.ariaSnapshot(), 'step back returns to the same frame').toEqual(before);

  // Keyboard: → and ← step, Space plays and pauses.
  await focusPage(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(lp.clock).toHaveText(at(s5.step + 2));
  await page.keyboard.press('ArrowLeft');
  await expect(lp.clock).toHaveText(at(s5.step + 1));
  await page.keyboard.press('ArrowLeft');
  await expect(lp.clock).toHaveText(s5.clock);
  expect(await lp.executionGraph.ariaSnapshot()).toEqual(before);

  await page.keyboard.press('Space');
  await expect(lp.pause).toBeVisible();
  await page.keyboard.press('Space');
  await expect(lp.play).toBeVisible();

  // Crossing a lesson step's position moves the lesson step with the playhead.
  await page.goto(lessonUrl('step=4'));
  await expect(lp.stepCounter).toHaveText(`Step 4 of ${STEPS}`);
  await focusPage(page);
  for (let k = step(4).step; k < s5.step; k++) await page.keyboard.press('ArrowRight');
  await expect(lp.clock).toHaveText(s5.clock);
  await expect(lp.stepCounter).toHaveText(`Step 5 of ${STEPS}`);
  await expect(lp.stepTitle).toHaveText(s5.title);
  await page.keyboard.press('ArrowLeft');
  await expect(lp.stepCounter).toHaveText(`Step 4 of ${STEPS}`);

  // Lesson steps: Next / Previous and PageDown / PageUp.
  await lp.next.click();
  await expect(lp.stepCounter).toHaveText(`Step 5 of ${STEPS}`);
  await expect(lp.clock).toHaveText(s5.clock);
  await lp.previous.click();
  await expect(lp.stepCounter).toHaveText(`Step 4 of ${STEPS}`);
  await expect(lp.clock).toHaveText(step(4).clock);
  await focusPage(page);
  await page.keyboard.press('PageDown');
  await expect(lp.stepCounter).toHaveText(`Step 5 of ${STEPS}`);
  await page.keyboard.press('PageUp');
  await expect(lp.stepCounter).toHaveText(`Step 4 of ${STEPS}`);
});

test('Space after a click on a button or a subtask plays and pauses; it does not press it again', async ({ page }) => {
  const lp = lessonPage(page);
  await page.goto(lessonUrl('step=4'));
  // A mouse click on Next → leaves it focused (with no focus ring): Space is play/pause, not Next again.
  await lp.next.click();
  await expect(lp.stepCounter).toHaveText(`Step 5 of ${STEPS}`);
  await expect(lp.next).toBeFocused();
  await page.keyboard.press('Space');
  await expect(lp.pause).toBeVisible();
  await page.keyboard.press('Space');
  await expect(lp.play).toBeVisible();
  await expect(lp.stepCounter, 'Next was not pressed again').toHaveText(`Step 5 of ${STEPS}`);
  // The same after clicking a subtask in the graph (an SVG element with role="button").
  await lp.subtask('count/1').click();
  await expect(lp.subtask('count/1')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Space');
  await expect(lp.pause).toBeVisible();
  await page.keyboard.press('Space');
  await expect(lp.play).toBeVisible();
  await expect(lp.subtask('count/1')).toHaveAttribute('aria-pressed', 'true');
  // A button focused with the keyboard keeps its own Space: Shift+Tab from Next to Previous, Space presses it.
  await lp.next.click();
  await expect(lp.stepCounter).toHaveText(`Step 6 of ${STEPS}`);
  await page.keyboard.press('Shift+Tab');
  await expect(lp.previous).toBeFocused();
  await page.keyboard.press('Space');
  await expect(lp.stepCounter).toHaveText(`Step 5 of ${STEPS}`);
  await frames(page, 3);
  await expect(lp.play).toBeVisible();
});

test('Home and the restart button go to the first lesson step, at time 0', async ({ page }) => {
  const lp = lessonPage(page);
  // Steps 1 and 2 both begin at t = 0: Home lands on step 1, not on step 2.
  expect(step(2).clock).toBe(step(1).clock);
  await page.goto(lessonUrl('step=5'));
  await expect(lp.clock).toHaveText(step(5).clock);
  await focusPage(page);
  await page.keyboard.press('Home');
  await expect(lp.stepCounter).toHaveText(`Step 1 of ${STEPS}`);
  await expect(lp.stepTitle).toHaveText(step(1).title);
  await expect(lp.clock).toHaveText(clock(0, 0, runs.main!.steps));
  await expect(lp.graphLevel('Stream graph')).toHaveAttribute('aria-pressed', 'true');
  // From the last step, which shows another run: back to the first step of the main run.
  await page.goto(lessonUrl(`step=${FEW_KEYS}`));
  await expect(lp.lessonPanel).toContainText('This step shows another run');
  await lp.restart.click();
  await expect(lp.stepCounter).toHaveText(`Step 1 of ${STEPS}`);
  await expect(lp.clock).toHaveText(clock(0, 0, runs.main!.steps));
  await expect(lp.lessonPanel).not.toContainText('This step shows another run');
});

test('the job status badge shows Flink’s JobStatus and changes at the very event it changes', async ({ page }) => {
  const lp = lessonPage(page);
  const main = runs.main!;
  const status = (to: string) => main.trace.find((e) => e.type === 'job.status' && e.to === to)!;
  const created = status('CREATED');
  const running = status('RUNNING');
  const finished = status('FINISHED');
  // The client submits the job first: until the Dispatcher has it, there is no status to show; the
  // JobMaster then builds the ExecutionGraph (CREATED) and starts scheduling (RUNNING).
  const submitted = main.trace.find((e) => e.type === 'rpc.received' && e.to === 'dispatcher')!;
  expect(submitted.step).toBeGreaterThan(0);
  expect(submitted.step).toBeLessThanOrEqual(created.step);
  expect(created.step).toBeLessThan(running.step);
  const at = (k: number) => clock(main.timeOfStep(k), k, main.steps);
  await page.goto(lessonUrl('step=2'));
  await expect(lp.clock).toHaveText(clock(0, 0, main.steps));
  await expect(lp.jobStatus).toHaveText('Job: not submitted yet');
  await focusPage(page);
  for (let k = 0; k < submitted.step - 1; k++) await page.keyboard.press('ArrowRight');
  await expect(lp.clock).toHaveText(at(submitted.step - 1));
  await expect(lp.jobStatus).toHaveText('Job: not submitted yet');
  await page.keyboard.press('ArrowRight');
  await expect(lp.clock).toHaveText(at(submitted.step));
  await expect(lp.jobStatus).not.toHaveText(/not submitted/);
  for (let k = submitted.step; k < created.step; k++) await page.keyboard.press('ArrowRight');
  await expect(lp.clock).toHaveText(clock(created.t, created.step, main.steps));
  await expect(lp.jobStatus).toHaveText('Job: CREATED');
  await expect(lp.jobStatus).toHaveAttribute('data-status', 'CREATED');
  for (let k = created.step; k < running.step - 1; k++) await page.keyboard.press('ArrowRight');
  await expect(lp.clock).toHaveText(at(running.step - 1));
  await expect(lp.jobStatus).toHaveText('Job: CREATED');
  await page.keyboard.press('ArrowRight');
  await expect(lp.clock).toHaveText(clock(running.t, running.step, main.steps));
  await expect(lp.jobStatus).toHaveText('Job: RUNNING');
  await expect(lp.jobStatus).toHaveAttribute('data-status', 'RUNNING');
  // The lesson step "The job starts before its tasks" begins at that event.
  await expect(lp.stepCounter).toHaveText(`Step ${DEPLOY} of ${STEPS}`);

  // FINISHED from its event to the end of the run, RUNNING one event before; the badge is there at the stream level too.
  await page.goto(lessonUrl(`step=${OUTPUT}`));
  await expect(lp.clock).toHaveText(clock(main.endTime, main.steps, main.steps));
  await expect(lp.jobStatus).toHaveText('Job: FINISHED');
  await focusPage(page);
  for (let k = main.steps; k > finished.step; k--) await page.keyboard.press('ArrowLeft');
  await expect(lp.clock).toHaveText(clock(finished.t, finished.step, main.steps));
  await expect(lp.jobStatus).toHaveText('Job: FINISHED');
  await page.keyboard.press('ArrowLeft');
  await expect(lp.jobStatus).toHaveText('Job: RUNNING');
  await lp.graphLevel('Stream graph').click();
  await expect(lp.jobStatus).toHaveText('Job: RUNNING');
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
  await expect(page.getByTestId('job-status')).toHaveText('作业：RUNNING');
});

test('the stream graph shows partitioners only, no chaining; only the execution graph has tasks: the lifecycle and What-if', async ({ page }) => {
  const lp = lessonPage(page);
  await page.goto(lessonUrl());
  await expect(lp.graphLevel('Stream graph')).toHaveAttribute('aria-pressed', 'true');
  await expect(lp.streamGraph.getByText('FORWARD', { exact: true })).toHaveCount(2);
  await expect(lp.streamGraph.getByText('HASH', { exact: true })).toHaveCount(1);
  await expect(lp.streamGraph).not.toContainText('chained');
  const dashed = await lp.streamGraph.locator('path').evaluateAll((ps) => ps.filter((p) => getComputedStyle(p).strokeDasharray !== 'none').length);
  expect(dashed, 'dashed edges at the stream level').toBe(0);
  // The StreamGraph has no tasks: no task lifecycle, no subtask to pause.
  await expect(lp.lifecycle).toHaveCount(0);
  await expect(lp.graphRegion.getByRole('group', { name: 'What if…' })).toHaveCount(0);
  // The JobGraph has chains but no tasks either: no lifecycle, no What-if; the ExecutionGraph has both.
  await lp.graphLevel('Job graph').click();
  await expect(lp.jobGraph).toBeVisible();
  await expect(lp.jobGraph.getByRole('button', { name: /^#\d+ / })).toHaveCount(0);
  await expect(lp.lifecycle).toHaveCount(0);
  await expect(lp.whatIf).toHaveCount(0);
  await lp.graphLevel('Execution graph').click();
  await expect(lp.executionGraph.getByRole('button', { name: /^#\d+ / })).toHaveCount(4);
  await expect(lp.lifecycle).toBeVisible();
  await expect(lp.whatIf).toBeVisible();
});

test('clicking in the graph shows the Inspector, and the task lifecycle follows the selection', async ({ page }) => {
  const lp = lessonPage(page);
  // 330 ms, the predict step: the Key groups tab is open and three records are in flight.
  await page.goto(lessonUrl(`step=${PREDICT}&t=330`));
  await expect(lp.tab('Key groups')).toHaveAttribute('aria-selected', 'true');
  // Nothing selected: the first subtask of the last job vertex, and how to choose another.
  await expect(lp.lifecycle).toHaveAccessibleName(/^Task lifecycle: ExecutionState of count\/0 \(select a subtask to see its lifecycle\)/);

  // A subtask: the Inspector shows it, the lifecycle too.
  await lp.subtask('source/1').click();
  await expect(lp.tab('Inspector')).toHaveAttribute('aria-selected', 'true');
  await expect(lp.inspector.getByRole('heading', { name: 'Subtask source/1' })).toBeVisible();
  await expect(lp.lifecycle).toHaveAccessibleName(/^Task lifecycle: ExecutionState of source\/1 /);
  await expect(lp.lifecycle).not.toHaveAccessibleName(/select a subtask/);

  // A record on its way from source/1 to count/0 (with another tab open): the subtask it travels to.
  await lp.tab(/^Output/).click();
  await lp.records(/record #\d+ \(fast,1\), on channel source\/1 → count\/0/).click();
  await expect(lp.tab('Inspector')).toHaveAttribute('aria-selected', 'true');
  await expect(lp.inspector.getByRole('heading', { name: /^Record #\d+$/ })).toBeVisible();
  await expect(lp.lifecycle).toHaveAccessibleName(/^Task lifecycle: ExecutionState of count\/0 /);
  await expect(lp.lifecycle).not.toHaveAccessibleName(/select a subtask/);

  // An operator: its first subtask.
  await lp.tab('Log').click();
  await lp.executionGraph.getByRole('button', { name: /^Source: Sentences — operator source$/ }).click();
  await expect(lp.tab('Inspector')).toHaveAttribute('aria-selected', 'true');
  await expect(lp.lifecycle).toHaveAccessibleName(/^Task lifecycle: ExecutionState of source\/0 /);

  // A subtask chosen in the Key groups table: the Inspector shows it too.
  await lp.tab('Key groups').click();
  const keys = page.getByRole('region', { name: 'Keys seen so far' });
  // A wide table scrolls inside its own region (reachable with Tab), not past the panel's edge.
  await expect(keys).toHaveAttribute('tabindex', '0');
  await expect(keys).toHaveCSS('overflow-x', 'auto');
  await expect(keys.getByRole('table', { name: 'Keys seen so far' })).toBeVisible();
  await expect(keys.getByRole('button', { name: /^#/ })).toHaveCount(0);
  await keys.getByRole('button', { name: 'count/1', exact: true }).first().click();
  await expect(lp.tab('Inspector')).toHaveAttribute('aria-selected', 'true');
  await expect(lp.inspector.getByRole('heading', { name: 'Subtask count/1' })).toBeVisible();
  await expect(lp.lifecycle).toHaveAccessibleName(/^Task lifecycle: ExecutionState of count\/1 /);
});

test('after answering, the verdict and the explanation come into view and take focus (1280×800)', async ({ page }) => {
  const lp = lessonPage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(lessonUrl(`step=${PREDICT}`));
  const verdict = lp.question.getByRole('status');
  await lp.choice('Keyed Aggregation (2/2)').click();
  await expect(verdict).toHaveText('✓ Right!');
  const feedback = verdict.locator('xpath=..');
  await expect(feedback).toBeFocused();
  await expect(verdict).toBeInViewport({ ratio: 1 });
  await expect(feedback.getByText('key group 98')).toBeInViewport();
  // Focus left the choices: Space now plays and pauses.
  await page.keyboard.press('Space');
  await expect(lp.pause).toBeVisible();
  await page.keyboard.press('Space');
  await expect(lp.play).toBeVisible();
});

test('scrub to a time with the range, its keys and the mouse; jump to a lesson step marker', async ({ page }) => {
  const lp = lessonPage(page);
  await page.goto(lessonUrl());
  await expect(lp.clock).toHaveText(step(1).clock);

  // 330 ms: "flink is fast" is on its way to Keyed Aggregation, and the lesson is at the question.
  await lp.scrub.fill('330');
  await expect(lp.clock).toHaveText(clockAtTime(330));
  await expect(lp.stepCounter).toHaveText(`Step ${PREDICT} of ${STEPS}`);
  await expect(lp.graphLevel('Execution graph')).toHaveAttribute('aria-pressed', 'true');
  await expect(lp.records(/record #\d+ \(flink,1\), on channel source\/1 → count\/1/)).toBeVisible();
  await expect(lp.records(/record #\d+ \(fast,1\), on channel source\/1 → count\/0/)).toBeVisible();
  await expect(lp.subtask('source/1')).toHaveAccessibleName(/ read 1 · out 3 /);

  const end = runs.main!.endTime;
  await lp.scrub.press('Home');
  await expect(lp.clock).toHaveText(clockAtTime(0));
  await expect(lp.records()).toHaveCount(0);
  await lp.scrub.press('End');
  await expect(lp.clock).toHaveText(clock(end, runs.main!.steps, runs.main!.steps));
  await expect(lp.stepCounter).toHaveText(`Step ${OUTPUT} of ${STEPS}`);
  await expect(lp.subtask('count/1')).toHaveAccessibleName(/ FINISHED /);
  await lp.scrub.press('ArrowLeft');
  await expect(lp.clock).toHaveText(clockAtTime(end - 1));
  await expect(lp.scrub).toHaveValue(String(end - 1));

  // Drag the thumb to the middle of the bar.
  const box = (await lp.scrub.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.02, box.y + box.height / 2);
  const left = Number(await lp.scrub.inputValue());
  expect(left).toBeLessThan(end * 0.1);
  await page.mouse.move(box.x + box.width * 0.02, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  const middle = Number(await lp.scrub.inputValue());
  expect(middle).toBeGreaterThan(end * 0.35);
  expect(middle).toBeLessThan(end * 0.65);
  await expect(lp.clock).toHaveText(clockAtTime(middle));

  // The numbered lesson-step flags above the bar.
  await lp.lessonMarker(SAME_KEY).click();
  await expect(lp.stepCounter).toHaveText(`Step ${SAME_KEY} of ${STEPS}`);
  await expect(lp.stepTitle).toHaveText(step(SAME_KEY).title);
  await expect(lp.clock).toHaveText(step(SAME_KEY).clock);
  await expect(lp.lessonMarker(SAME_KEY)).toHaveAttribute('aria-current', 'step');
  // The ★ marker: the first line printed.
  await lp.graphRegion.getByRole('button', { name: /first output “2> \(to,1\)”/ }).click();
  await expect(lp.tab(/^Output/)).toContainText('1');
});

test('every lesson-step flag on the scrub bar can be clicked', async ({ page }) => {
  const lp = lessonPage(page);
  await page.goto(lessonUrl('step=5'));
  const covered: number[] = [];
  for (let n = 1; n <= 9; n++) {
    const onTop = await lp.lessonMarker(n).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
    });
    if (!onTop) covered.push(n);
  }
  expect(covered, 'flags covered by another flag').toEqual([]);
});

test('inspect a subtask, its keyed state, and an in-flight record', async ({ page }) => {
  const lp = lessonPage(page);
  await page.goto(lessonUrl('step=5'));
  await expect(lp.subtask('count/1')).toBeVisible();

  await lp.subtask('count/1').click();
  await expect(lp.subtask('count/1')).toHaveAttribute('aria-pressed', 'true');
  await expect(lp.tab('Inspector')).toHaveAttribute('aria-selected', 'true');
  await expect(lp.inspector.getByRole('heading', { name: 'Subtask count/1' })).toBeVisible();
  await expect(lp.inspector.getByRole('definition').first()).toHaveText('Keyed Aggregation -> Sink: Print to Std. Out (2/2)');
  await expect(lp.inspector.getByRole('definition').nth(1)).toContainText('RUNNING');
  const keyed = lp.inspector.getByRole('table', { name: /^Keyed state: Keyed Aggregation/ });
  await expect(keyed).toBeVisible();
  await expect(keyed.getByRole('row')).toHaveCount(2);
  await expect(keyed).toContainText('no keyed state yet');

  // After the second "flink" reached count/1: the key flink, in key group 98, counts 2.
  await lp.lessonMarker(SAME_KEY).click();
  await expect(lp.stepCounter).toHaveText(`Step ${SAME_KEY} of ${STEPS}`);
  await expect(lp.inspector.getByRole('heading', { name: 'Subtask count/1' })).toBeVisible();
  await expect(keyed.getByRole('row', { name: /^flink / })).toHaveText(/flink\s*98\s*\(flink,2\)/);
  await expect(keyed.getByRole('row', { name: /^to / })).toHaveText(/to\s*91\s*\(to,2\)/);
  // count/0 holds the other keys.
  await lp.subtask('count/0').click();
  await expect(lp.inspector.getByRole('heading', { name: 'Subtask count/0' })).toBeVisible();
  await expect(keyed.getByRole('row', { name: /^not / })).toHaveText(/not\s*58\s*\(not,1\)/);
  await expect(keyed.getByRole('row', { name: /^flink / })).toHaveCount(0);

  // "to flink or not" was just sent by source/1: click the (flink,1) on its way to count/1.
  const flink = lp.records(/record #\d+ \(flink,1\), on channel source\/1 → count\/1/);
  await expect(flink).toHaveCount(1);
  await flink.click();
  await expect(flink).toHaveAttribute('aria-pressed', 'true');
  await expect(lp.inspector.getByRole('heading', { name: /^Record #\d+$/ })).toBeVisible();
  const dd = (term: string) => lp.inspector.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
  await expect(dd('Value')).toHaveText('(flink,1)');
  await expect(dd('Key')).toHaveText('flink');
  await expect(dd('Key group')).toHaveText('98');
  await expect(dd('Produced by')).toContainText('Flat Map');
  await expect(dd('Produced by')).toContainText('source/1');
  await expect(dd('Where')).toContainText('on channel source/1 → count/1');
  await expect(dd('Origin')).toContainText('source/1');
  await expect(lp.inspector.getByRole('heading', { name: 'Derived from' })).toBeVisible();

  // Follow "Produced by" to the subtask that sent it.
  await dd('Produced by').getByRole('button', { name: 'source/1' }).click();
  await expect(lp.inspector.getByRole('heading', { name: 'Subtask source/1' })).toBeVisible();
  await expect(lp.inspector.getByRole('definition').first()).toHaveText('Source: Sentences -> Flat Map (2/2)');
});

test('switch the language to 中文 and back', async ({ page }) => {
  const lp = lessonPage(page);
  await page.goto(lessonUrl(`step=${PREDICT}`));
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anatomy of a Flink job');

  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Flink 作业剖析');
  await expect(page.locator('html')).toHaveAttribute('lang', /^zh(-CN)?$/);
  await expect(page.getByRole('complementary').getByRole('heading', { level: 2 }).first()).toHaveText(step(PREDICT).titleZh);
  await expect(page.getByTestId('lesson-step')).toHaveText(`第 ${PREDICT} 步，共 ${STEPS} 步`);
  await expect(page.getByRole('complementary')).toContainText('它的 Flat Map 会把二元组 (flink,1) 发到 HASH 边上。');
  await expect(page.getByRole('group', { name: '先预测' })).toContainText('哪一个 Keyed Aggregation 子任务会统计 "flink"');
  await page.getByRole('group', { name: '先预测' }).getByRole('button', { name: '两个都会：计数被分摊到两个子任务上' }).click();
  await expect(page.getByRole('group', { name: '先预测' }).getByRole('status')).toHaveText('✗ 不太对。正确答案是：Keyed Aggregation (2/2)');
  await expect(page.getByRole('button', { name: '播放（空格）' })).toBeVisible();
  await expect(page.getByTestId('clock')).toHaveText(`t = ${step(PREDICT).time} ms · 事件 ${step(PREDICT).step} / ${step(PREDICT).steps}`);
  await expect(page).toHaveTitle(/^Flink 作业剖析/);
  await expect.poll(() => page.url()).toContain('lang=zh');

  await page.getByRole('group', { name: '语言' }).getByRole('button', { name: 'EN' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Anatomy of a Flink job');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(lp.stepTitle).toHaveText(step(PREDICT).title);
  await expect(lp.clock).toHaveText(step(PREDICT).clock);
  await expect(lp.question.getByRole('status')).toHaveText('✗ Not quite. The answer is: Keyed Aggregation (2/2)');
  await expect.poll(() => page.url()).toContain('lang=en');
});

test('the whole lesson, Next by Next, to its last step (screenshots of every step)', async ({ page }) => {
  const lp = lessonPage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(lessonUrl());

  for (let n = 1; n <= STEPS; n++) {
    const s = step(n);
    await expect(lp.stepCounter).toHaveText(`Step ${n} of ${STEPS}`);
    await expect(lp.stepTitle).toHaveText(s.title);
    await expect(lp.clock).toHaveText(s.clock);
    if (s.hasQuestion) {
      await lp.choice('Keyed Aggregation (2/2)').click();
      await expect(lp.question.getByRole('status')).toHaveText('✓ Right!');
    }
    // Every check the simulation verifies at this step holds in the original run.
    await expect(lp.checks.getByRole('listitem').filter({ hasText: 'OK:' })).toHaveCount(s.checks);
    await expect(lp.checks.getByRole('listitem').filter({ hasText: 'FAIL:' })).toHaveCount(0);
    if (n === OUTPUT) {
      await expect(lp.tab(/^Output/)).toHaveAttribute('aria-selected', 'true');
      await expect(lp.output).toContainText('2> (flink,3)');
      await expect(lp.output).toContainText('1> (not,2)');
      await expect(lp.output.getByText(/^\d> \(\w+,\d\)$/)).toHaveCount(16);
      await expect(lp.subtask('count/1')).toHaveAccessibleName(/ FINISHED /);
    }
    await screenshot(page, `lesson-en-step-${n}`);
    if (n < STEPS) await lp.next.click();
  }

  // The last step: the one-key run. Every check holds, and count/0 got nothing.
  expect(STEPS).toBe(FEW_KEYS);
  await expect(lp.next).toBeDisabled();
  await expect(lp.lessonPanel).toContainText('This step shows another run: “Word count with a single key”.');
  await expect(lp.lessonPanel).toContainText('subtask 1/2 receives nothing');
  await expect(lp.checks.getByRole('listitem')).toHaveCount(3);
  await expect(lp.checks.getByRole('listitem').filter({ hasText: 'OK:' })).toHaveCount(3);
  await expect(lp.checks).toContainText('count/0 received 0 records');
  await expect(lp.checks).toContainText('count/1 received 6 records');
  await expect(lp.subtask('count/0')).toHaveAccessibleName(/ in 0 · out 0 /);
  await expect(lp.clock).toHaveText(step(FEW_KEYS).clock);

  // Previous goes back to the main run's end.
  await lp.previous.click();
  await expect(lp.stepCounter).toHaveText(`Step ${OUTPUT} of ${STEPS}`);
  await expect(lp.clock).toHaveText(step(OUTPUT).clock);
});
