// The audit page: who did what, when, newest first, one page at a time.
import "server-only";
import { z } from "zod";
import type { OperationContext } from "@/lib/operations/operation-context";
import { findAuditEntries, findAuditFacets, findPipelineNamesForAudit } from "@/lib/store/console-audit";
import { withReader } from "@/lib/store/transaction";

export const ListAuditInput = z.object({
  pipelineId: z.string().min(1).max(1024).optional(),
  actor: z.string().min(1).max(1024).optional(),
  action: z.string().min(1).max(200).optional(),
  /** Cursor: show entries older than this id. */
  before: z
    .string()
    .regex(/^\d{1,19}$/, "must be an entry id")
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListAuditInput = z.infer<typeof ListAuditInput>;

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  action: string;
  pipelineId: string | null;
  /** The pipeline's name (null when unknown to this account); `pipelineDeleted` once it was deleted. */
  pipelineName: string | null;
  pipelineDeleted: boolean;
  objectIds: string[];
  details: Record<string, unknown>;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Cursor of the next (older) page, null on the last one. */
  nextBefore: string | null;
  facets: { actions: string[]; actors: string[] };
}

export async function listAuditForConsole(input: ListAuditInput, ctx: OperationContext): Promise<AuditPage> {
  const limit = input.limit;
  return withReader(async (tx) => {
    const [rows, facets] = await Promise.all([
      findAuditEntries(tx, {
        accountId: ctx.accountId,
        pipelineId: input.pipelineId ?? null,
        actor: input.actor ?? null,
        action: input.action ?? null,
        beforeId: input.before ? BigInt(input.before) : null,
        limit,
      }),
      findAuditFacets(tx, ctx.accountId),
    ]);
    const page = rows.slice(0, limit);
    const names = await findPipelineNamesForAudit(
      tx,
      ctx.accountId,
      page.flatMap((r) => (r.pipelineId ? [r.pipelineId] : [])),
    );
    return {
      entries: page.map((r) => ({
        id: r.id.toString(),
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        pipelineId: r.pipelineId,
        pipelineName: r.pipelineId ? (names.get(r.pipelineId)?.name ?? null) : null,
        pipelineDeleted: r.pipelineId ? (names.get(r.pipelineId)?.deleted ?? false) : false,
        objectIds: Array.isArray(r.objectIds) ? r.objectIds.filter((x): x is string => typeof x === "string") : [],
        details:
          r.details && typeof r.details === "object" && !Array.isArray(r.details)
            ? (r.details as Record<string, unknown>)
            : {},
      })),
      nextBefore: rows.length > limit ? (page.at(-1)?.id.toString() ?? null) : null,
      facets,
    };
  });
}
