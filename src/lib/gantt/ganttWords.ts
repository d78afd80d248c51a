/**
 * Words of the execution timeline and of the JobStatus machine view, in English and Simplified
 * Chinese. Flink's own names (ExecutionState and JobStatus values, JobStatus, subtask ids) stay
 * English in both, as in Flink's Web UI.
 */
import type { Lang } from '../../lesson/types.ts';

const en = {
  title: 'Timeline',
  intro: 'ExecutionState of every subtask over simulated time, as in the Web UI\u2019s Timeline tab.',
  job: 'Job status',
  jobRow: 'Job',
  now: 'now',
  nowAt: (t: string) => `now: ${t}`,
  afterEnd: (t: string) => `the job ended at ${t}`,
  time: 'Simulated time',
  attempt: 'Execution attempt',
  attemptMark: (n: number) => `↻${n}`,
  attemptStarts: (n: number, t: string) => `execution attempt #${n} starts at ${t}`,
  failedAt: (t: string) => `failed at ${t}`,
  jobFailureAt: (t: string) => `job failure at ${t}`,
  stateSpan: (state: string, from: string, to: string, attempt: number | null) =>
    `${state}: ${from} \u2013 ${to}${attempt === null ? '' : `, attempt #${attempt}`}`,
  legend: 'Legend',
  legendTask: 'ExecutionState (subtask rows)',
  legendJob: 'JobStatus (job row)',
  legendJobKey: 'Job status:',
  legendAttempt: 'a new execution attempt starts (numbered from 0)',
  legendFailure: 'a failure (the attempt goes to FAILED)',
  legendNow: 'current time; right of it has not happened yet',
  select: (task: string) => `Select subtask ${task}`,
  notCreated: 'not created yet',
  tableCaption: (t: string) => `State of every subtask at ${t}`,
  colSubtask: 'Subtask',
  colVertex: 'Job vertex',
  colState: 'State',
  colAttempt: 'Attempt',
  colSince: 'Since',
  colFailures: 'Failures',
  jobLine: (status: string, since: string) => `Job status: ${status} since ${since}.`,
  summary: (rows: number, restarted: number, failures: number) =>
    `${rows} subtask${rows === 1 ? '' : 's'}; ${restarted} restarted, ${failures} failure${failures === 1 ? '' : 's'} so far.`,
};

type Words = typeof en;

const zh: Words = {
  title: '时间线',
  intro: '每个子任务的 ExecutionState 随模拟时间的变化，如同 Web UI 的 Timeline 页签。',
  job: '作业状态',
  jobRow: '作业',
  now: '当前',
  nowAt: (t) => `当前：${t}`,
  afterEnd: (t) => `作业已于 ${t} 结束`,
  time: '模拟时间',
  attempt: '执行尝试',
  attemptMark: (n) => `↻${n}`,
  attemptStarts: (n, t) => `执行尝试 #${n} 开始于 ${t}`,
  failedAt: (t) => `失败于 ${t}`,
  jobFailureAt: (t) => `作业故障于 ${t}`,
  stateSpan: (state, from, to, attempt) => `${state}：${from} – ${to}${attempt === null ? '' : `，执行尝试 #${attempt}`}`,
  legend: '图例',
  legendTask: 'ExecutionState（子任务行）',
  legendJob: 'JobStatus（作业行）',
  legendJobKey: '作业状态：',
  legendAttempt: '新的执行尝试开始（从 0 编号）',
  legendFailure: '失败（该执行尝试进入 FAILED）',
  legendNow: '当前时间；其右侧尚未发生',
  select: (task) => `选择子任务 ${task}`,
  notCreated: '尚未创建',
  tableCaption: (t) => `${t} 时每个子任务的状态`,
  colSubtask: '子任务',
  colVertex: '作业顶点',
  colState: '状态',
  colAttempt: '执行尝试',
  colSince: '开始于',
  colFailures: '失败次数',
  jobLine: (status, since) => `作业状态：${status}，自 ${since} 起。`,
  summary: (rows, restarted, failures) => `共 ${rows} 个子任务；目前已重启 ${restarted} 个，失败 ${failures} 次。`,
};

export const ganttWords = (lang: Lang): Words => (lang === 'zh' ? zh : en);
