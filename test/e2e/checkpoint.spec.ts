// The fault-tolerance lessons 15–20 (barriers, alignment and backpressure, recovery, unaligned checkpoints,
// two-phase commit, backends and savepoints) and their views against the production build: every lesson from
// its card through all its steps to the end of its last run (checks all OK, the question answered,
// screenshots); the graph's blocked channels and the subtask's alignment staying in sync with the simulation
// while scrubbing back; the Checkpoints tab listing the coordinator's history with per-subtask details; axe;
// and 中文. Expectations come from the same lessons and simulator in Node (lessonFacts.ts). Lesson 14 has
// its own spec (snapshot.spec.ts).
import { test, expect, screenshot, axeCheck, type Page } from './support.ts';
import { focusPage, lessonFacts, lessonPage, lessonUrl, readClock, walkLessonSteps, type LessonPage } from './lessonFacts.ts';
import type { Timeline } from '../../src/sim/Timeline.ts';

test.use({ viewport: { width: 1280, height: 800 } });

const CHECKPOINT_LESSONS = ['15-checkpoint-barriers', '16-alignment', '17-recovery', '18-unaligned', '19-two-phase-commit', '20-backends-savepoints'];
const STAGE_NAMES: Record<string, string> = { graph: 'Graph', cluster: 'Cluster', gantt: 'Timeline', jobstatus: 'Job status', time: 'Event time', spacetime: 'Space-time' };
const TAB_NAMES: Record<string, string | RegExp> = {
  inspector: 'Inspector',
  keys: 'Key groups',
  output: /^Output/,
  log: 'Log',
  windows: 'Windows',
  checkpoints: 'Checkpoints',
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The channels barrier alignment blocks in the world after kernel step k (their ids, `1:clicks/0->count/0`). */
function blockedChannels(run: Timeline, k: number): string[] {
  const { plan } = run;
  return run
    .worldAt(k)
    .tasks.flatMap((rt, i) => (rt.checkpoint?.blocked ?? []).map((p) => plan.execution.channels[plan.execution.tasks[i]!.inputs[p]!]!.id))
    .sort();
}

/** The blocked channels the graph draws (ChannelQueues: one img per channel, named `<id>: blocked (aligning checkpoint n), k waiting`). */
async function drawnBlocked(lp: LessonPage): Promise<string[]> {
  const labels = await lp.executionGraph.getByRole('img', { name: /: blocked \(aligning checkpoint \d+\)/ }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return labels.map((l) => l.slice(0, l.indexOf(': blocked'))).sort();
}

const checkpointsPanel = (page: Page, name = 'Checkpoints') => page.getByRole('tabpanel', { name });

for (const id of CHECKPOINT_LESSONS) {
  test(`lesson ${id}: from its card through every step to the end of its last run`, async ({ page }) => {
    test.setTimeout(90_000);
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
      if (s.view.panel) await expect(lp.tab(TAB_NAMES[s.view.panel]!)).toHaveAttribute('aria-selected', 'true');
      if (s.view.panel === 'checkpoints') await expect(checkpointsPanel(page).getByRole('heading', { level: 2, name: 'Checkpoints' })).toBeVisible();
      if (s.view.select?.task) await expect(lp.subtask(s.view.select.task)).toHaveAttribute('aria-pressed', 'true');
      if (s.view.panel === 'checkpoints' && !pictured && n >= f.STEPS / 3) {
        pictured = true;
        await screenshot(page, `checkpoint-${id}-tab`);
      }
    }, (title, body) => test.step(title, body));
    const last = f.step(f.STEPS);
    await focusPage(page);
    await page.keyboard.press('End');
    await expect(lp.clock).toHaveText(last.endClock);
    await expect(lp.checks.getByRole('listitem').filter({ hasText: 'FAIL:' })).toHaveCount(0);
    await screenshot(page, `checkpoint-${id}-end`);
  });
}

