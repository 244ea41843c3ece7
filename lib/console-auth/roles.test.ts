import { describe, expect, it } from "vitest";
import { CONSOLE_ROLES, isConsoleRole, roleAllows, strongestRole } from "./roles";

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

  it("knows the three role names and nothing else", () => {
    for (const r of CONSOLE_ROLES) expect(isConsoleRole(r)).toBe(true);
    expect(isConsoleRole("root")).toBe(false);
    expect(isConsoleRole("Admin")).toBe(false);
    expect(isConsoleRole("")).toBe(false);
  });
});
