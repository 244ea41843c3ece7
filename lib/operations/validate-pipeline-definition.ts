// ValidatePipelineDefinition: the checks PutPipelineDefinition runs, with nothing stored.
import { validateDefinition } from "@/lib/definition/validate-definition";
import type { PutPipelineDefinitionInput } from "@/lib/protocol/schemas";
import type { ValidationError, ValidationWarning } from "@/lib/protocol/types";
import { getDefinitionVersion } from "@/lib/store/definitions";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";

export interface ValidationResponse {
  errored: boolean;
  validationErrors?: ValidationError[];
  validationWarnings?: ValidationWarning[];
}

export function validationResponse(result: {
  errors: ValidationError[];
  warnings: ValidationWarning[];
}): ValidationResponse {
  return {
    errored: result.errors.length > 0,
    ...(result.errors.length ? { validationErrors: result.errors } : {}),
    ...(result.warnings.length ? { validationWarnings: result.warnings } : {}),
  };
}

export async function validatePipelineDefinition(
  input: PutPipelineDefinitionInput,
  ctx: OperationContext,
): Promise<ValidationResponse> {
  return withReader(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const active = pipeline.activeVersion ? await getDefinitionVersion(tx, pipeline.id, pipeline.activeVersion) : null;
    const result = validateDefinition(
      {
        objects: input.pipelineObjects,
        parameterObjects: input.parameterObjects ?? [],
        parameterValues: input.parameterValues ?? [],
      },
      { pipelineState: pipeline.state, ...(active ? { activeObjects: active.objects } : {}) },
    );
    // Fatal problems are errors too here: Validate reports, it never refuses.
    const fatalAsErrors: ValidationError[] = result.fatal.length
      ? [{ id: "PipelineDefinition", errors: result.fatal.map((m) => `FATAL: ${m}`) }]
      : [];
    return validationResponse({ errors: [...fatalAsErrors, ...result.errors], warnings: result.warnings });
  });
}
