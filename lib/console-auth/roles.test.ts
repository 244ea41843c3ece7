import { describe, expect, it } from "vitest";
import { roleAllows, strongestRole } from "./roles";

describe("console roles", () => {
  it("orders viewer < operator < admin", () => {
    expect(roleAllows("viewer", "viewer")).toBe(true);
    expect(roleAllows("viewer", "operator")).toBe(false);
    expect(roleAllows("operator", "operator")).toBe(true);
    expect(roleAllows("operator", "admin")).toBe(false);
    expect(roleAllows("admin", "operator")).toBe(true);
    expect(roleAllows("admin", "viewer")).toBe(true);
  });

  it("picks the strongest of several", () => {
    expect(strongestRole(["viewer", "admin", "operator"])).toBe("admin");
    expect(strongestRole([])).toBeNull();
  });
});
