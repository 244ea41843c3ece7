import { describe, expect, it } from "vitest";
import { safeNextPath } from "./next-path";

describe("safeNextPath", () => {
  it("keeps paths on this site", () => {
    expect(safeNextPath("/pipelines/df-1?tab=x")).toBe("/pipelines/df-1?tab=x");
    expect(safeNextPath(undefined)).toBe("/");
  });
  it("refuses other sites and loops", () => {
    for (const bad of [
      "//evil.example",
      "https://evil.example",
      "/\\evil.example",
      "evil",
      "/sign-in",
      "/api/console/session",
    ])
      expect(safeNextPath(bad)).toBe("/");
  });
});
