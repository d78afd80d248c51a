/** Everything a run derives from its scenario before the first event: the three graphs. */
import type { ResolvedScenario } from '../scenario/Scenario.ts';
import { buildExecutionPlan } from './ExecutionGraph.ts';
import { buildStreamGraph } from './StreamGraph.ts';
import { createJobGraph } from './StreamingJobGraphGenerator.ts';
import type { JobPlan } from './types.ts';

export function buildJobPlan(scenario: ResolvedScenario): JobPlan {
  const streamGraph = buildStreamGraph(scenario);
  const jobGraph = createJobGraph(streamGraph);
  return { streamGraph, jobGraph, execution: buildExecutionPlan(jobGraph) };
}
