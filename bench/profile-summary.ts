// Summarises a V8 .cpuprofile (from `npm run bench -- --profile`, written by the server's
// --cpu-prof): self time by function and by package, to see where a request's CPU goes.
// Usage: npx tsx bench/profile-summary.ts bench/results/prof/CPU.*.cpuprofile [top=30]
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary <file.cpuprofile> [top]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const top = Number(topArg ?? 30);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const pkg = (url: string) => {
  if (!url) return "(native/vm)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:")) return "node core";
  if (url.includes("/.next/")) return "app (.next)";
  return url
    .replace(/^file:\/\//, "")
    .split("/")
    .slice(-2)
    .join("/");
};
const fnAgg = new Map<string, number>();
const pkgAgg = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const f = `${n.callFrame.functionName || "(anonymous)"}  ${pkg(n.callFrame.url)}:${n.callFrame.lineNumber}`;
  fnAgg.set(f, (fnAgg.get(f) ?? 0) + us);
  const p = pkg(n.callFrame.url);
  pkgAgg.set(p, (pkgAgg.get(p) ?? 0) + us);
}
const show = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`)
    .join("\n");
// Inclusive time: a function's samples plus its callees' (counted once per stack).
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map<string, number>();
for (const [id, us] of self) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n = byId.get(cur)!;
    const f = `${n.callFrame.functionName || "(anonymous)"}  ${pkg(n.callFrame.url)}:${n.callFrame.lineNumber}`;
    if (seen.has(f)) continue;
    seen.add(f);
    incl.set(f, (incl.get(f) ?? 0) + us);
  }
}
console.log(
  `total sampled: ${(total / 1e6).toFixed(2)} s\n\nby package:\n${show(pkgAgg, 15)}\n\nby function (self):\n${show(fnAgg, top)}\n\nby function (inclusive):\n${show(incl, top)}`,
);
