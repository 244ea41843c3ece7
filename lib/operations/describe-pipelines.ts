// DescribePipelines: name, tags and the `@` fields of up to 25 pipelines, in the order asked.
import { pipelineDeleted, pipelineNotFound } from "@/lib/protocol/errors";
import type { DescribePipelinesInput } from "@/lib/protocol/schemas";
import { pipelineDescriptionFields } from "@/lib/objects/pipeline-fields";
import { tagsFromJson } from "@/lib/store/json";
import { findPipelinesByIds } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";
import { getRunSummaries } from "@/lib/scheduler/run-summary";

export async function describePipelines(input: DescribePipelinesInput, ctx: OperationContext) {
  const ids = [...new Set(input.pipelineIds)];
  return withReader(async (tx) => {
    const rows = await findPipelinesByIds(tx, ctx.accountId, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const row = byId.get(id);
      if (!row) throw pipelineNotFound(id);
      if (row.deletedAt) throw pipelineDeleted(id);
    }
    const summaries = await getRunSummaries(tx, ids);
    return {
      pipelineDescriptionList: ids.map((id) => {
        const p = byId.get(id)!; // checked above
        return {
          pipelineId: p.id,
          name: p.name,
          fields: pipelineDescriptionFields(p, summaries.get(id)),
          ...(p.description !== null ? { description: p.description } : {}),
          tags: tagsFromJson(p.tags),
        };
      }),
    };
  });
}