test('lesson 16: the blocked channels and the alignment on the graph stay in sync with the simulation while scrubbing back', async ({ page }) => {
  test.setTimeout(90_000);
  const id = '16-alignment';
  const f = lessonFacts(id);
  const lp = lessonPage(page);
  const n = f.stepNo('pressure');
  const run = f.runs[f.step(n).scenario]!;
  const firstBarrier = run.traceUntil(run.steps).find((e) => e.type === 'barrier.sent')!.step;
  await page.goto(lessonUrl(`step=${n}`, id));
  await expect(lp.stepCounter).toHaveText(`Step ${n} of ${f.STEPS}`);
  await expect(lp.clock).toHaveText(f.step(n).clock);

  // At the step: count/0 aligns checkpoint 1 and blocks exactly the channels the world blocks.
  const k0 = f.step(n).step;
  const expected = blockedChannels(run, k0);
  expect(expected.length).toBeGreaterThan(0);
  await expect.poll(() => drawnBlocked(lp)).toEqual(expected);
  await expect(lp.subtask('count/0')).toHaveAccessibleName(/ aligning 1 \(1\/2 barriers\) /);
  await expect(lp.executionGraph.locator('path.channel.aligning')).toHaveCount(expected.length);
  await screenshot(page, 'checkpoint-16-blocked');

  // Back one event at a time to before the first barrier: at every event the graph draws what the world has.
  await focusPage(page);
  let previous = Infinity;
  let sawUnblock = false;
  for (let guard = 0; guard < 200; guard++) {
    const { step } = await readClock(lp.clock);
    expect(step).toBeLessThan(previous);
    previous = step;
    const want = blockedChannels(run, step);
    await expect.poll(() => drawnBlocked(lp), { message: `blocked channels at event ${step}` }).toEqual(want);
    await expect(lp.executionGraph.locator('path.channel.aligning')).toHaveCount(want.length);
    if (want.length > 0) await expect(lp.subtask('count/0')).toHaveAccessibleName(/ aligning 1 \(\d\/2 barriers\) /);
    else sawUnblock = true;
    if (step < firstBarrier) break;
    await page.keyboard.press('ArrowLeft');
    await expect(lp.clock).not.toHaveText(new RegExp(`event ${step} /`));
  }
  expect(sawUnblock).toBe(true);
  expect(previous).toBeLessThan(firstBarrier);
  await expect(lp.executionGraph.getByRole('img', { name: /: blocked \(/ })).toHaveCount(0);
  await expect(lp.executionGraph.locator('path.channel.aligning')).toHaveCount(0);
  await expect(lp.subtask('count/0')).not.toHaveAccessibleName(/aligning/);
});

test('lesson 15: the Checkpoints tab lists the coordinator history; Enter on a row shows its subtasks; axe', async ({ page }) => {
  const id = '15-checkpoint-barriers';
  const f = lessonFacts(id);
  const lp = lessonPage(page);
  const n = f.stepNo('completed');
  const s = f.step(n);
  const run = f.runs[s.scenario]!;
  const history = [...run.worldAt(s.step).checkpointing.coordinator.history].sort((a, b) => b.id - a.id);
  expect(history.length).toBeGreaterThan(0);
  await page.goto(lessonUrl(`step=${n}`, id));
  await expect(lp.clock).toHaveText(s.clock);
  await expect(lp.tab('Checkpoints')).toHaveAttribute('aria-selected', 'true');
  const panel = checkpointsPanel(page);
  const rows = panel.getByTestId('checkpoint-history').locator('tbody tr');
  await expect(rows).toHaveCount(history.length);
  for (const [i, cp] of history.entries()) {
    const row = rows.nth(i);
    await expect(row.getByRole('rowheader')).toContainText(String(cp.id));
    const status = cp.status === 'SUBSUMED' ? 'COMPLETED' : cp.status;
    await expect(row.getByRole('cell').nth(0)).toContainText(status);
    await expect(row.getByRole('cell').nth(1)).toContainText(`${Object.keys(cp.acknowledged).length}/${cp.tasksToWaitFor.length}`);
  }
  // The completed checkpoint's row, opened with the keyboard.
  const done = history.find((h) => h.status === 'COMPLETED' || h.status === 'SUBSUMED')!;
  const rowButton = panel.getByRole('button', { name: String(done.id), exact: true });
  await rowButton.focus();
  await page.keyboard.press('Enter');
  await expect(rowButton).toHaveAttribute('aria-expanded', 'true');
  await expect(panel.getByRole('heading', { name: `Checkpoint ${done.id}: subtasks` })).toBeVisible();
  const subtaskRows = panel.locator('table.subtasks tbody tr');
  await expect(subtaskRows).toHaveCount(done.tasksToWaitFor.length);
  for (const task of done.tasksToWaitFor) {
    const r = subtaskRows.filter({ has: page.getByRole('rowheader', { name: task, exact: true }) });
    await expect(r).toHaveCount(1);
    await expect(r.getByRole('cell').first()).toHaveText(`${done.acknowledged[task]!.ackAt} ms`);
  }
  await screenshot(page, 'checkpoint-15-history');
  await axeCheck(page);
});

test('lesson 16: axe on the graph during barrier alignment', async ({ page }) => {
  const id = '16-alignment';
  const f = lessonFacts(id);
  const lp = lessonPage(page);
  const n = f.stepNo('waiting');
  await page.goto(lessonUrl(`step=${n}`, id));
  await expect(lp.clock).toHaveText(f.step(n).clock);
  await expect(lp.executionGraph.getByRole('img', { name: /: blocked \(aligning checkpoint 1\)/ })).toHaveCount(1);
  await axeCheck(page);
});

test('in 中文: an alignment step, the graph and the Checkpoints tab speak Chinese', async ({ page }) => {
  const id = '16-alignment';
  const f = lessonFacts(id);
  const n = f.stepNo('first-barrier');
  const lp = lessonPage(page);
  await page.goto(lessonUrl(`step=${n}&lang=zh`, id));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(f.titleZh);
  await expect(page.getByTestId('lesson-step')).toHaveText(`第 ${n} 步，共 ${f.STEPS} 步`);
  const tab = page.getByRole('tab', { name: '检查点' });
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  const panel = checkpointsPanel(page, '检查点');
  await expect(panel.getByRole('heading', { level: 2, name: '检查点' })).toBeVisible();
  await expect(panel.getByTestId('checkpoint-history').locator('tbody tr')).toHaveCount(1);
  // The graph's new labels: the subtask aligning, the blocked channel, the legend.
  const graph = page.locator('svg').filter({ has: page.locator('g.subtask') }).first();
  await expect(graph.getByRole('button', { name: /^#\d+ count\/0 / })).toHaveAccessibleName(/对齐中 1（1\/2 个 barrier）/);
  await expect(graph.getByRole('img', { name: /已阻塞（对齐检查点 1）/ })).toHaveCount(1);
  await expect(graph.locator('g.legend')).toHaveAttribute('aria-label', /^图例：/);
  await expect(graph.locator('g.legend')).toContainText('反压');
  await expect(graph.locator('g.legend')).not.toContainText('back-pressured');
  await screenshot(page, 'checkpoint-16-zh');
});
