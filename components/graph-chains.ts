// Which objects of a pipeline form one chain, so the graph can box them together: the steps linked
// by `dependsOn`, the data nodes handed from one step to the next (one's `output`, another's
// `input`), and the inputs, outputs and preconditions that only that chain uses. What many chains
// share (Default, schedules, resources, databases, alarms, an input read by several chains) stays
// outside every box, or everything would be one box.
import type { GraphObject } from "./graph-layout";

export interface Chain {
  id: string;
  /** Its steps' common id prefix (at least 3 characters), or "" when they have none. */
  prefix: string;
  members: string[];
  /** The members that hold flow fields or are depended on (the activities, not the data they move). */
  steps: string[];
}

/** Fields that carry work from one object to the next. */
const FLOW_KEYS = new Set(["dependsOn", "input", "output", "precondition"]);

class Components {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    // Path compression keeps later finds short.
    for (let cur = x; cur !== root;) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

/** The longest prefix every id starts with, cut back to a word boundary (`Lane3Step` of `Lane3Step0…8` is kept whole). */
function commonPrefix(ids: string[]): string {
  if (ids.length < 2) return "";
  let prefix = ids[0]!;
  for (const id of ids.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < id.length && prefix[i] === id[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix.replace(/[-_.:\s]+$/, "");
}

/** The chains of a pipeline (two objects or more each), every object in at most one. */
export function findChains(objects: GraphObject[]): Chain[] {
  const ids = new Set(objects.map((o) => o.id));
  const c = new Components();
  const referrers = new Map<string, { holder: string; key: string }[]>();
  for (const o of objects) {
    for (const r of o.refs) {
      if (!r.exists || !ids.has(r.target) || r.target === o.id || !FLOW_KEYS.has(r.key)) continue;
      if (r.key === "dependsOn") c.union(o.id, r.target);
      const list = referrers.get(r.target) ?? [];
      list.push({ holder: o.id, key: r.key });
      referrers.set(r.target, list);
    }
  }
  // A data node one step writes joins that step and every step that reads it: a hand-off.
  for (const [target, refs] of referrers) {
    if (!refs.some((r) => r.key === "output")) continue;
    for (const r of refs) if (r.key === "output" || r.key === "input") c.union(target, r.holder);
  }
  // What is left (inputs nobody writes, preconditions) joins its chain when only one chain uses it.
  for (const [target, refs] of referrers) {
    if (refs.some((r) => r.key === "output") || refs.some((r) => r.key === "dependsOn")) continue;
    const chains = new Set(refs.map((r) => c.find(r.holder)));
    if (chains.size === 1) c.union(target, refs[0]!.holder);
  }
  const byRoot = new Map<string, string[]>();
  for (const o of objects) {
    const root = c.find(o.id);
    const list = byRoot.get(root) ?? [];
    list.push(o.id);
    byRoot.set(root, list);
  }
  // Steps: what holds a flow field, and what a step depends on (the first step of a chain holds none).
  const steps = new Set(objects.filter((o) => o.refs.some((r) => FLOW_KEYS.has(r.key))).map((o) => o.id));
  for (const [target, refs] of referrers) if (refs.some((r) => r.key === "dependsOn")) steps.add(target);
  return [...byRoot.values()]
    .filter((members) => members.length >= 2)
    .map((members, i) => {
      const named = members.filter((m) => steps.has(m));
      const prefix = commonPrefix(named.length >= 2 ? named : members);
      return { id: `chain-${i}`, prefix: prefix.length >= 3 ? prefix : "", members, steps: named };
    });
}

/** A chain's label once the layout knows where its members sit: the prefix, or its first and last step along the flow. */
export function labelChain(chain: Chain, x: (id: string) => number): string {
  if (chain.prefix) return chain.prefix;
  const sorted = [...(chain.steps.length ? chain.steps : chain.members)].sort(
    (a, b) => x(a) - x(b) || a.localeCompare(b),
  );
  return sorted.length > 1 ? `${sorted[0]} → ${sorted.at(-1)}` : sorted[0]!;
}
