// Reads behind the console's Runners page: which of the pipelines holding leases belong to the
// console's account (runners and the task queue are not per account; pipelines are).
import type { Tx } from "./db";

/** Name of each given pipeline that is live and belongs to the account; the others are left out. */
export async function findAccountPipelineNames(
  tx: Tx,
  accountId: string,
  pipelineIds: string[],
): Promise<Map<string, string>> {
  if (pipelineIds.length === 0) return new Map();
  const rows = await tx.pipeline.findMany({
    where: { id: { in: [...new Set(pipelineIds)] }, accountId, deletedAt: null },
    select: { id: true, name: true },
  });
  return new Map(rows.map((r) => [r.id, r.name]));
}
