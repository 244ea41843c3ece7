// The Definition tab: the latest or the active definition in the AWS CLI file format
// (`aws datapipeline get-pipeline-definition` output), with its validation results.
import "server-only";
import { z } from "zod";
import { apiToDefinitionFile, type DefinitionFile } from "@/lib/definition/cli-format";
import type { OperationContext } from "@/lib/operations/operation-context";
import type { ValidationError, ValidationWarning } from "@/lib/protocol/types";
import { getDefinitionVersion } from "@/lib/store/definitions";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import { DEFINITION_VERSIONS, type DefinitionVersionName } from "./definition-versions";

export { DEFINITION_VERSIONS, type DefinitionVersionName };

export const GetDefinitionInput = z.object({
  pipelineId: z.string().min(1).max(1024),
  version: z.enum(DEFINITION_VERSIONS).default("latest"),
});
export type GetDefinitionInput = z.infer<typeof GetDefinitionInput>;

export type DefinitionView =
  | {
      available: true;
      which: DefinitionVersionName;
      version: number;
      latestVersion: number | null;
      activeVersion: number | null;
      createdAt: string;
      activatedAt: string | null;
      errored: boolean;
      validationErrors: ValidationError[];
      validationWarnings: ValidationWarning[];
      file: DefinitionFile;
    }
  | {
      available: false;
      which: DefinitionVersionName;
      latestVersion: number | null;
      activeVersion: number | null;
      reason: string;
    };

export async function getDefinitionForConsole(
  input: GetDefinitionInput,
  ctx: OperationContext,
): Promise<DefinitionView> {
  const which = input.version;
  return withReader(async (tx) => {
    const p = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const version = which === "active" ? p.activeVersion : p.latestVersion;
    const base = { which, latestVersion: p.latestVersion, activeVersion: p.activeVersion };
    if (version === null) {
      return {
        ...base,
        available: false,
        reason:
          which === "active"
            ? "This pipeline has never been activated, so it has no active definition."
            : "No definition has been put to this pipeline yet.",
      };
    }
    const def = await getDefinitionVersion(tx, p.id, version);
    if (!def) return { ...base, available: false, reason: `Definition version ${version} is no longer stored.` };
    return {
      ...base,
      available: true,
      version: def.version,
      createdAt: def.createdAt.toISOString(),
      activatedAt: def.activatedAt ? def.activatedAt.toISOString() : null,
      errored: def.errored,
      validationErrors: def.validationErrors,
      validationWarnings: def.validationWarnings,
      // The same sections GetPipelineDefinition returns: parameters and values only when there are some.
      file: apiToDefinitionFile({
        pipelineObjects: def.objects,
        ...(def.parameterObjects.length ? { parameterObjects: def.parameterObjects } : {}),
        ...(def.parameterValues.length ? { parameterValues: def.parameterValues } : {}),
      }),
    };
  });
}
