// The console's roles, from least to most: each one can do everything the one before it can.
// viewer: reads everything. operator: also activates, deactivates, reruns, cancels, marks
// finished, terminates runners and imports. admin: also manages users and access keys.
// Kept free of server imports: the pages use it to hide what the role cannot do. The one definition
// of the roles: the console, single sign-on and the admin CLI all read it here.
import { z } from "zod";

export const CONSOLE_ROLES = ["viewer", "operator", "admin"] as const;
export const ConsoleRole = z.enum(CONSOLE_ROLES);
export type ConsoleRole = z.infer<typeof ConsoleRole>;

export function isConsoleRole(value: string): value is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(value);
}

const RANK: Record<ConsoleRole, number> = { viewer: 0, operator: 1, admin: 2 };

/** True when `role` may do what `needed` may. */
export function roleAllows(role: ConsoleRole, needed: ConsoleRole): boolean {
  return RANK[role] >= RANK[needed];
}

/** The strongest of several roles (a user with more than one claim value gets the highest), or null for none. */
export function strongestRole(roles: Iterable<ConsoleRole>): ConsoleRole | null {
  let best: ConsoleRole | null = null;
  for (const r of roles) if (best === null || RANK[r] > RANK[best]) best = r;
  return best;
}

/** What each role is for, in the words the Admin pages use. */
export const ROLE_DESCRIPTIONS: Record<ConsoleRole, string> = {
  viewer: "Reads everything; changes nothing.",
  operator: "Also activates, deactivates, reruns, cancels, marks finished, terminates runners and imports.",
  admin: "Also manages users and access keys.",
};
