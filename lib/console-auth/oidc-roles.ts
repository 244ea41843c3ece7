// Which console role a single sign-on user gets: the values of one claim (OIDC_ROLE_CLAIM, a
// string or a list of strings), mapped through OIDC_ROLE_MAP (`value=role,...`) or, without a
// map, taken as role names. Several matching values give the strongest role; none gives no access.
import "server-only";
import { isConsoleRole, strongestRole, type ConsoleRole } from "./roles";

export function parseRoleMap(spec: string | undefined): Map<string, ConsoleRole> | null {
  if (!spec?.trim()) return null;
  const map = new Map<string, ConsoleRole>();
  for (const part of spec.split(",")) {
    const eq = part.lastIndexOf("=");
    const value = part.slice(0, eq).trim();
    const role = part.slice(eq + 1).trim();
    if (eq <= 0 || !value || !isConsoleRole(role))
      throw new Error(`OIDC_ROLE_MAP: "${part.trim()}" is not value=viewer|operator|admin`);
    map.set(value, role);
  }
  return map;
}

export function roleFromClaims(
  claims: Record<string, unknown>,
  claim: string,
  map: Map<string, ConsoleRole> | null,
): ConsoleRole | null {
  const raw = claims[claim];
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
  const roles = values
    .map((v) => (map ? map.get(v) : isConsoleRole(v) ? v : undefined))
    .filter((r): r is ConsoleRole => !!r);
  return strongestRole(roles);
}
