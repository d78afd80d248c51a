// The runtime lessons (02–07) and the runtime views, as a learner uses them against the production
// build: every lesson from its home-page card through all its steps to the end of its last run; faults
// injected by click (a failed subtask, a killed TaskManager) and what the Timeline, the cluster view,
// the Inspector and the job status badge then show; the three graph levels; the memory model; axe on
// the cluster, timeline and job status views and the Memory tab.
// Expectations come from the same lessons and simulator in Node (lessonFacts.ts): a fork made by a
// click in the page is made again in Node with Timeline.fork, and the page must show that run.
import { test, expect, screenshot, axeCheck, type Page } from './support.ts';
import { LESSONS, clock, focusPage, lessonFacts, lessonPage, lessonUrl, walkLessonSteps, type LessonPage } from './lessonFacts.ts';
import type { Timeline } from '../../src/sim/Timeline.ts';
import type { Action } from '../../src/sim/actions.ts';

test.use({ viewport: { width: 1280, height: 800 } });

const RUNTIME_LESSONS = ['02-cluster', '03-graphs-slots', '04-lifecycle', '05-scheduling', '06-failover', '07-memory'];
/** Lessons whose mid step is also pictured in 中文. */
const ZH_PICTURES = new Set(['02-cluster', '04-lifecycle']);

const STAGE_NAMES = { graph: 'Graph', cluster: 'Cluster', gantt: 'Timeline', jobstatus: 'Job status' } as const;
const LEVEL_NAMES = { stream: 'Stream graph', job: 'Job graph', execution: 'Execution graph' } as const;
const TAB_NAMES = { inspector: 'Inspector', keys: 'Key groups', output: /^Output/, log: 'Log', jobstatus: 'Job status', memory: 'Memory' } as const;
type Stage = keyof typeof STAGE_NAMES;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The world at the end of a run, and a task's runtime in it. */
const endWorld = (tl: Timeline) => tl.worldAt(tl.steps);
const taskIndex = (tl: Timeline, id: string) => tl.plan.execution.tasks.find((t) => t.id === id)!.index;

/** What the page does on a What-if click: fork at the playhead, then move to where the action applied. */
function forkLikeThePage(tl: Timeline, action: Action, at: { step: number; time: number }) {
  const next = tl.fork(action, at);
  const applied = next.traceBetween(at.step, next.steps).find((e) => e.type === 'action.applied')!;
  return { tl: next, at: { step: applied.step, time: applied.t } };
}

/** The lesson step a middle picture shows: a step on the cluster or timeline stage, nearest the middle. */
function middleStep(f: ReturnType<typeof lessonFacts>): number {
  const candidates = f.lesson.steps.map((_, i) => i + 1).filter((n) => ['cluster', 'gantt'].includes(f.step(n).view.stage ?? ''));
  expect(candidates.length, `${f.id} has a step on the cluster or timeline stage`).toBeGreaterThan(0);
  const middle = (f.STEPS + 1) / 2;
  return candidates.reduce((best, n) => (Math.abs(n - middle) < Math.abs(best - middle) ? n : best));
}

/** Checks that the stage (and on the graph stage, the level) a lesson step asks for is shown. */
async function expectStage(lp: LessonPage, stage: Stage, level?: keyof typeof LEVEL_NAMES) {
  for (const [id, name] of Object.entries(STAGE_NAMES)) await expect(lp.stage(name)).toHaveAttribute('aria-pressed', String(id === stage));
  if (stage === 'graph') {
    await expect(lp.graphRegion.getByRole('group', { name: 'Graph level' })).toBeVisible();
    if (level) await expect(lp.graphLevel(LEVEL_NAMES[level])).toHaveAttribute('aria-pressed', 'true');
  } else {
    await expect(lp.graphRegion.getByRole('group', { name: 'Graph level' })).toHaveCount(0);
  }
  if (stage === 'cluster') await expect(lp.cluster).toBeVisible();
  if (stage === 'gantt') await expect(lp.timeline).toBeVisible();
  if (stage === 'jobstatus') await expect(lp.graphRegion.getByRole('img', { name: /^Job lifecycle: JobStatus\. current state: / })).toBeVisible();
}

