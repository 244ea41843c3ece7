// How the console describes a component in lists and the graph: id, type, status and the
// references it declares itself (each a labelled edge).
import "server-only";
import { getObjectKind, type ObjectKind } from "@/lib/definition/object-types";
import type { PipelineObject } from "@/lib/protocol/types";

export interface ComponentRef {
  key: string;
  target: string;
  /** False when the target id is not an object of the same definition. */
  exists: boolean;
}

export interface ComponentSummary {
  id: string;
  name: string;
  type: string | null;
  kind: ObjectKind | null;
  status: string;
  refs: ComponentRef[];
  /** Objects whose own fields point at this one. */
  referencedByCount: number;
  instanceCount: number;
}

export function typeOf(obj: PipelineObject): string | null {
  return obj.fields.find((f) => f.key === "type")?.stringValue ?? (obj.id === "Default" ? "Default" : null);
}

export function summariseComponents(
  objects: PipelineObject[],
  statuses: ReadonlyMap<string, string>,
  instanceCounts: ReadonlyMap<string, number>,
): ComponentSummary[] {
  const ids = new Set(objects.map((o) => o.id));
  const referencedBy = new Map<string, number>();
  for (const o of objects) {
    for (const f of o.fields)
      if (f.refValue !== undefined) referencedBy.set(f.refValue, (referencedBy.get(f.refValue) ?? 0) + 1);
  }
  return objects.map((o) => {
    const type = typeOf(o);
    return {
      id: o.id,
      name: o.name,
      type,
      kind: getObjectKind(type ?? undefined) ?? null,
      status: statuses.get(o.id) ?? "PENDING",
      refs: o.fields
        .filter((f) => f.refValue !== undefined)
        .map((f) => ({ key: f.key, target: f.refValue ?? "", exists: ids.has(f.refValue ?? "") })),
      referencedByCount: referencedBy.get(o.id) ?? 0,
      instanceCount: instanceCounts.get(o.id) ?? 0,
    };
  });
}
