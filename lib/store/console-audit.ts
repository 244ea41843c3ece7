// Reads behind the console's audit page: newest first, keyset-paged on the entry id.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "./db";

export interface AuditFilter {
  accountId: string;
  pipelineId: string | null;
  actor: string | null;
  action: string | null;
  /** Entries with a smaller id than this (older); null = from the newest. */
  beforeId: bigint | null;
  limit: number;
}

/** `limit + 1` entries so the caller can tell whether an older page exists. */
export async function findAuditEntries(tx: Tx, f: AuditFilter) {
  const where: Prisma.AuditEntryWhereInput = {
    accountId: f.accountId,
    ...(f.pipelineId ? { pipelineId: f.pipelineId } : {}),
    ...(f.actor ? { actor: f.actor } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.beforeId !== null ? { id: { lt: f.beforeId } } : {}),
  };
  return tx.auditEntry.findMany({ where, orderBy: { id: "desc" }, take: f.limit + 1 });
}

/** The distinct actions and actors recorded, for the filter menus. */
export async function findAuditFacets(tx: Tx, accountId: string): Promise<{ actions: string[]; actors: string[] }> {
  const [actions, actors] = await Promise.all([
    tx.auditEntry.findMany({
      where: { accountId },
      distinct: ["action"],
      select: { action: true },
      orderBy: { action: "asc" },
    }),
    tx.auditEntry.findMany({
      where: { accountId },
      distinct: ["actor"],
      select: { actor: true },
      orderBy: { actor: "asc" },
    }),
  ]);
  return { actions: actions.map((a) => a.action), actors: actors.map((a) => a.actor) };
}

/** Names of the given pipelines of this account, deleted ones included (the log outlives them). */
export async function findPipelineNamesForAudit(
  tx: Tx,
  accountId: string,
  pipelineIds: string[],
): Promise<Map<string, { name: string; deleted: boolean }>> {
  if (pipelineIds.length === 0) return new Map();
  const rows = await tx.pipeline.findMany({
    where: { id: { in: [...new Set(pipelineIds)] }, accountId },
    select: { id: true, name: true, deletedAt: true },
  });
  return new Map(rows.map((r) => [r.id, { name: r.name, deleted: r.deletedAt !== null }]));
}
