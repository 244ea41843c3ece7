import { describe, expect, it } from "vitest";
import { triagePipelines, type TriageItem } from "./pipeline-triage";

const p = (name: string, over: Partial<TriageItem> = {}): TriageItem => ({
  name,
  state: "SCHEDULED",
  createdAt: "2026-11-01T00:00:00Z",
  lastRunAt: null,
  health: { status: "HEALTHY" },
  instanceCounts: {},
  ...over,
});

describe("triagePipelines", () => {
  const items = [
    p("quiet", { state: "PENDING", health: { status: null } }),
    p("ok", { lastRunAt: "2026-11-30T09:00:00Z" }),
    p("broken-old", { health: { status: "ERROR" }, lastRunAt: "2026-11-29T00:00:00Z" }),
    p("running", { instanceCounts: { RUNNING: 1 } }),
    p("broken-new", { health: { status: "ERROR" }, lastRunAt: "2026-11-30T10:00:00Z" }),
  ];

  it("puts ERROR first (newest failure first), then work in progress, then the rest", () => {
    expect(triagePipelines(items, "", "attention").map((x) => x.name)).toEqual([
      "broken-new",
      "broken-old",
      "running",
      "ok",
      "quiet",
    ]);
  });

  it("filters by health, including pipelines without a completed run", () => {
    expect(triagePipelines(items, "ERROR", "name").map((x) => x.name)).toEqual(["broken-new", "broken-old"]);
    expect(triagePipelines(items, "none", "name").map((x) => x.name)).toEqual(["quiet"]);
  });
});
