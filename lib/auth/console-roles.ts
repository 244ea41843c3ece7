// Console users' roles per account: viewer reads everything; operator also acts on pipelines,
// runs and runners; admin also manages users and access keys.
export const CONSOLE_ROLES = ["viewer", "operator", "admin"] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export function isConsoleRole(value: string): value is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(value);
}