for (const id of RUNTIME_LESSONS) {
  test(`lesson ${id}: from its card through every step to the end of its last run`, async ({ page }) => {
    const f = lessonFacts(id);
    const lp = lessonPage(page);
    const mid = middleStep(f);
    await page.goto('./');
    const card = page.getByRole('link', { name: new RegExp(escape(f.title)) });
    await expect(card).toContainText(`${f.STEPS} steps`);
    await card.click();
    await expect(page).toHaveURL(new RegExp(`#/lesson/${id}`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(f.title);

    let stage: Stage = 'graph';
    await walkLessonSteps(page, lp, f, async (n, s) => {
      // The step's view: a step naming a graph level and no stage shows the graph stage.
      stage = (s.view.stage as Stage | undefined) ?? (s.view.graph ? 'graph' : stage);
      await expectStage(lp, stage, s.view.graph);
      if (s.view.panel) await expect(lp.tab(TAB_NAMES[s.view.panel as keyof typeof TAB_NAMES])).toHaveAttribute('aria-selected', 'true');
      if (n > 1 && s.scenario !== f.step(1).scenario) await expect(lp.lessonPanel).toContainText(`This step shows another run: “${s.scenarioName}”.`);
      if (n === mid) await screenshot(page, `runtime-${id}-mid`);
    }, (title, body) => test.step(title, body));

    // The last step; End plays its run to the end.
    const last = f.step(f.STEPS);
    const run = f.runs[last.scenario]!;
    await expect(lp.next).toBeDisabled();
    await focusPage(page);
    await page.keyboard.press('End');
    await expect(lp.clock).toHaveText(last.endClock);
    await expect(lp.stepCounter).toHaveText(`Step ${f.STEPS} of ${f.STEPS}`);
    await expect(lp.jobStatus).toHaveText(`Job: ${endWorld(run).jobStatus}`);
    await expect(lp.checks.getByRole('listitem').filter({ hasText: 'FAIL:' })).toHaveCount(0);
    await screenshot(page, `runtime-${id}-end`);

    if (ZH_PICTURES.has(id)) {
      await page.goto(lessonUrl(`step=${mid}&lang=zh`, id));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(f.titleZh);
      await expect(page.getByTestId('lesson-step')).toHaveText(`第 ${mid} 步，共 ${f.STEPS} 步`);
      await expect(page.getByRole('complementary').getByRole('heading', { level: 2 }).first()).toHaveText(f.step(mid).titleZh);
      await expect(page.getByTestId('clock')).toHaveText(`t = ${f.step(mid).time} ms · 事件 ${f.step(mid).step} / ${f.step(mid).steps}`);
      await screenshot(page, `runtime-${id}-mid-zh`);
    }
  });
}

/** The Timeline's text alternative: one row per subtask (state, attempt, since, failures). */
function timelineRow(lp: LessonPage, task: string) {
  const row = lp.timeline.getByRole('table').getByRole('row', { name: new RegExp(`^${escape(task)} `) });
  return {
    row,
    state: row.getByRole('cell').nth(1),
    attempt: row.getByRole('cell').nth(2),
    failures: row.getByRole('cell').nth(4),
  };
}

/** A subtask's label button on the Timeline (selects it; shows ↻n after a restart). */
const timelineLabel = (lp: LessonPage, task: string) => lp.timeline.getByRole('button', { name: new RegExp(`^${escape(task)}\\b`) });

/** The Inspector's value for a term ("Attempt", "Deployed in"…). */
const inspectorValue = (lp: LessonPage, term: string) =>
  lp.inspector.getByRole('term').filter({ hasText: new RegExp(`^${escape(term)}$`) }).locator('xpath=following-sibling::dd[1]');

test('fail a subtask by click in lesson 01 (no restart strategy): the run forks, the Timeline shows the failure, the job FAILS', async ({ page }) => {
  const f = lessonFacts('01-anatomy');
  const lp = lessonPage(page);
  const s5 = f.step(5);
  const main = f.runs.main!;
  const { tl: forked, at } = forkLikeThePage(main, { type: 'failTask', task: 'count/1' }, { step: s5.step, time: s5.time });
  const failed = forked.trace.find((e) => e.type === 'task.state' && e.task === 'count/1' && e.to === 'FAILED')!;
  const jobFailed = forked.trace.find((e) => e.type === 'job.status' && e.to === 'FAILED')!;
  expect(endWorld(forked).jobStatus).toBe('FAILED');
  expect(endWorld(main).jobStatus).toBe('FINISHED');

  await page.goto(lessonUrl('step=5'));
  await expect(lp.clock).toHaveText(s5.clock);
  await expect(lp.executionGraph).toBeVisible();
  await lp.subtask('count/1').click();
  await expect(lp.subtask('count/1')).toHaveAttribute('aria-pressed', 'true');
  await expect(lp.whatIf.getByRole('combobox', { name: 'Subtask' })).toHaveValue('count/1');
  await expect(lp.fault('Fail subtask')).toBeEnabled();
  await lp.fault('Fail subtask').click();

  await expect(lp.forkBanner).toContainText(`Forked at t = ${s5.time} ms — the future was re-simulated.`);
  await expect(page.getByTestId('announcer')).toHaveText(`You made count/1 fail at t = ${s5.time} ms: its user code threw an exception. The future was re-simulated.`);
  await expect(lp.clock).toHaveText(clock(at.time, at.step, forked.steps));
  await expect(lp.jobStatus).toHaveText('Job: RUNNING');

  await focusPage(page);
  await page.keyboard.press('End');
  await expect(lp.clock).toHaveText(clock(forked.endTime, forked.steps, forked.steps));
  await lp.stage('Timeline').click();
  await expect(lp.timeline).toBeVisible();
  const row = timelineRow(lp, 'count/1');
  await expect(row.state).toHaveText('FAILED');
  await expect(row.failures).toHaveText('1');
  await expect(row.attempt).toHaveText('↻0');
  // The ✕ on count/1's row, at the time it failed.
  await expect(lp.timeline.locator('svg text.fail').filter({ hasText: `failed at ${failed.t} ms` })).toHaveCount(1);
  for (const other of ['source/0', 'source/1', 'count/0']) await expect(timelineRow(lp, other).state).toHaveText('CANCELED');
  // No restart strategy: the job FAILED.
  await expect(lp.timeline).toContainText(`Job status: FAILED since ${jobFailed.t} ms.`);
  await expect(lp.jobStatus).toHaveText('Job: FAILED');
  await expect(lp.jobStatus).toHaveAttribute('data-status', 'FAILED');
  await expect(lp.forkBanner).toBeVisible();
  await screenshot(page, 'runtime-fail-subtask-01');
});

test('fail a subtask by click where the job restarts (lesson 06): the Timeline marks attempt ↻1, the Inspector shows attempt 1', async ({ page }) => {
  const f = lessonFacts('06-failover');
  const lp = lessonPage(page);
  const s2 = f.step(2);
  const region = f.runs[s2.scenario]!;
  // Pipeline B never restarts in the lesson's run: attempt 1 of mapB/0 can only come from this click.
  const mapB0 = taskIndex(region, 'mapB/0');
  expect(endWorld(region).tasks[mapB0]!.attempt).toBe(0);
  const { tl: forked } = forkLikeThePage(region, { type: 'failTask', task: 'mapB/0' }, { step: s2.step, time: s2.time });
  const end = endWorld(forked);
  expect(end.tasks[mapB0]!.attempt).toBe(1);
  const newAttempt = forked.trace.find((e) => e.type === 'task.state' && e.task === 'mapB/0' && e.attempt === 1)!;

  await page.goto(lessonUrl('step=2', f.id));
  await expect(lp.clock).toHaveText(s2.clock);
  await expectStage(lp, 'gantt');
  await timelineLabel(lp, 'mapB/0').click();
  await expect(timelineLabel(lp, 'mapB/0')).toHaveAttribute('aria-pressed', 'true');
  await expect(lp.tab('Inspector')).toHaveAttribute('aria-selected', 'true');
  await expect(inspectorValue(lp, 'Attempt')).toHaveText('0 (the first)');
  await lp.fault('Fail subtask').click();
  await expect(lp.forkBanner).toContainText(`Forked at t = ${s2.time} ms — the future was re-simulated.`);

  await focusPage(page);
  await page.keyboard.press('End');
  await expect(lp.clock).toHaveText(clock(forked.endTime, forked.steps, forked.steps));
  await expect(lp.jobStatus).toHaveText(`Job: ${end.jobStatus}`);
  const label = timelineLabel(lp, 'mapB/0');
  await expect(label).toHaveAccessibleName(new RegExp(`: ${end.tasks[mapB0]!.state}, Execution attempt ↻1$`));
  await expect(label.getByText('↻1', { exact: true })).toBeVisible();
  await expect(timelineRow(lp, 'mapB/0').attempt).toHaveText('↻1');
  await expect(timelineRow(lp, 'mapB/0').failures).toHaveText('1');
  // The attempt's start is marked on its row too.
  await expect(lp.timeline.locator('svg g.attempt').filter({ hasText: `execution attempt #1 starts at ${newAttempt.t} ms` }).first()).toBeAttached();
  await label.click();
  await expect(lp.tab('Inspector')).toHaveAttribute('aria-selected', 'true');
  await expect(lp.inspector.getByRole('heading', { name: 'Subtask mapB/0' })).toBeVisible();
  await expect(inspectorValue(lp, 'Attempt')).toHaveText('1');
  await screenshot(page, 'runtime-fail-subtask-06');
});

test('kill a TaskManager with its Kill button (lesson 06), add one: the TaskManager shows killed, the tasks run again elsewhere', async ({ page }) => {
  const f = lessonFacts('06-failover');
  const lp = lessonPage(page);
  const s2 = f.step(2);
  const region = f.runs[s2.scenario]!;
  // The page's two forks, made again in Node.
  const killed = forkLikeThePage(region, { type: 'killTaskManager', taskManager: 'tm-1' }, { step: s2.step, time: s2.time });
  const added = forkLikeThePage(killed.tl, { type: 'addTaskManager' }, killed.at);
  const tl = added.tl;
  expect(tl.worldAt(added.at.step).cluster.taskManagers.map((t) => t.id)).toContain('tm-3');
  // A subtask that ran on tm-1: the first time its next attempt is seen RUNNING on another TaskManager
  // (as the page shows a time: the last event at that time).
  const onTm1 = tl.plan.execution.tasks.filter((t) => region.worldAt(s2.step).tasks[t.index]!.location?.tm === 'tm-1');
  expect(onTm1.length).toBeGreaterThan(0);
  let rerun: { task: string; index: number; t: number; tm: string; slot: number } | null = null;
  for (let k = added.at.step; k <= tl.steps && !rerun; k++) {
    const t = tl.timeOfStep(k);
    const w = tl.worldAt(tl.stepAtTime(t));
    for (const tp of onTm1) {
      const rt = w.tasks[tp.index]!;
      if (rt.state === 'RUNNING' && rt.attempt === 1 && rt.location && rt.location.tm !== 'tm-1') {
        rerun = { task: tp.id, index: tp.index, t, tm: rt.location.tm, slot: rt.location.slot };
        break;
      }
    }
  }
  expect(rerun, 'a subtask of tm-1 runs again elsewhere').not.toBeNull();
  const { task: moved, tm: whereTm, slot: whereSlot } = rerun!;
  const where = { tm: whereTm, slot: whereSlot };

  await page.goto(lessonUrl('step=2', f.id));
  await expect(lp.clock).toHaveText(s2.clock);
  await lp.stage('Cluster').click();
  await expect(lp.cluster).toBeVisible();
  const tmRow = (tm: string) => lp.clusterText.getByRole('row', { name: new RegExp(`^${escape(tm)} `) });
  await expect(tmRow('tm-1').first()).toContainText('running');
  await lp.graphRegion.getByRole('button', { name: 'Kill tm-1' }).click();

  await expect(lp.forkBanner).toContainText(`Forked at t = ${s2.time} ms — the future was re-simulated.`);
  await expect(page.getByTestId('announcer')).toHaveText(`You killed TaskManager tm-1 at t = ${s2.time} ms. The future was re-simulated.`);
  await expect(lp.cluster.getByText('✕ killed')).toBeVisible();
  await expect(tmRow('tm-1').first()).toContainText('✕ killed');
  await expect(lp.graphRegion.getByRole('button', { name: 'Kill tm-1' })).toHaveCount(0);
  await expect(lp.graphRegion.getByRole('button', { name: 'Kill tm-2' })).toBeVisible();
  await screenshot(page, 'runtime-kill-tm-06');

  // One more TaskManager to run the tasks on.
  await lp.fault('Add TaskManager').click();
  await expect(lp.forkBanner).toContainText(`Forked at t = ${s2.time} ms — the future was re-simulated (2 changes).`);
  await expect(tmRow('tm-3').first()).toBeAttached();

  // When the new attempt runs: in a slot of another TaskManager. (Passing lesson steps shows their
  // stage, the Timeline: back to the cluster.)
  await lp.scrub.fill(String(rerun!.t));
  await expect(lp.clock).toHaveText(clock(rerun!.t, tl.stepAtTime(rerun!.t), tl.steps));
  await lp.stage('Cluster').click();
  await expect(tmRow('tm-1').first()).toContainText('✕ killed');
  await expect(lp.clusterText.getByRole('row').filter({ hasText: new RegExp(`^${escape(where.tm)}`) }).filter({ hasText: `${moved} RUNNING` })).toHaveCount(1);
  await lp.whatIf.getByRole('combobox', { name: 'Subtask' }).selectOption(moved);
  await lp.tab('Inspector').click();
  await expect(lp.inspector.getByRole('heading', { name: `Subtask ${moved}` })).toBeVisible();
  await expect(page.getByTestId('task-location')).toHaveText(`${where.tm}, slot ${where.slot}`);
  await expect(inspectorValue(lp, 'Attempt')).toHaveText('1');
  await screenshot(page, 'runtime-kill-tm-06-rerun');

  // And the job finishes.
  await focusPage(page);
  await page.keyboard.press('End');
  await expect(lp.jobStatus).toHaveText(`Job: ${endWorld(tl).jobStatus}`);
  expect(endWorld(tl).jobStatus).toBe('FINISHED');
});

test('the graph level switch shows the Stream, Job and Execution graphs', async ({ page }) => {
  const lp = lessonPage(page);
  await page.goto(lessonUrl('step=5'));
  const svgs = lp.graphRegion.locator('figure.job-graph svg');
  const labels = new Set<string>();
  const levels = [
    ['Stream graph', lp.streamGraph],
    ['Job graph', lp.jobGraph],
    ['Execution graph', lp.executionGraph],
  ] as const;
  for (const [name, svg] of levels) {
    await lp.graphLevel(name).click();
    for (const [other] of levels) await expect(lp.graphLevel(other)).toHaveAttribute('aria-pressed', String(other === name));
    await expect(svg).toBeVisible();
    await expect(svgs).toHaveCount(1);
    labels.add((await svg.getAttribute('aria-label'))!);
  }
  expect(labels.size).toBe(3);
  // What each level draws: operators; chains (job vertices) without subtasks; the parallel subtasks.
  await lp.graphLevel('Stream graph').click();
  await expect(lp.streamGraph.getByRole('button', { name: / — operator (source|split|count|print)$/ })).toHaveCount(4);
  await lp.graphLevel('Job graph').click();
  await expect(lp.jobGraph.getByRole('button', { name: / — operator (source|split|count|print)$/ })).toHaveCount(4);
  await expect(lp.jobGraph.getByRole('button', { name: /^#\d+ / })).toHaveCount(0);
  await lp.graphLevel('Execution graph').click();
  await expect(lp.executionGraph.getByRole('button', { name: /^#\d+ (source|count)\/[01] / })).toHaveCount(4);
});

test('the Memory tab shows the memory model of a 1728m TaskManager (lesson 07)', async ({ page }) => {
  const f = lessonFacts('07-memory');
  const lp = lessonPage(page);
  const n = f.stepNo('flink-memory');
  await page.goto(lessonUrl(`step=${n}`, f.id));
  await expect(lp.tab('Memory')).toHaveAttribute('aria-selected', 'true');
  const memory = page.getByRole('tabpanel', { name: 'Memory' });
  await expect(memory.getByRole('heading', { name: 'TaskManager memory' })).toBeVisible();
  await expect(memory.getByRole('textbox', { name: /^Total process memory/ })).toHaveValue('1728m');
  await expect(memory.getByRole('row', { name: /^\d+ Task Heap / })).toContainText('402653174 B');
  // Every byte count the lesson checks for the 1728m run is on the tab.
  const bytes = new Set<string>();
  f.lesson.steps.forEach((st) => {
    if (st.scenario !== '1728m') return;
    for (const c of st.expect ?? []) if ('memory' in c) bytes.add((c as { memory: { bytes: string } }).memory.bytes);
  });
  expect(bytes.size).toBeGreaterThan(8);
  for (const b of bytes) await expect(memory, `${b} bytes`).toContainText(`${b} B`);
  await expect(memory.getByRole('img', { name: /^TaskManager memory bar, 1811939328 B = 1728 MiB in total/ })).toBeVisible();
});

/** Opens a lesson step and waits for its stage. */
async function openStep(page: Page, id: string, n: number) {
  const f = lessonFacts(id);
  await page.goto(lessonUrl(`step=${n}`, id));
  await expect(lessonPage(page).clock).toHaveText(f.step(n).clock);
  return f;
}

test('axe: the Cluster stage, with RPCs in flight and tasks deploying', async ({ page }) => {
  const lp = lessonPage(page);
  // Lesson 02, "Slots offered, tasks deployed". The step opens the Log tab: see the next test.
  const f = lessonFacts('02-cluster');
  await openStep(page, f.id, f.stepNo('deploy'));
  await expectStage(lp, 'cluster');
  await expect(lp.graphRegion.getByRole('button', { name: /^Kill tm-\d+$/ }).first()).toBeVisible();
  await expect(lp.clusterText.getByRole('listitem').first()).toBeAttached(); // an RPC in flight
  await lp.tab('Inspector').click();
  await axeCheck(page);
  await lp.stage('Graph').click();
  await lp.stage('Cluster').click();
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(f.titleZh);
  await axeCheck(page);
});

// App bug: the Log tab's panel (#fs-panel-log, role=tabpanel) scrolls but is not focusable and holds nothing focusable (axe scrollable-region-focusable).
test('axe: the Log tab with a long log (lesson 02)', async ({ page }) => {
  const lp = lessonPage(page);
  const f = lessonFacts('02-cluster');
  await openStep(page, f.id, f.stepNo('deploy'));
  await expect(lp.tab('Log')).toHaveAttribute('aria-selected', 'true');
  await axeCheck(page);
});

test('axe: the Timeline stage after a failure', async ({ page }) => {
  const lp = lessonPage(page);
  // Lesson 04, "A task fails". The step opens the Job status tab: see the next test.
  const f = lessonFacts('04-lifecycle');
  await openStep(page, f.id, f.stepNo('failure'));
  await expectStage(lp, 'gantt');
  await expect(lp.tab('Job status')).toHaveAttribute('aria-selected', 'true');
  await expect(timelineRow(lp, 'count/1').state).toHaveText('FAILED');
  await expect(lp.timeline.locator('svg text.fail').first()).toBeVisible();
  await lp.tab('Inspector').click();
  await axeCheck(page);
  // With a subtask selected (its row highlighted).
  await timelineLabel(lp, 'count/1').click();
  await expect(timelineLabel(lp, 'count/1')).toHaveAttribute('aria-pressed', 'true');
  await axeCheck(page);
});

// App bug: in the side tab the JobStatus machine's `.view` (overflow-x: auto) scrolls sideways but is not focusable and holds nothing focusable (axe scrollable-region-focusable).
test('axe: the Job status tab, current and pre-1.10 machines', async ({ page }) => {
  const lp = lessonPage(page);
  const f = lessonFacts('04-lifecycle');
  await openStep(page, f.id, f.stepNo('failure'));
  await expect(lp.tab('Job status')).toHaveAttribute('aria-selected', 'true');
  const panel = page.getByRole('tabpanel', { name: 'Job status' });
  await expect(panel.getByRole('img', { name: /^Job lifecycle: JobStatus\. current state: RESTARTING/ })).toBeVisible();
  await axeCheck(page);
  // The pre-1.10 machine, with its note.
  await panel.getByRole('group', { name: 'Flink version' }).getByRole('button', { name: 'Flink < 1.10 (legacy, as in the course)' }).click();
  await expect(panel.getByRole('note')).toBeVisible();
  await axeCheck(page);
});

test('axe: the Job status stage', async ({ page }) => {
  const lp = lessonPage(page);
  // Lesson 04, "The JobStatus machine" (the step opens the Log tab: the Inspector instead, see above).
  const f = lessonFacts('04-lifecycle');
  await openStep(page, f.id, f.stepNo('statuses'));
  await expectStage(lp, 'jobstatus');
  await lp.tab('Inspector').click();
  await axeCheck(page);
});

test('axe: the Memory tab (lesson 07), and with a configuration Flink rejects', async ({ page }) => {
  const lp = lessonPage(page);
  const f = lessonFacts('07-memory');
  await openStep(page, f.id, f.stepNo('flink-memory'));
  await expect(lp.tab('Memory')).toHaveAttribute('aria-selected', 'true');
  const memory = page.getByRole('tabpanel', { name: 'Memory' });
  await expect(memory.getByRole('table', { name: 'Memory components (bar order)' })).toBeVisible();
  await axeCheck(page);
  // A process too small for its metaspace and overhead: Flink's own error message.
  await memory.getByRole('textbox', { name: /^Total process memory/ }).fill('300m');
  await expect(memory.getByRole('alert')).toContainText('IllegalConfigurationException');
  await axeCheck(page);
});

test('every lesson is on the home page, in order', async ({ page }) => {
  await page.goto('./');
  const cards = page.getByRole('list').getByRole('link');
  await expect(cards).toHaveCount(LESSONS.length);
  for (const [i, l] of LESSONS.entries()) await expect(cards.nth(i)).toContainText(l.title.en);
});
