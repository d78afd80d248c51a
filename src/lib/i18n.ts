/**
 * Every word of the app shell (player, lesson panel, header, errors, log) in English and
 * Simplified Chinese. Flink's own names (RUNNING, HASH, operator names) stay English in both.
 * Use: `const s = $derived(strings(lang))`, then `s.play` or `s.timeStep(420, 37, 134)`.
 * The workspace's own words (tabs, stage switch, What-if and faults) are in
 * `workspace/workspaceWords.ts`, loaded with the lesson and run pages.
 */
import type { Lang } from '../lesson/types.ts';
import type { RouteError } from './router.ts';

const en = {
  appName: 'Flinkscope',
  tagline: 'Step through Apache Flink’s internals: a deterministic simulation you can play, rewind, scrub and fork.',
  lessons: 'Lessons',
  noLessons: 'No lessons are built into this copy.',
  lessonSteps: (n: number) => `${n} steps`,
  openLesson: 'Open lesson',
  home: 'Home',
  backHome: 'Back to the lesson list',
  language: 'Language',
  langEn: 'EN',
  langZh: '中文',
  langEnName: 'English',
  langZhName: 'Chinese (Simplified)',
  presenter: 'Presenter',
  presenterOn: 'Presenter mode on: larger text',
  presenterOff: 'Presenter mode off',
  presenterTurnOn: 'Turn presenter mode on: larger text and a bigger graph for a projector',
  presenterTurnOff: 'Presenter mode is on: turn it off for normal text size',
  help: 'Help',
  helpKeys: 'Keyboard shortcuts',
  share: 'Share link',
  shareCopied: 'Link copied to the clipboard. It opens this exact frame.',
  shareCopyFallback: 'Copy this link (it is selected): it opens this exact frame.',
  close: 'Close',
  export: 'Export',
  exportTitle: 'Download this run (scenario, seed, forks, position) as JSON',
  exported: (file: string) => `Saved ${file}`,
  import: 'Import',
  importTitle: 'Open a run saved with Export',
  importFailed: 'This file cannot be opened',
  importNotJson: 'the file is not JSON; choose a file saved with Export',
  sharedRun: 'Shared run',
  loading: 'Recording the simulation…',

  // player
  player: 'Player',
  restart: 'Restart',
  restartLabel: 'Back to the start (Home)',
  stepBack: 'Step back',
  stepBackLabel: 'Step back one event (←)',
  play: 'Play',
  pause: 'Pause',
  playLabel: 'Play (Space)',
  pauseLabel: 'Pause (Space)',
  stepForward: 'Step forward',
  stepForwardLabel: 'Step forward one event (→)',
  speed: 'Speed',
  speedLabel: 'Playback speed: simulated time per wall-clock time ([ slower, ] faster)',
  speedValue: (s: string) => `${s}×`,
  /** The clock: simulated time and the kernel event count (not a lesson step). */
  timeStep: (t: number, step: number, steps: number) => `t = ${t} ms · event ${step} / ${steps}`,
  timeline: 'Simulated time',
  timelineLabel: 'Simulated time in milliseconds; drag to scrub',
  reducedMotionNote: 'Reduced motion: playback jumps from event to event.',
  playing: (speed: string) => `Playing at ${speed}×`,
  paused: (t: number) => `Paused at t = ${t} ms`,
  atEnd: (t: number) => `End of the run at t = ${t} ms`,
  speedSet: (speed: string) => `Speed ${speed}×`,
  pausedForQuestion: 'Paused: a question for you in the lesson panel.',
  pausedAtLessonStep: (i: number, n: number, title: string) => `Paused at lesson step ${i} of ${n}: ${title}`,

  // scrub-bar markers
  markers: 'Markers',
  markerJob: 'job status',
  markerTask: 'task states',
  markerOutput: 'first output',
  markerLesson: 'lesson step',
  markerJobTitle: (t: number, to: string) => `t = ${t} ms: job ${to}`,
  markerTaskTitle: (t: number, n: number, to: string) => `t = ${t} ms: ${n} task${n === 1 ? '' : 's'} → ${to}`,
  markerOutputTitle: (t: number, text: string) => `t = ${t} ms: first output “${text}”`,
  markerLessonTitle: (i: number, title: string, t: number) => `Lesson step ${i}: ${title} (t = ${t} ms)`,

  // keyboard help
  keys: [
    ['Space', 'Play / pause (in a lesson, playback stops at each step)'],
    ['← / →', 'Step back / forward one event'],
    ['[ / ]', 'Slower / faster'],
    ['Home / End', 'Start (in a lesson, its first step) / end of the run'],
    ['PageUp / PageDown', 'Previous / next lesson step (presentation clickers)'],
    ['?', 'This help'],
  ] as [string, string][],
  keysNote: 'Shortcuts are ignored while you type in a field.',

  // lesson panel
  lesson: 'Lesson',
  stepOf: (i: number, n: number) => `Step ${i} of ${n}`,
  previous: 'Previous',
  next: 'Next',
  previousLabel: 'Previous lesson step (PageUp)',
  nextLabel: 'Next lesson step (PageDown)',
  steps: 'Steps',
  goToStep: (i: number, title: string) => `Go to step ${i}: ${title}`,
  predict: 'Predict first',
  yourAnswer: 'Your answer',
  correct: '✓ Right!',
  wrong: (answer: string) => `✗ Not quite. The answer is: ${answer}`,
  nextAnyway: 'You can go on without answering.',
  answered: (ok: boolean): string => (ok ? 'Right answer.' : 'Not the right answer; the explanation is shown.'),
  checks: 'Verified by the simulation',
  checksAt: (t: number) => `At this step's moment (t = ${t} ms); the playhead is elsewhere.`,
  checkOk: '✓',
  checkFail: '✗',
  checkFailNote: 'Not true in this run (it was forked or re-seeded).',
  lessonStepAnnounce: (i: number, n: number, title: string) => `Lesson step ${i} of ${n}: ${title}`,
  lessonBroken: (msg: string) => `This step's anchor matches nothing in the run: ${msg}`,
  otherScenario: (name: string) => `This step shows another run: “${name}”.`,

  // log
  logEmpty: 'Nothing has happened yet: press play or step forward.',
  logLabel: 'What happened in the last steps',
  keyOperator: 'Operator',
  noKeyed: 'This job has no keyed operator.',

  // errors
  errorTitle: 'This link cannot be opened',
  errorParam: (p: string) => `Parameter: ${p}`,
  runFailed: 'This run cannot be simulated',
  scenarioInvalid: 'The scenario is not valid:',
  routeError: (e: RouteError): string => {
    switch (e.code) {
      case 'path':
        return `There is no page “${e.value}”. Links look like #/lesson/01-anatomy or #/run?r=….`;
      case 'lessonMissing':
        return 'The link names no lesson. Add a lesson id after #/lesson/, or pick one from the list.';
      case 'lessonUnknown':
        return `There is no lesson “${e.value}”.${e.known?.length ? ` Lessons: ${e.known.join(', ')}.` : ''} Fix the id or pick a lesson from the list.`;
      case 'step':
        return `step must be a whole number from 1${e.max ? ` to ${e.max}` : ''}, got “${e.value}”. Fix it or remove step= to start at step 1.`;
      case 'stepRange':
        return `step ${e.value} does not exist: this lesson has ${e.max} steps. Use step=1 … step=${e.max}.`;
      case 't':
        return `t must be a whole number of milliseconds (≥ 0), got “${e.value}”. Fix it or remove t= to start at the step’s own time.`;
      case 'tRange':
        return `t = ${e.value} ms is past the end of the run (${e.max} ms). Use t=0 … t=${e.max}.`;
      case 'k':
        return `k must be a whole number (a simulation step), got “${e.value}”. Remove k= to use the time alone.`;
      case 'kRange':
        return `k = ${e.value} is not a simulation step at time t. Remove k= to use the time alone.`;
      case 'lang':
        return `lang must be en or zh, got “${e.value}”. Use lang=en or lang=zh.`;
      case 'seed':
        return `seed must be a whole number between -2147483648 and 2147483647, got “${e.value}”. Fix it or remove seed= to use the lesson’s seed.`;
      case 'actions':
        return `actions= (your forks) cannot be used${e.detail ? ` (${e.detail})` : ''}. Remove actions= to open the original run, or copy the whole link again.`;
      case 'runMissing':
        return 'The link has no run: it needs r=… (made by the Share link button).';
      case 'run':
        return `The shared run in r= cannot be read${e.detail ? ` (${e.detail})` : ''}. Copy the whole link again, or use Export / Import.`;
    }
  },
};

