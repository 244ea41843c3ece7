// "Import definition": a new pipeline from an AWS CLI definition file (pasted or uploaded).
// Validates first and creates nothing when the file is rejected; the pipeline and its definition
// are written in one transaction.
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { DefinitionFormatError, definitionFileToApi, type ApiDefinition } from "@/lib/definition/cli-format";
import { validateDefinition } from "@/lib/definition/validate-definition";
import type { OperationContext } from "@/lib/operations/operation-context";
import { createPipelineIn } from "@/lib/operations/create-pipeline";
import { storeDefinition } from "@/lib/operations/put-pipeline-definition";
import { runInTransaction } from "@/lib/store/transaction";
import { jsonNestingExceeds, MAX_JSON_DEPTH } from "@/lib/protocol/hostile-input";
import { PutPipelineDefinitionInput, describeValidationError } from "@/lib/protocol/schemas";
import type { PipelineObject, ValidationError, ValidationWarning } from "@/lib/protocol/types";
import { typeOf } from "./component-summary";

/** The largest definition file the console accepts (AWS allows 100 objects of at most 15 KB). */
export const MAX_DEFINITION_FILE_BYTES = 2 * 1024 * 1024;

export const ImportDefinitionInput = z.object({
  name: z.string().trim().min(1, "Give the pipeline a name").max(1024),
  description: z.string().max(1024).optional(),
  /** The definition file's text, as `aws datapipeline put-pipeline-definition --pipeline-definition file://...` reads it. */
  definition: z.string().min(1, "Paste or upload a definition file").max(MAX_DEFINITION_FILE_BYTES),
  /** Create the pipeline even when the definition has (non-fatal) validation errors; it cannot be activated until fixed. */
  acceptErrors: z.boolean().default(false),
});
export type ImportDefinitionInput = z.infer<typeof ImportDefinitionInput>;

export interface ImportedObjectReport {
  id: string;
  name: string;
  type: string | null;
  errors: string[];
  warnings: string[];
}

export interface ImportProblems {
  /** Problems that stop the definition from being saved at all. */
  fatal: string[];
  /** Errors and warnings that name no object of the file (e.g. the parameters). */
  general: { errors: string[]; warnings: string[] };
  objects: ImportedObjectReport[];
}

export type ImportDefinitionResult =
  | { status: "invalid-file"; message: string }
  | ({ status: "rejected" | "has-errors" } & ImportProblems)
  | ({ status: "imported"; pipelineId: string; errored: boolean } & ImportProblems);

function groupProblems(
  objects: PipelineObject[],
  fatal: string[],
  errors: ValidationError[],
  warnings: ValidationWarning[],
): ImportProblems {
  const reports = new Map<string, ImportedObjectReport>();
  for (const o of objects) {
    if (!reports.has(o.id)) reports.set(o.id, { id: o.id, name: o.name, type: typeOf(o), errors: [], warnings: [] });
  }
  const general = { errors: [] as string[], warnings: [] as string[] };
  for (const e of errors) (reports.get(e.id ?? "")?.errors ?? general.errors).push(...(e.errors ?? []));
  for (const w of warnings) (reports.get(w.id ?? "")?.warnings ?? general.warnings).push(...(w.warnings ?? []));
  return { fatal, general, objects: [...reports.values()] };
}

function parseFile(text: string): ApiDefinition | { message: string } {
  if (jsonNestingExceeds(text))
    return { message: `The file is nested deeper than ${MAX_JSON_DEPTH} levels; a definition file never is.` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { message: `The file is not valid JSON: ${(err as Error).message}` };
  }
  try {
    return definitionFileToApi(json);
  } catch (err) {
    if (err instanceof DefinitionFormatError) return { message: err.message };
    throw err;
  }
}

export async function importDefinition(
  input: ImportDefinitionInput,
  ctx: OperationContext,
): Promise<ImportDefinitionResult> {
  const parsed = parseFile(input.definition);
  if ("message" in parsed) return { status: "invalid-file", message: parsed.message };
  // The same limits the API applies to PutPipelineDefinition (lengths, required members).
  const shape = PutPipelineDefinitionInput.safeParse({ pipelineId: "df-IMPORT", ...parsed });
  if (!shape.success) return { status: "invalid-file", message: describeValidationError(shape.error) };

  const definition = {
    objects: parsed.pipelineObjects,
    parameterObjects: parsed.parameterObjects ?? [],
    parameterValues: parsed.parameterValues ?? [],
  };
  const check = validateDefinition(definition, { pipelineState: "PENDING" });
  if (check.fatal.length > 0)
    return { status: "rejected", ...groupProblems(definition.objects, check.fatal, check.errors, check.warnings) };
  if (check.errors.length > 0 && !input.acceptErrors) {
    return { status: "has-errors", ...groupProblems(definition.objects, [], check.errors, check.warnings) };
  }

  // One transaction: the pipeline and its definition are committed together or not at all, so a
  // crash or a failed put can never leave an empty pipeline behind.
  return runInTransaction(async (tx) => {
    const { pipelineId } = await createPipelineIn(
      tx,
      {
        name: input.name,
        uniqueId: `console-import-${randomUUID()}`,
        ...(input.description ? { description: input.description } : {}),
      },
      ctx,
    );
    const put = await storeDefinition(
      tx,
      {
        pipelineId,
        pipelineObjects: definition.objects,
        parameterObjects: definition.parameterObjects,
        parameterValues: definition.parameterValues,
      },
      ctx,
      // Validated above against a new pipeline; stored without validating again unless that changed.
      { state: "PENDING", activeVersion: null, result: check },
    );
    return {
      status: "imported" as const,
      pipelineId,
      errored: put.errored,
      ...groupProblems(definition.objects, [], put.validationErrors ?? [], put.validationWarnings ?? []),
    };
  });
}
