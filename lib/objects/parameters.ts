import type { ParameterObject, ParameterValue } from "@/lib/protocol/types";

/**
 * The value(s) of every parameter: the given values (activation values already merged over the
 * stored ones by the caller), else the parameter's `default`. Repeated ids make a list.
 */
export function resolveParameters(objects: ParameterObject[], values: ParameterValue[]): ReadonlyMap<string, string[]> {
  const out = new Map<string, string[]>();
  for (const v of values) {
    const list = out.get(v.id) ?? [];
    list.push(v.stringValue);
    out.set(v.id, list);
  }
  for (const p of objects) {
    if (out.has(p.id)) continue;
    const def = p.attributes.find((a) => a.key === "default");
    if (def) out.set(p.id, [def.stringValue]);
  }
  return out;
}
