// A pipeline's name for page titles, read once per request however many segments ask for it.
import "server-only";
import { cache } from "react";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import { pageContext } from "@/lib/console-auth/page-session";

/** Null for a pipeline that is not there (its page answers 404). */
export const pipelineNameFor = cache(async (pipelineId: string): Promise<string | null> => {
  const { accountId } = await pageContext();
  try {
    return await withReader(async (tx) => (await getPipelineOrThrow(tx, accountId, pipelineId)).name);
  } catch {
    return null;
  }
});
