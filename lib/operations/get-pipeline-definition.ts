// GetPipelineDefinition: the objects, parameters and values exactly as put, for the latest or the active version.
import { invalidRequest } from "@/lib/protocol/errors";
import type { GetPipelineDefinitionInput } from "@/lib/protocol/schemas";
import { getDefinitionVersion } from "@/lib/store/definitions";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";

export async function getPipelineDefinition(input: GetPipelineDefinitionInput, ctx: OperationContext) {
  const which = input.version ?? "latest";
  if (which !== "latest" && which !== "active") {
    throw invalidRequest(`Invalid version '${which}': expected 'latest' or 'active'`);
  }
  return withReader(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const version = which === "active" ? pipeline.activeVersion : pipeline.latestVersion;
    if (version === null) {
      if (which === "active")
        throw invalidRequest(`Pipeline ${pipeline.id} has never been activated, so it has no active definition`);
      return { pipelineObjects: [] };
    }
    const def = await getDefinitionVersion(tx, pipeline.id, version);
    if (!def) return { pipelineObjects: [] };
    return {
      pipelineObjects: def.objects,
      ...(def.parameterObjects.length ? { parameterObjects: def.parameterObjects } : {}),
      ...(def.parameterValues.length ? { parameterValues: def.parameterValues } : {}),
    };
  });
}
