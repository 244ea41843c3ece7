import { ObjectGraph, type ComponentSet } from "@/lib/objects/object-graph";
import { rowToObject } from "@/lib/objects/runtime-row";
import type { PipelineObject } from "@/lib/protocol/types";
import { getDefinitionVersion, type StoredDefinition } from "@/lib/store/definitions";
import { findComponentRows, findRuntimeRows } from "@/lib/store/objects";
import type { Pipeline } from "@/lib/store/pipelines";
import type { Tx } from "@/lib/store/transaction";

async function loadComponentSet(tx: Tx, pipelineId: string, version: number | null): Promise<{ set: ComponentSet; def: StoredDefinition } | null> {
  if (version === null) return null;
  const def = await getDefinitionVersion(tx, pipelineId, version);
  if (!def) return null;
  const rows = await findComponentRows(tx, pipelineId, version);
  return { def, set: { version, objects: def.objects, statuses: new Map(rows.map((r) => [r.objectId, r.status ?? "PENDING"])) } };
}

/**
 * Loads what is needed to present or evaluate the given objects of a pipeline: its latest and
 * active definitions and the requested runtime objects with the instances they belong to.
 */
export async function loadObjectGraph(tx: Tx, pipeline: Pipeline, ids: string[]): Promise<ObjectGraph> {
  const latest = await loadComponentSet(tx, pipeline.id, pipeline.latestVersion);
  const active = pipeline.activeVersion === pipeline.latestVersion ? latest : await loadComponentSet(tx, pipeline.id, pipeline.activeVersion);
  // Instance and attempt ids start with '@'; component ids may too, so only those we find count.
  const runtimeIds = ids.filter((id) => id.startsWith("@"));
  const rows = runtimeIds.length ? await findRuntimeRows(tx, pipeline.id, runtimeIds) : [];
  const parentIds = [...new Set(rows.map((r) => r.instanceId).filter((x): x is string => !!x && !runtimeIds.includes(x)))];
  const parents = parentIds.length ? await findRuntimeRows(tx, pipeline.id, parentIds) : [];
  const params = (active ?? latest)?.def;
  return new ObjectGraph({
    pipelineId: pipeline.id,
    latest: latest?.set ?? null,
    active: active?.set ?? null,
    runtime: [...rows, ...parents].map(rowToObject),
    parameterObjects: params?.parameterObjects ?? [],
    parameterValues: params ? (params.activationValues ?? params.parameterValues) : [],
  });
}
