import type { PipelineRunSummary } from "@/lib/objects/pipeline-fields";
import { findRunSummaryRows } from "@/lib/store/runtime-objects";
import type { Tx } from "@/lib/store/transaction";

/** Health (HEALTHY when the latest completed instance finished, ERROR when it failed) and run times per pipeline. */
export async function getRunSummaries(tx: Tx, pipelineIds: string[]): Promise<Map<string, PipelineRunSummary>> {
  const rows = await findRunSummaryRows(tx, pipelineIds);
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
  return out;
}
