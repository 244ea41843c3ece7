// PutPipelineDefinition: replaces the pipeline's latest definition; fatal problems reject it, other problems are saved and reported.
import { getSettings } from "@/lib/config/settings";
import { validateDefinition } from "@/lib/definition/validate-definition";
import type { PipelineObject } from "@/lib/protocol/types";
import { invalidRequest } from "@/lib/protocol/errors";
import type { PutPipelineDefinitionInput } from "@/lib/protocol/schemas";
import { writeAudit } from "@/lib/store/audit";
import {
  getDefinitionVersion,
  insertDefinitionVersion,
  pruneDefinitionVersions,
  pruneUnusedComponentVersions,
} from "@/lib/store/definitions";
import { getPipelineOrThrow, updatePipeline } from "@/lib/store/pipelines";
import { runInTransaction, withReader } from "@/lib/store/transaction";
import type { Tx } from "@/lib/store/db";
import type { OperationContext } from "./operation-context";
import { validationResponse } from "./validate-pipeline-definition";

/** AWS's wording for a rejected definition (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_PutPipelineDefinition.html), with our readable list of causes. */
export function fatalMessage(fatal: string[]): string {
  return `Pipeline definition has errors: Could not save the pipeline definition due to FATAL errors: [${fatal.join("; ")}] Please call Validate to validate your pipeline`;
}

type Validation = ReturnType<typeof validateDefinition>;

/** What validation depends on besides the input: if either changed meanwhile, validate again. */
interface ValidatedAgainst {
  state: string;
  activeVersion: number | null;
  result: Validation;
}

function validateAgainst(
  input: PutPipelineDefinitionInput,
  pipeline: { state: string; activeVersion: number | null },
  activeObjects: PipelineObject[] | undefined,
): ValidatedAgainst {
  const result = validateDefinition(
    {
      objects: input.pipelineObjects,
      parameterObjects: input.parameterObjects ?? [],
      parameterValues: input.parameterValues ?? [],
    },
    { pipelineState: pipeline.state, ...(activeObjects ? { activeObjects } : {}) },
  );
  return { state: pipeline.state, activeVersion: pipeline.activeVersion, result };
}

export async function putPipelineDefinition(input: PutPipelineDefinitionInput, ctx: OperationContext) {
  // Validation runs before the transaction opens, so it never holds a pool connection or the
  // pipeline's row lock; it is re-run inside only if an activation or a state change got in between.
  const before = await withReader(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const active = pipeline.activeVersion ? await getDefinitionVersion(tx, pipeline.id, pipeline.activeVersion) : null;
    return validateAgainst(input, pipeline, active?.objects);
  });
  if (before.result.fatal.length > 0) throw invalidRequest(fatalMessage(before.result.fatal));
  return runInTransaction((tx) => storeDefinition(tx, input, ctx, before));
}

/** Saves a definition validated beforehand, in the caller's transaction (the console import shares it). */
export async function storeDefinition(
  tx: Tx,
  input: PutPipelineDefinitionInput,
  ctx: OperationContext,
  validated?: ValidatedAgainst,
) {
  const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId, { lock: true });
  let checked = validated;
  if (!checked || checked.state !== pipeline.state || checked.activeVersion !== pipeline.activeVersion) {
    const active = pipeline.activeVersion ? await getDefinitionVersion(tx, pipeline.id, pipeline.activeVersion) : null;
    checked = validateAgainst(input, pipeline, active?.objects);
  }
  const result = checked.result;
  if (result.fatal.length > 0) throw invalidRequest(fatalMessage(result.fatal));
  const parameterObjects = input.parameterObjects ?? [];
  const parameterValues = input.parameterValues ?? [];

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
  await pruneUnusedComponentVersions(
    tx,
    pipeline.id,
    pipeline.activeVersion ? [version, pipeline.activeVersion] : [version],
  );
  await pruneDefinitionVersions(
    tx,
    pipeline.id,
    version,
    pipeline.activeVersion,
    getSettings().DEFINITION_VERSIONS_KEPT,
  );
  await writeAudit(tx, {
    accountId: ctx.accountId,
    actor: ctx.actor,
    action: "PutPipelineDefinition",
    pipelineId: pipeline.id,
    details: { version, objects: input.pipelineObjects.length, errored },
  });
  return validationResponse(result);
}
