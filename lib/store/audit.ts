import type { Tx } from "./db";
import { toJson } from "./json";

export interface AuditInput {
  actor: string;
  action: string;
  pipelineId?: string | null;
  objectIds?: string[];
  details?: Record<string, unknown>;
}

/** Written inside the transaction of the change it records, so the log and the state never disagree. */
export async function writeAudit(tx: Tx, entry: AuditInput): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      pipelineId: entry.pipelineId ?? null,
      objectIds: toJson(entry.objectIds ?? []),
      details: toJson(entry.details ?? {}),
    },
  });
}

export async function listAudit(tx: Tx, opts: { pipelineId?: string; beforeId?: bigint; limit: number }) {
  return tx.auditEntry.findMany({
    where: { ...(opts.pipelineId ? { pipelineId: opts.pipelineId } : {}), ...(opts.beforeId ? { id: { lt: opts.beforeId } } : {}) },
    orderBy: { id: "desc" },
    take: opts.limit,
  });
}
