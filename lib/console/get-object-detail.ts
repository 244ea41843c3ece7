// The object page: an object's fields with where each came from (own, inherited from a parent or
// Default, set by the service), references as links, the objects that point at it, and the value
// of every field that holds an expression.
import "server-only";
import { z } from "zod";
import { DEFAULT_OBJECT_ID, getParentId, indexObjectsById, resolveEffectiveFields } from "@/lib/definition/inheritance";
import { getObjectKind, type ObjectKind } from "@/lib/definition/object-types";
import { ExpressionError, evaluateTemplate, hasExpression } from "@/lib/expressions";
import type { ObjectGraph } from "@/lib/objects/object-graph";
import { rowToObject } from "@/lib/objects/runtime-row";
import { loadObjectGraph } from "@/lib/objects/load-object-graph";
import type { OperationContext } from "@/lib/operations/operation-context";
import type { PipelineObject } from "@/lib/protocol/types";
import { countInstancesByComponent } from "@/lib/store/console-instances";
import { getDefinitionVersion } from "@/lib/store/definitions";
import { findRuntimeRows } from "@/lib/store/objects";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import { typeOf } from "./component-summary";
import { objectNotFound } from "./errors";

export const GetObjectDetailInput = z.object({
  pipelineId: z.string().min(1).max(1024),
  objectId: z.string().min(1).max(1024),
});
export type GetObjectDetailInput = z.infer<typeof GetObjectDetailInput>;

export type FieldEvaluation = { ok: true; value: string } | { ok: false; message: string; position: number };

export interface ObjectFieldView {
  key: string;
  stringValue?: string;
  refValue?: string;
  /** Id of the object that declared the field: this object, a parent, or Default. */
  from: string;
  /** own: declared by this object; inherited: from `from`; service: an `@` field the service sets; implicit: the `parent: Default` AWS reports. */
  origin: "own" | "inherited" | "service" | "implicit";
  /** For references: whether the target exists in the pipeline. */
  refExists?: boolean;
  /** For string values holding `#{...}`: the value evaluated on this object. */
  evaluation?: FieldEvaluation;
}

export interface ReferencingObject {
  objectId: string;
  name: string;
  type: string | null;
  key: string;
  /** True for objects that inherit from Default without declaring `parent`. */
  implicit: boolean;
}

export interface ObjectDetail {
  pipelineId: string;
  pipelineName: string;
  id: string;
  name: string;
  sphere: "COMPONENT" | "INSTANCE" | "ATTEMPT";
  type: string | null;
  kind: ObjectKind | null;
  status: string | null;
  /** The definition version the fields come from. */
  version: number | null;
  /** The objects consulted for inheritance, nearest first. */
  chain: string[];
  problems: string[];
  fields: ObjectFieldView[];
  referencedBy: ReferencingObject[];
  /** For components: how many instances it has; null for instances and attempts. */
  instanceCount: number | null;
  /** The instance whose run this is: the object itself for an instance, its instance for an attempt, null for components. */
  instanceId: string | null;
  /** True when expressions here are evaluated against the active version, which differs from the one shown. */
  evaluatesAgainstActive: boolean;
}

function evaluateField(
  graph: ObjectGraph,
  objectId: string,
  nodeId: string | undefined,
  value: string,
): FieldEvaluation {
  try {
    return { ok: true, value: evaluateTemplate(value, graph.evaluationContext(objectId, nodeId)).value };
  } catch (err) {
    if (err instanceof ExpressionError) return { ok: false, message: err.message, position: err.position };
    throw err;
  }
}

const sphereOf = (obj: PipelineObject): ObjectDetail["sphere"] => {
  const s = obj.fields.find((f) => f.key === "@sphere")?.stringValue;
  return s === "INSTANCE" || s === "ATTEMPT" ? s : "COMPONENT";
};

