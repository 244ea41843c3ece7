import { describe, expect, it } from "vitest";
import { parseRoleMap, roleFromClaims } from "./oidc-roles";

describe("single sign-on roles", () => {
  it("takes role names from the claim when there is no map", () => {
    expect(roleFromClaims({ r: "operator" }, "r", null)).toBe("operator");
    expect(roleFromClaims({ r: ["viewer", "admin"] }, "r", null)).toBe("admin");
    expect(roleFromClaims({ r: "root" }, "r", null)).toBeNull();
    expect(roleFromClaims({}, "r", null)).toBeNull();
    expect(roleFromClaims({ r: 3 }, "r", null)).toBeNull();
  });

  it("maps group names through OIDC_ROLE_MAP", () => {
    const map = parseRoleMap("dp-admins=admin, dp-ops=operator,everyone=viewer");
    expect(roleFromClaims({ groups: ["everyone", "dp-ops"] }, "groups", map)).toBe("operator");
    expect(roleFromClaims({ groups: ["admin"] }, "groups", map)).toBeNull();
  });

  it("refuses a malformed map", () => {
    expect(parseRoleMap(undefined)).toBeNull();
    expect(() => parseRoleMap("dp-admins=root")).toThrow(/OIDC_ROLE_MAP/);
    expect(() => parseRoleMap("=admin")).toThrow(/OIDC_ROLE_MAP/);
  });
});
