import { describe, expect, it } from "vitest";
import { twoChains } from "./graph-chains.fixture";
import { basisPath, layoutObjectGraph, NODE_HEIGHT, NODE_WIDTH } from "./graph-layout";

const ref = (key: string, target: string, exists = true) => ({ key, target, exists });

describe("layoutObjectGraph", () => {
  const objects = [
    { id: "Schedule", refs: [] },
    { id: "In", refs: [ref("schedule", "Schedule")] },
    { id: "Out", refs: [ref("schedule", "Schedule")] },
    {
      id: "Work",
      refs: [ref("input", "In"), ref("output", "Out"), ref("schedule", "Schedule"), ref("runsOn", "Gone", false)],
    },
  ];
  const { nodes, edges, dangling } = layoutObjectGraph(objects);
  const x = (id: string) => nodes.find((n) => n.id === id)!.x;

  it("puts what an object references upstream (left) and what it outputs downstream (right)", () => {
    expect(x("In")).toBeLessThan(x("Work"));
    expect(x("Schedule")).toBeLessThan(x("In"));
    expect(x("Out")).toBeGreaterThan(x("Work"));
  });

  it("draws one labelled edge per reference, upstream to downstream, routed by dagre", () => {
    expect(edges.map((e) => `${e.source}->${e.target} (${e.holder}.${e.key})`).sort()).toEqual(
      [
        "Schedule->In (In.schedule)",
        "Schedule->Out (Out.schedule)",
        "In->Work (Work.input)",
        "Work->Out (Work.output)",
        "Schedule->Work (Work.schedule)",
      ].sort(),
    );
    for (const e of edges) {
      expect(e.points.length).toBeGreaterThanOrEqual(2);
      expect(e.label).not.toBeNull();
    }
    // Every arrow runs left to right: the way work flows.
    for (const e of edges) expect(e.points.at(-1)!.x).toBeGreaterThan(e.points[0]!.x);
  });

  it("reports references to missing objects instead of drawing them", () => {
    expect(dangling).toEqual([expect.objectContaining({ source: "Work", key: "runsOn", target: "Gone" })]);
  });
});

describe("layoutObjectGraph's chain boxes", () => {
  type Box = { x: number; y: number; width: number; height: number };
  const inside = (n: { x: number; y: number }, b: Box) =>
    n.x >= b.x && n.y >= b.y && n.x + NODE_WIDTH <= b.x + b.width && n.y + NODE_HEIGHT <= b.y + b.height;
  const overlap = (a: Box, b: Box) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  function checkBoxes(objects: Parameters<typeof layoutObjectGraph>[0]) {
    const { nodes, groups } = layoutObjectGraph(objects);
    for (const g of groups) {
      for (const n of nodes) expect(inside(n, g), `${n.id} in ${g.label}`).toBe(g.members.includes(n.id));
      // Objects outside every chain do not even touch a box (they would look like members).
      for (const n of nodes.filter((m) => !g.members.includes(m.id)))
        expect(overlap({ ...n, width: NODE_WIDTH, height: NODE_HEIGHT }, g), `${n.id} touches ${g.label}`).toBe(false);
      for (const other of groups.filter((o) => o !== g))
        expect(overlap(g, other), `${g.label} / ${other.label}`).toBe(false);
    }
    return groups;
  }

  it("draws one box per chain around exactly its objects", () => {
    const groups = checkBoxes(twoChains);
    expect(groups.map((g) => g.label).sort()).toEqual(["Cleanup", "ExtractOrders → ReportOrders"]);
  });

  it("keeps boxes apart at 60 objects and more (10 lanes of 9 steps)", () => {
    const ref = (key: string, target: string) => ({ key, target, exists: true });
    const objects: Parameters<typeof layoutObjectGraph>[0] = [
      { id: "Default", refs: [ref("schedule", "Hourly")] },
      { id: "Hourly", refs: [] },
    ];
    for (let d = 0; d < 8; d++) objects.push({ id: `Data${d}`, refs: [] });
    for (let lane = 0; lane < 10; lane++) {
      for (let step = 0; step < 9; step++) {
        objects.push({
          id: `Lane${lane}Step${step}`,
          refs: [step === 0 ? ref("input", `Data${lane % 8}`) : ref("dependsOn", `Lane${lane}Step${step - 1}`)],
        });
      }
    }
    const groups = checkBoxes(objects);
    expect(groups).toHaveLength(10);
    expect(groups.map((g) => g.label)).toContain("Lane3Step");
  });
});

describe("basisPath", () => {
  it("draws a line for two points and a smooth curve through more", () => {
    expect(basisPath([])).toBe("");
    expect(
      basisPath([
        { x: 0, y: 0 },
        { x: 10, y: 0 },
      ]),
    ).toBe("M0,0L10,0");
    const d = basisPath([
      { x: 0, y: 0 },
      { x: 6, y: 6 },
      { x: 12, y: 0 },
    ]);
    expect(d.startsWith("M0,0L1,1C")).toBe(true);
    expect(d.endsWith("L12,0")).toBe(true);
  });
});
