// DeletePipeline: removes the definition and run history; a tombstone answers later calls with PipelineDeletedException.
import type { PipelineIdInput } from "@/lib/protocol/schemas";
import { writeAudit } from "@/lib/store/audit";
import { getLivePipelineForDeleteOrThrow, tombstonePipeline } from "@/lib/store/pipelines";
import { runInTransaction } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";
import { onPipelineDeleted } from "@/lib/scheduler/lifecycle-hooks";

export async function deletePipeline(input: PipelineIdInput, ctx: OperationContext): Promise<undefined> {
  await runInTransaction(async (tx) => {
    const pipeline = await getLivePipelineForDeleteOrThrow(tx, ctx.accountId, input.pipelineId);
    await onPipelineDeleted(tx, pipeline.id);
    await tombstonePipeline(tx, pipeline.id);
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: "DeletePipeline",
      pipelineId: pipeline.id,
    });
  });
  return undefined;
}
