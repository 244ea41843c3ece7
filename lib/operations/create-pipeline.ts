// CreatePipeline: a new, empty pipeline; the same name + uniqueId returns the earlier pipeline's id.
import { getSettings } from "@/lib/config/settings";
import { invalidRequest } from "@/lib/protocol/errors";
import type { CreatePipelineInput } from "@/lib/protocol/schemas";
import { writeAudit } from "@/lib/store/audit";
import { countLivePipelines, createPipelineIdempotent } from "@/lib/store/pipelines";
import { runInTransaction } from "@/lib/store/transaction";
import type { Tx } from "@/lib/store/db";
import type { OperationContext } from "./operation-context";
import { mergeTags } from "./tags";

export async function createPipeline(
  input: CreatePipelineInput,
  ctx: OperationContext,
): Promise<{ pipelineId: string }> {
  return runInTransaction((tx) => createPipelineIn(tx, input, ctx));
}

/** CreatePipeline inside the caller's transaction (the console import adds the definition in the same one). */
export async function createPipelineIn(
  tx: Tx,
  input: CreatePipelineInput,
  ctx: OperationContext,
): Promise<{ pipelineId: string }> {
  const tags = mergeTags([], input.tags ?? []);
  {
    const result = await createPipelineIdempotent(tx, {
      accountId: ctx.accountId,
      name: input.name,
      uniqueId: input.uniqueId,
      description: input.description,
      tags,
    });
    if (result.created) {
      const limit = getSettings().MAX_PIPELINES;
      if ((await countLivePipelines(tx, ctx.accountId)) > limit) {
        throw invalidRequest(`Limit of ${limit} pipelines per account exceeded`);
      }
      await writeAudit(tx, {
        accountId: ctx.accountId,
        actor: ctx.actor,
        action: "CreatePipeline",
        pipelineId: result.id,
        details: { name: input.name },
      });
    }
    return { pipelineId: result.id };
  }
}
