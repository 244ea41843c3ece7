// The pipeline page's header and Graph/Objects tabs: the pipeline, its latest definition's
// components with their references, and run facts.
import "server-only";
import { z } from "zod";
import type { ValidationError, ValidationWarning, Tag } from "@/lib/protocol/types";
import { countInstancesByComponent } from "@/lib/store/console-instances";
import { getDefinitionVersion } from "@/lib/store/definitions";
import { tagsFromJson } from "@/lib/store/json";
import { findComponentRows } from "@/lib/store/objects";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import type { OperationContext } from "@/lib/operations/operation-context";
import { summariseComponents, type ComponentSummary } from "./component-summary";
import { loadRunFacts, type PipelineListItem } from "./list-pipelines";
import { iso } from "./iso";

export const GetPipelineOverviewInput = z.object({ pipelineId: z.string().min(1).max(1024) });
export type GetPipelineOverviewInput = z.infer<typeof GetPipelineOverviewInput>;

export interface PipelineOverview {
  pipeline: PipelineListItem & {
    uniqueId: string;
    tags: Tag[];
    latestVersion: number | null;
    activeVersion: number | null;
    firstActivatedAt: string | null;
    lastActivatedAt: string | null;
    lastDeactivatedAt: string | null;
    finishedAt: string | null;
  };
  /** The latest definition, or null before the first PutPipelineDefinition. */
  definition: {
    version: number;
    createdAt: string;
    errored: boolean;
    validationErrors: ValidationError[];
    validationWarnings: ValidationWarning[];
    /** True when the active version is an older one (edits not yet activated). */
    hasUnactivatedChanges: boolean;
  } | null;
  components: ComponentSummary[];
}

export async function getPipelineOverview(
  input: GetPipelineOverviewInput,
  ctx: OperationContext,
): Promise<PipelineOverview> {
  return withReader(async (tx) => {
    const p = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const [def, rows, instanceCounts, facts] = await Promise.all([
      p.latestVersion !== null ? getDefinitionVersion(tx, p.id, p.latestVersion) : Promise.resolve(null),
      p.latestVersion !== null ? findComponentRows(tx, p.id, p.latestVersion) : Promise.resolve([]),
      countInstancesByComponent(tx, p.id),
      loadRunFacts(tx, [p.id]),
    ]);
    const statuses = new Map(rows.map((r) => [r.objectId, r.status ?? "PENDING"]));
    return {
      pipeline: {
        id: p.id,
        name: p.name,
        description: p.description,
        state: p.state,
        createdAt: p.createdAt.toISOString(),
        uniqueId: p.uniqueId,
        tags: tagsFromJson(p.tags),
        latestVersion: p.latestVersion,
        activeVersion: p.activeVersion,
        firstActivatedAt: iso(p.firstActivatedAt),
        lastActivatedAt: iso(p.lastActivatedAt),
        lastDeactivatedAt: iso(p.lastDeactivatedAt),
        finishedAt: iso(p.finishedAt),
        ...facts(p.id),
      },
      definition: def
        ? {
            version: def.version,
            createdAt: def.createdAt.toISOString(),
            errored: def.errored,
            validationErrors: def.validationErrors,
            validationWarnings: def.validationWarnings,
            hasUnactivatedChanges: p.activeVersion !== null && p.activeVersion !== def.version,
          }
        : null,
      components: def ? summariseComponents(def.objects, statuses, instanceCounts) : [],
    };
  });
}
