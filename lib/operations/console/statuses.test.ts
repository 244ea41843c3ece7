import { describe, expect, it } from "vitest";
import { formatStatusFilter, parseStatusFilter } from "./statuses";

describe("instance status filter", () => {
  it("reads the named views and lists of statuses, in canonical order", () => {
    expect(parseStatusFilter("not-finished")).toEqual({ kind: "not-finished" });
    expect(parseStatusFilter("all")).toEqual({ kind: "all" });
    expect(parseStatusFilter("RUNNING,FAILED,RUNNING")).toEqual({ kind: "statuses", statuses: ["RUNNING", "FAILED"] });
  });

  it("rejects anything else", () => {
    for (const bad of ["", ",", "running", "FAILED,nope", "all,FAILED"]) expect(parseStatusFilter(bad)).toBeNull();
  });

  it("writes a selection back, none selected being the default view", () => {
    expect(formatStatusFilter(["FAILED", "WAITING_ON_DEPENDENCIES"])).toBe("WAITING_ON_DEPENDENCIES,FAILED");
    expect(formatStatusFilter([])).toBe("not-finished");
  });
});