export type Strings = typeof en;

const zh: Strings = {
  appName: 'Flinkscope',
  tagline: '逐步观察 Apache Flink 的内部运行：一个可以播放、回退、拖动和分叉的确定性模拟。',
  lessons: '课程',
  noLessons: '此版本没有内置课程。',
  lessonSteps: (n) => `${n} 步`,
  openLesson: '打开课程',
  home: '首页',
  backHome: '返回课程列表',
  language: '语言',
  langEn: 'EN',
  langZh: '中文',
  langEnName: '英语',
  langZhName: '简体中文',
  presenter: '演示',
  presenterOn: '演示模式已开启：字体放大',
  presenterOff: '演示模式已关闭',
  presenterTurnOn: '开启演示模式：放大字体和图，适合投影',
  presenterTurnOff: '演示模式已开启：点击关闭，恢复正常字号',
  help: '帮助',
  helpKeys: '键盘快捷键',
  share: '分享链接',
  shareCopied: '链接已复制到剪贴板，打开它会回到这一帧。',
  shareCopyFallback: '请复制这个链接（已选中）：打开它会回到这一帧。',
  close: '关闭',
  export: '导出',
  exportTitle: '把这次运行（场景、种子、分叉、位置）下载为 JSON',
  exported: (file) => `已保存 ${file}`,
  import: '导入',
  importTitle: '打开用“导出”保存的运行',
  importFailed: '无法打开这个文件',
  importNotJson: '文件不是 JSON；请选择用“导出”保存的文件',
  sharedRun: '分享的运行',
  loading: '正在录制模拟……',

  player: '播放器',
  restart: '重新开始',
  restartLabel: '回到开头（Home）',
  stepBack: '后退一步',
  stepBackLabel: '后退一个事件（←）',
  play: '播放',
  pause: '暂停',
  playLabel: '播放（空格）',
  pauseLabel: '暂停（空格）',
  stepForward: '前进一步',
  stepForwardLabel: '前进一个事件（→）',
  speed: '速度',
  speedLabel: '播放速度：模拟时间相对真实时间（[ 变慢，] 变快）',
  speedValue: (s) => `${s}×`,
  timeStep: (t, step, steps) => `t = ${t} ms · 事件 ${step} / ${steps}`,
  timeline: '模拟时间',
  timelineLabel: '模拟时间（毫秒）；拖动以定位',
  reducedMotionNote: '减少动态效果：播放时逐个事件跳转。',
  playing: (speed) => `以 ${speed}× 播放`,
  paused: (t) => `已暂停于 t = ${t} ms`,
  atEnd: (t) => `运行结束于 t = ${t} ms`,
  speedSet: (speed) => `速度 ${speed}×`,
  pausedForQuestion: '已暂停：课程面板里有一个问题等你回答。',
  pausedAtLessonStep: (i, n, title) => `已暂停于课程第 ${i} 步，共 ${n} 步：${title}`,

  markers: '标记',
  markerJob: '作业状态',
  markerTask: '任务状态',
  markerOutput: '首个输出',
  markerLesson: '课程步骤',
  markerJobTitle: (t, to) => `t = ${t} ms：作业 ${to}`,
  markerTaskTitle: (t, n, to) => `t = ${t} ms：${n} 个任务 → ${to}`,
  markerOutputTitle: (t, text) => `t = ${t} ms：首个输出“${text}”`,
  markerLessonTitle: (i, title, t) => `课程第 ${i} 步：${title}（t = ${t} ms）`,

  keys: [
    ['空格', '播放 / 暂停（课程中，播放会在每一步停下）'],
    ['← / →', '后退 / 前进一个事件'],
    ['[ / ]', '变慢 / 变快'],
    ['Home / End', '运行的开头（课程中为第一步）/ 结尾'],
    ['PageUp / PageDown', '上一步 / 下一步课程（适用于翻页笔）'],
    ['?', '本帮助'],
  ],
  keysNote: '在输入框中打字时快捷键不起作用。',

  lesson: '课程',
  stepOf: (i, n) => `第 ${i} 步，共 ${n} 步`,
  previous: '上一步',
  next: '下一步',
  previousLabel: '上一个课程步骤（PageUp）',
  nextLabel: '下一个课程步骤（PageDown）',
  steps: '步骤',
  goToStep: (i, title) => `转到第 ${i} 步：${title}`,
  predict: '先预测',
  yourAnswer: '你的答案',
  correct: '✓ 答对了！',
  wrong: (answer) => `✗ 不太对。正确答案是：${answer}`,
  nextAnyway: '不回答也可以继续。',
  answered: (ok) => (ok ? '回答正确。' : '回答不正确；已显示解释。'),
  checks: '已由模拟验证',
  checksAt: (t: number) => `以下在本步的时刻（t = ${t} ms）成立；播放头现在不在这里。`,
  checkOk: '✓',
  checkFail: '✗',
  checkFailNote: '在这次运行中不成立（它被分叉或换了种子）。',
  lessonStepAnnounce: (i, n, title) => `课程第 ${i} 步，共 ${n} 步：${title}`,
  lessonBroken: (msg) => `这一步的锚点在运行中找不到：${msg}`,
  otherScenario: (name) => `这一步展示另一次运行：“${name}”。`,

  logEmpty: '还没有发生任何事：请按播放或前进一步。',
  logLabel: '最近几步发生的事',
  keyOperator: '算子',
  noKeyed: '这个作业没有键控算子。',

  errorTitle: '无法打开这个链接',
  errorParam: (p) => `参数：${p}`,
  runFailed: '无法模拟这次运行',
  scenarioInvalid: '场景无效：',
  routeError: (e) => {
    switch (e.code) {
      case 'path':
        return `没有页面“${e.value}”。链接的形式是 #/lesson/01-anatomy 或 #/run?r=……`;
      case 'lessonMissing':
        return '链接没有指明课程。请在 #/lesson/ 后加上课程 id，或从列表中选择。';
      case 'lessonUnknown':
        return `没有课程“${e.value}”。${e.known?.length ? `现有课程：${e.known.join('、')}。` : ''}请修正 id 或从列表中选择。`;
      case 'step':
        return `step 必须是 1${e.max ? ` 到 ${e.max}` : ''} 之间的整数，实际是“${e.value}”。请修正，或删除 step= 从第 1 步开始。`;
      case 'stepRange':
        return `第 ${e.value} 步不存在：这节课共有 ${e.max} 步。请使用 step=1 … step=${e.max}。`;
      case 't':
        return `t 必须是毫秒数（≥ 0 的整数），实际是“${e.value}”。请修正，或删除 t= 使用该步自己的时间。`;
      case 'tRange':
        return `t = ${e.value} ms 超出了运行的结尾（${e.max} ms）。请使用 t=0 … t=${e.max}。`;
      case 'k':
        return `k 必须是整数（模拟步数），实际是“${e.value}”。删除 k= 即可只按时间定位。`;
      case 'kRange':
        return `k = ${e.value} 不是时间 t 处的模拟步。删除 k= 即可只按时间定位。`;
      case 'lang':
        return `lang 只能是 en 或 zh，实际是“${e.value}”。请使用 lang=en 或 lang=zh。`;
      case 'seed':
        return `seed 必须是 -2147483648 到 2147483647 之间的整数，实际是“${e.value}”。请修正，或删除 seed= 使用课程的种子。`;
      case 'actions':
        return `actions=（你的分叉）无法使用${e.detail ? `（${e.detail}）` : ''}。删除 actions= 可打开原始运行，或重新复制完整链接。`;
      case 'runMissing':
        return '链接中没有运行：需要 r=……（由“分享链接”按钮生成）。';
      case 'run':
        return `无法读取 r= 中分享的运行${e.detail ? `（${e.detail}）` : ''}。请重新复制完整链接，或使用导出 / 导入。`;
    }
  },
};

const STRINGS: Record<Lang, Strings> = { en, zh };

export const strings = (lang: Lang): Strings => STRINGS[lang];

/** The value for `<html lang>`. */
export const htmlLang = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en');

/** Speed as shown on the slider: `0.25`, `1`, `100`. */
export const formatSpeed = (speed: number) => (speed >= 1 ? String(speed) : String(Number(speed.toPrecision(2))));
