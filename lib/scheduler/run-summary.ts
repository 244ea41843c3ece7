import type { PipelineRunSummary } from "@/lib/objects/pipeline-fields";
import { loadActivePlan } from "@/lib/scheduler/scheduler-context";
import { computeNextRunTime } from "@/lib/scheduler/next-run";
import { findLatestScheduledStarts, findPipelinesForRunSummary, findRunSummaryRows } from "@/lib/store/run-summary";
import type { Tx } from "@/lib/store/db";

/**
 * Health, last and next run per pipeline, the one computation DescribePipelines and the console
 * share: @healthStatus is HEALTHY when the latest outcome an instance reached is a success, ERROR
 * when it is a failure (see findRunSummaryRows), absent before any; @nextRunTime comes from the
 * active schedule (none for on-demand pipelines and pipelines that are not SCHEDULED).
 */
export async function getRunSummaries(
  tx: Tx,
  pipelineIds: string[],
  now = Date.now(),
): Promise<Map<string, PipelineRunSummary>> {
  const [rows, pipelines, latestStarts] = await Promise.all([
    findRunSummaryRows(tx, pipelineIds),
    findPipelinesForRunSummary(tx, pipelineIds),
    findLatestScheduledStarts(tx, pipelineIds),
  ]);
  const out = new Map<string, PipelineRunSummary>();
  for (const r of rows) {
    const summary: PipelineRunSummary = {};
    if (r.last_status) {
      summary.healthStatus = r.last_status === "FINISHED" ? "HEALTHY" : "ERROR";
      if (r.last_instance) summary.healthStatusFromInstanceId = r.last_instance;
      if (r.last_end) summary.healthStatusUpdatedTime = r.last_end;
    }
    if (r.latest_run) summary.latestRunTime = r.latest_run;
    if (r.latest_completed) summary.latestCompletedRunTime = r.latest_completed;
    out.set(r.pipeline_id, summary);
  }
  for (const pipeline of pipelines) {
    if (pipeline.state !== "SCHEDULED") continue;
    const plan = await loadActivePlan(tx, pipeline);
    if (!plan) continue;
    const next = computeNextRunTime(plan, {
      state: pipeline.state,
      firstActivatedAt: pipeline.firstActivatedAt,
      resumeFrom: pipeline.resumeFrom,
      latestStarts: latestStarts.get(pipeline.id) ?? new Map(),
      now,
    });
    if (next) {
      const summary = out.get(pipeline.id) ?? {};
      summary.nextRunTime = next;
      out.set(pipeline.id, summary);
    }
  }
  return out;
}
