// DeactivatePipeline: stops scheduling new runs; with cancelActive (the default) running work is cancelled.
import type { DeactivatePipelineInput } from "@/lib/protocol/schemas";
import { writeAudit } from "@/lib/store/audit";
import { getPipelineOrThrow, updatePipeline } from "@/lib/store/pipelines";
import { runInTransaction } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";
import { onPipelineDeactivated } from "@/lib/scheduler/lifecycle-hooks";

export async function deactivatePipeline(
  input: DeactivatePipelineInput,
  ctx: OperationContext,
): Promise<Record<string, never>> {
  const cancelActive = input.cancelActive ?? true;
  await runInTransaction(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId, { lock: true });
    // Only a scheduled pipeline has anything to stop; for the others deactivation is a no-op, as re-sending it should be.
    if (pipeline.state !== "SCHEDULED" && pipeline.state !== "DEACTIVATING") return;
    const state = await onPipelineDeactivated(tx, pipeline.id, cancelActive);
    await updatePipeline(tx, pipeline.id, { state, lastDeactivatedAt: new Date() });
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: "DeactivatePipeline",
      pipelineId: pipeline.id,
      details: { cancelActive },
    });
  });
  return {};
}
