import type { Tx } from "./db";

/** The live pipeline CreatePipeline would answer for this name and uniqueId, if there is one (import-from-aws). */
export async function findLivePipelineByNameAndUniqueId(
  tx: Tx,
  accountId: string,
  name: string,
  uniqueId: string,
): Promise<string | undefined> {
  const row = await tx.pipeline.findFirst({
    where: { accountId, name, uniqueId, deletedAt: null },
    select: { id: true },
  });
  return row?.id;
}
