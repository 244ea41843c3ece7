// ListPipelines: every live pipeline's id and name, paged in creation order.
import { decodeMarker, encodeMarker, isSeqMarker, pageResult } from "@/lib/protocol/markers";
import type { ListPipelinesInput } from "@/lib/protocol/schemas";
import { listPipelinesPage } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";

export const LIST_PIPELINES_PAGE_SIZE = 50;

export async function listPipelines(input: ListPipelinesInput, ctx: OperationContext) {
  const start = decodeMarker(input.marker, isSeqMarker);
  const rows = await withReader((tx) =>
    listPipelinesPage(tx, ctx.accountId, BigInt(start?.s ?? "0"), LIST_PIPELINES_PAGE_SIZE + 1),
  );
  const page = rows.slice(0, LIST_PIPELINES_PAGE_SIZE);
  const last = page[page.length - 1];
  const next = rows.length > LIST_PIPELINES_PAGE_SIZE && last ? encodeMarker({ s: last.seq.toString() }) : null;
  return { pipelineIdList: page.map((p) => ({ id: p.id, name: p.name })), ...pageResult(next) };
}
