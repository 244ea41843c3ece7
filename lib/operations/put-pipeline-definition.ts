// PutPipelineDefinition: replaces the pipeline's latest definition; fatal problems reject it, other problems are saved and reported.
import { validateDefinition } from "@/lib/definition/validate-definition";
import { invalidRequest } from "@/lib/protocol/errors";
import type { PutPipelineDefinitionInput } from "@/lib/protocol/schemas";
import { writeAudit } from "@/lib/store/audit";
import { getDefinitionVersion, insertDefinitionVersion, pruneUnusedComponentVersions } from "@/lib/store/definitions";
import { getPipelineOrThrow, updatePipeline } from "@/lib/store/pipelines";
import { runInTransaction } from "@/lib/store/transaction";
import type { OperationContext } from "./context";
import { validationResponse } from "./validate-pipeline-definition";

/** AWS's wording for a rejected definition (api.md §3.5), with our readable list of causes. */
export function fatalMessage(fatal: string[]): string {
  return `Pipeline definition has errors: Could not save the pipeline definition due to FATAL errors: [${fatal.join("; ")}] Please call Validate to validate your pipeline`;
}

export async function putPipelineDefinition(input: PutPipelineDefinitionInput, ctx: OperationContext) {
  return runInTransaction(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId, { lock: true });
    const active = pipeline.activeVersion ? await getDefinitionVersion(tx, pipeline.id, pipeline.activeVersion) : null;
    const parameterObjects = input.parameterObjects ?? [];
    const parameterValues = input.parameterValues ?? [];
    const result = validateDefinition(
      { objects: input.pipelineObjects, parameterObjects, parameterValues },
      { pipelineState: pipeline.state, ...(active ? { activeObjects: active.objects } : {}) },
    );
    if (result.fatal.length > 0) throw invalidRequest(fatalMessage(result.fatal));

    const version = (pipeline.latestVersion ?? 0) + 1;
    const errored = result.errors.length > 0;
    await insertDefinitionVersion(tx, {
      pipelineId: pipeline.id,
      version,
      objects: input.pipelineObjects,
      parameterObjects,
      parameterValues,
      errored,
      validationErrors: result.errors,
      validationWarnings: result.warnings,
    });
    await updatePipeline(tx, pipeline.id, { latestVersion: version });
    await pruneUnusedComponentVersions(tx, pipeline.id, pipeline.activeVersion ? [version, pipeline.activeVersion] : [version]);
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: "PutPipelineDefinition",
      pipelineId: pipeline.id,
      details: { version, objects: input.pipelineObjects.length, errored },
    });
    return validationResponse(result);
  });
}
