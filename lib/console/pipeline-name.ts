// A pipeline's name for page titles, read once per request however many segments ask for it.
import "server-only";
import { cache } from "react";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";

/**
 * Null for a pipeline that is not there (its page answers 404). The caller (a page, from its session)
 * says whose pipeline: this file reads no request state.
 */
export const pipelineNameFor = cache(async (accountId: string, pipelineId: string): Promise<string | null> => {
  try {
    return await withReader(async (tx) => (await getPipelineOrThrow(tx, accountId, pipelineId)).name);
  } catch {
    return null;
  }
});
