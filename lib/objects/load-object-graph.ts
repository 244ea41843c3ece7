import { ObjectGraph, type ComponentSet } from "@/lib/objects/object-graph";
import { rowToObject } from "@/lib/objects/runtime-row";
import type { PipelineObject } from "@/lib/protocol/types";
import { getDefinitionVersion, type StoredDefinition } from "@/lib/store/definitions";
import { findComponentRows, findRuntimeRows } from "@/lib/store/objects";
import type { Pipeline } from "@/lib/store/pipelines";
import type { Tx } from "@/lib/store/db";

async function loadComponentSet(
  tx: Tx,
  pipelineId: string,
  version: number | null,
): Promise<{ set: ComponentSet; def: StoredDefinition } | null> {
  if (version === null) return null;
  const def = await getDefinitionVersion(tx, pipelineId, version);
  if (!def) return null;
  const rows = await findComponentRows(tx, pipelineId, version);
  return {
    def,
    set: { version, objects: def.objects, statuses: new Map(rows.map((r) => [r.objectId, r.status ?? "PENDING"])) },
  };
}

/** How far and how wide references are followed from the requested runtime objects. */
const RUN_DEPTH = 4;
const RUN_OBJECT_LIMIT = 500;

/**
 * The requested instances and attempts and the runtime objects of their run they reference, so that
 * `#{input.directoryPath}`, `#{@headAttempt.errorMessage}` or `#{@instanceParent.@status}` resolve
 * on an instance or attempt: its instance parent, its head attempt, the instances its input, output,
 * precondition and dependsOn point at, the consumer a precondition runs for, and theirs in turn.
 */
async function loadRunObjects(
  tx: Tx,
  pipelineId: string,
  runtimeIds: string[],
  followReferences: boolean,
): Promise<PipelineObject[]> {
  const loaded = new Map<string, PipelineObject>();
  const asked = new Set<string>();
  let frontier = [...new Set(runtimeIds)];
  const depthLimit = followReferences ? RUN_DEPTH : 2;
  for (let depth = 0; depth < depthLimit && frontier.length > 0 && asked.size < RUN_OBJECT_LIMIT; depth++) {
    frontier = frontier.slice(0, RUN_OBJECT_LIMIT - asked.size);
    frontier.forEach((id) => asked.add(id));
    const rows = await findRuntimeRows(tx, pipelineId, frontier);
    const next = new Set<string>();
    for (const row of rows) {
      const object = rowToObject(row);
      loaded.set(object.id, object);
      if (row.instanceId) next.add(row.instanceId);
      if (followReferences) for (const f of object.fields) if (f.refValue?.startsWith("@")) next.add(f.refValue);
    }
    frontier = [...next].filter((id) => !asked.has(id));
  }
  return [...loaded.values()];
}

/**
 * Loads what is needed to present or evaluate the given objects of a pipeline: its latest and
 * active definitions and the requested runtime objects with the instances they belong to, and,
 * when expressions are to be evaluated (`followReferences`), the rest of their run they reference.
 */
export async function loadObjectGraph(
  tx: Tx,
  pipeline: Pipeline,
  ids: string[],
  opts: { followReferences?: boolean } = {},
): Promise<ObjectGraph> {
  const latest = await loadComponentSet(tx, pipeline.id, pipeline.latestVersion);
  const active =
    pipeline.activeVersion === pipeline.latestVersion
      ? latest
      : await loadComponentSet(tx, pipeline.id, pipeline.activeVersion);
  // Instance and attempt ids start with '@'; component ids may too, so only those we find count.
  const runtime = await loadRunObjects(
    tx,
    pipeline.id,
    ids.filter((id) => id.startsWith("@")),
    opts.followReferences ?? true,
  );
  const params = (active ?? latest)?.def;
  return new ObjectGraph({
    pipelineId: pipeline.id,
    latest: latest?.set ?? null,
    active: active?.set ?? null,
    runtime,
    parameterObjects: params?.parameterObjects ?? [],
    parameterValues: params ? (params.activationValues ?? params.parameterValues) : [],
  });
}
