// DescribeObjects: components, instances and attempts by id, with their service fields, optionally with expressions evaluated.
import { decodeMarker, isOffsetMarker } from "@/lib/protocol/markers";
import type { DescribeObjectsInput } from "@/lib/protocol/schemas";
import type { PipelineObject } from "@/lib/protocol/types";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";
import { loadObjectGraph } from "@/lib/objects/load-object-graph";

export async function describeObjects(input: DescribeObjectsInput, ctx: OperationContext) {
  // We return every requested object in one page (at most 100 ids), so only the first-page marker is valid.
  const start = decodeMarker(input.marker, isOffsetMarker);
  return withReader(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const ids = [...new Set(input.objectIds)];
    // Only evaluation reads other objects of the run; presenting needs the objects and their instances.
    const graph = await loadObjectGraph(tx, pipeline, ids, { followReferences: input.evaluateExpressions === true });
    const found: PipelineObject[] = [];
    for (const id of ids) {
      const obj = input.evaluateExpressions ? graph.evaluated(id) : graph.present(id);
      if (obj) found.push(obj);
    }
    return { pipelineObjects: found.slice(start?.o ?? 0), hasMoreResults: false };
  });
}
