import { describe, expect, it } from "vitest";
import { basisPath, layoutObjectGraph } from "./graph-layout";

const ref = (key: string, target: string, exists = true) => ({ key, target, exists });

describe("layoutObjectGraph", () => {
  const objects = [
    { id: "Schedule", refs: [] },
    { id: "In", refs: [ref("schedule", "Schedule")] },
    { id: "Out", refs: [ref("schedule", "Schedule")] },
    { id: "Work", refs: [ref("input", "In"), ref("output", "Out"), ref("schedule", "Schedule"), ref("runsOn", "Gone", false)] },
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
      ["Schedule->In (In.schedule)", "Schedule->Out (Out.schedule)", "In->Work (Work.input)", "Work->Out (Work.output)", "Schedule->Work (Work.schedule)"].sort(),
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

describe("basisPath", () => {
  it("draws a line for two points and a smooth curve through more", () => {
    expect(basisPath([])).toBe("");
    expect(basisPath([{ x: 0, y: 0 }, { x: 10, y: 0 }])).toBe("M0,0L10,0");
    const d = basisPath([{ x: 0, y: 0 }, { x: 6, y: 6 }, { x: 12, y: 0 }]);
    expect(d.startsWith("M0,0L1,1C")).toBe(true);
    expect(d.endsWith("L12,0")).toBe(true);
  });
});
