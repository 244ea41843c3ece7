// AddTags and RemoveTags: case-sensitive keys, unique per pipeline, at most 10; adding an existing key updates it.
import { invalidRequest } from "@/lib/protocol/errors";
import type { AddTagsInput, RemoveTagsInput } from "@/lib/protocol/schemas";
import type { Tag } from "@/lib/protocol/types";
import { writeAudit } from "@/lib/store/audit";
import { tagsFromJson } from "@/lib/store/json";
import { getPipelineOrThrow, updatePipeline } from "@/lib/store/pipelines";
import { runInTransaction } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";

export const MAX_TAGS = 10;

/** Existing tags with `added` applied in order (a repeated key keeps its place and takes the new value). */
export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const out = existing.map((t) => ({ ...t }));
  for (const tag of added) {
    const at = out.findIndex((t) => t.key === tag.key);
    if (at >= 0) out[at] = { key: tag.key, value: tag.value };
    else out.push({ key: tag.key, value: tag.value });
  }
  if (out.length > MAX_TAGS)
    throw invalidRequest(
      `A pipeline can have at most ${MAX_TAGS} tags; this request would leave it with ${out.length}`,
    );
  return out;
}

export async function addTags(input: AddTagsInput, ctx: OperationContext): Promise<Record<string, never>> {
  await runInTransaction(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId, { lock: true });
    const tags = mergeTags(tagsFromJson(pipeline.tags), input.tags);
    await updatePipeline(tx, pipeline.id, { tags });
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: "AddTags",
      pipelineId: pipeline.id,
      details: { keys: input.tags.map((t) => t.key) },
    });
  });
  return {};
}

export async function removeTags(input: RemoveTagsInput, ctx: OperationContext): Promise<Record<string, never>> {
  await runInTransaction(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId, { lock: true });
    const remove = new Set(input.tagKeys);
    const tags = tagsFromJson(pipeline.tags).filter((t) => !remove.has(t.key));
    await updatePipeline(tx, pipeline.id, { tags });
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: "RemoveTags",
      pipelineId: pipeline.id,
      details: { keys: input.tagKeys },
    });
  });
  return {};
}
