import type { PipelineRunSummary } from "@/lib/objects/pipeline-fields";
import type { Tx } from "@/lib/store/transaction";

/** Health and run times per pipeline, from its instances. */
export async function getRunSummaries(_tx: Tx, _pipelineIds: string[]): Promise<Map<string, PipelineRunSummary>> {
  // No instances exist before the scheduler does; every pipeline has "No Completed Executions".
  return new Map();
}
