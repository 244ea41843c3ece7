import type { Tx } from "./db";
import { toJson } from "./json";

export interface AuditInput {
  /** The account the entry belongs to; when absent, the pipeline's (the scheduler's own entries). */
  accountId?: string;
  /** The real principal: `api:<access key id>`, the console's user, or `scheduler`. Never taken from a request header. */
  actor: string;
  action: string;
  pipelineId?: string | null;
  objectIds?: string[];
  details?: Record<string, unknown>;
}

/** Written inside the transaction of the change it records, so the log and the state never disagree. */
export async function writeAudit(tx: Tx, entry: AuditInput): Promise<void> {
  let accountId = entry.accountId;
  if (accountId === undefined && entry.pipelineId) {
    accountId = (await tx.pipeline.findUnique({ where: { id: entry.pipelineId }, select: { accountId: true } }))
      ?.accountId;
  }
  if (accountId === undefined) throw new Error(`audit entry ${entry.action} has no account`);
  await tx.auditEntry.create({
    data: {
      accountId,
      actor: entry.actor,
      action: entry.action,
      pipelineId: entry.pipelineId ?? null,
      objectIds: toJson(entry.objectIds ?? []),
      details: toJson(entry.details ?? {}),
    },
  });
}