export async function getObjectDetail(input: GetObjectDetailInput, ctx: OperationContext): Promise<ObjectDetail> {
  return withReader(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const graph = await loadObjectGraph(tx, pipeline, [input.objectId]);
    const presented = graph.present(input.objectId);
    if (!presented) throw objectNotFound(pipeline.id, input.objectId);
    const isRuntime = graph.isRuntime(input.objectId);

    const [latest, active, runtimeRows] = await Promise.all([
      pipeline.latestVersion !== null
        ? getDefinitionVersion(tx, pipeline.id, pipeline.latestVersion)
        : Promise.resolve(null),
      pipeline.activeVersion !== null && pipeline.activeVersion !== pipeline.latestVersion
        ? getDefinitionVersion(tx, pipeline.id, pipeline.activeVersion)
        : Promise.resolve(null),
      isRuntime ? findRuntimeRows(tx, pipeline.id, [input.objectId]) : Promise.resolve([]),
    ]);
    const activeDef = active ?? (pipeline.activeVersion !== null ? latest : null);
    // Components are shown as the latest version has them (what DescribeObjects shows); runtime
    // objects inherit from the version they were created from, the active one.
    const source = isRuntime
      ? (activeDef ?? latest)
      : latest?.objects.some((o) => o.id === input.objectId)
        ? latest
        : activeDef;
    const objects = source?.objects ?? [];
    const byId = indexObjectsById(objects);
    // The graph presents runtime objects with their inherited fields merged in; inheritance is
    // resolved again here from the row's own fields so that each field says where it came from.
    const runtimeRow = runtimeRows.find((r) => r.objectId === input.objectId);
    if (isRuntime) byId.set(input.objectId, runtimeRow ? rowToObject(runtimeRow) : presented);
    const resolved = resolveEffectiveFields(input.objectId, byId);
    const nodeId = presented.fields.find((f) => f.key === "node")?.refValue;

    // References to other instances and attempts (@headAttempt, @instanceParent...) are checked in the store.
    const unknownRefs = [
      ...new Set(
        [...resolved.fields, ...presented.fields]
          .map((f) => f.refValue)
          .filter((r): r is string => !!r && !byId.has(r) && !graph.has(r)),
      ),
    ];
    const runtimeTargets = unknownRefs.length
      ? new Set((await findRuntimeRows(tx, pipeline.id, unknownRefs)).map((r) => r.objectId))
      : new Set<string>();
    const exists = (id: string) => byId.has(id) || graph.has(id) || runtimeTargets.has(id);
    const fields: ObjectFieldView[] = resolved.fields.map(({ key, stringValue, refValue, from }) => ({
      key,
      ...(stringValue !== undefined ? { stringValue } : {}),
      ...(refValue !== undefined ? { refValue, refExists: exists(refValue) } : {}),
      from,
      origin: key.startsWith("@") ? "service" : from === input.objectId ? "own" : "inherited",
    }));
    const seen = new Set(fields.map((f) => f.key));
    for (const f of presented.fields) {
      if (seen.has(f.key)) continue;
      const implicit = f.key === "parent" && f.refValue === DEFAULT_OBJECT_ID;
      fields.push({
        key: f.key,
        ...(f.stringValue !== undefined ? { stringValue: f.stringValue } : {}),
        ...(f.refValue !== undefined ? { refValue: f.refValue, refExists: exists(f.refValue) } : {}),
        from: input.objectId,
        origin: implicit ? "implicit" : f.key.startsWith("@") ? "service" : "own",
      });
    }
    for (const f of fields) {
      if (f.stringValue !== undefined && hasExpression(f.stringValue))
        f.evaluation = evaluateField(graph, input.objectId, nodeId, f.stringValue);
    }

    const referencedBy: ReferencingObject[] = [];
    if (!isRuntime) {
      for (const o of objects) {
        if (o.id === input.objectId) continue;
        for (const f of o.fields) {
          if (f.refValue === input.objectId)
            referencedBy.push({ objectId: o.id, name: o.name, type: typeOf(o), key: f.key, implicit: false });
        }
        if (input.objectId === DEFAULT_OBJECT_ID && getParentId(o) === undefined) {
          referencedBy.push({ objectId: o.id, name: o.name, type: typeOf(o), key: "parent", implicit: true });
        }
      }
    }

    const type = resolved.fields.find((f) => f.key === "type")?.stringValue ?? typeOf(presented);
    const instanceCounts = isRuntime ? null : await countInstancesByComponent(tx, pipeline.id);
    return {
      pipelineId: pipeline.id,
      pipelineName: pipeline.name,
      id: presented.id,
      name: presented.name,
      sphere: sphereOf(presented),
      type,
      kind: getObjectKind(type ?? undefined) ?? null,
      status: presented.fields.find((f) => f.key === "@status")?.stringValue ?? null,
      version: source?.version ?? null,
      chain: resolved.chain,
      problems: resolved.problems,
      fields,
      referencedBy,
      instanceCount: instanceCounts ? (instanceCounts.get(input.objectId) ?? 0) : null,
      instanceId: !isRuntime
        ? null
        : sphereOf(presented) === "INSTANCE"
          ? presented.id
          : (runtimeRow?.instanceId ?? null),
      evaluatesAgainstActive:
        !isRuntime && activeDef !== null && source !== null && activeDef.version !== source.version,
    };
  });
}
