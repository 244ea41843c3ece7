// The Admin pages' users: console users with a role in one account, created, re-roled and
// disabled by that account's admins.
import type { ConsoleRole } from "@/lib/console-auth/roles";
import type { Tx } from "./db";

export interface AccountUserRow {
  id: string;
  email: string;
  name: string | null;
  role: ConsoleRole;
  disabled: boolean;
  hasPassword: boolean;
  singleSignOn: boolean;
  createdAt: Date;
  /** The newest live session's last request, or null. */
  lastSeenAt: Date | null;
}

export async function listAccountUsers(tx: Tx, accountId: string): Promise<AccountUserRow[]> {
  return tx.$queryRaw<AccountUserRow[]>`
    SELECT u.id, u.email, u.name, m.role, u.disabled, (u.password_hash IS NOT NULL) AS "hasPassword",
           (u.oidc_subject IS NOT NULL) AS "singleSignOn", u.created_at AS "createdAt",
           (SELECT max(s.last_seen_at) FROM console_sessions s WHERE s.user_id = u.id) AS "lastSeenAt"
    FROM console_memberships m JOIN console_users u ON u.id = m.user_id
    WHERE m.account_id = ${accountId}
    ORDER BY lower(u.email)`;
}

export async function findAccountUser(tx: Tx, accountId: string, userId: string): Promise<AccountUserRow | null> {
  const rows = (await listAccountUsers(tx, accountId)).filter((u) => u.id === userId);
  return rows[0] ?? null;
}

export async function findUserIdByEmail(tx: Tx, email: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM console_users WHERE lower(email) = lower(${email})`;
  return rows[0]?.id ?? null;
}

export async function insertUser(
  tx: Tx,
  u: { email: string; name: string | null; passwordHash: string | null },
): Promise<string> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO console_users (email, name, password_hash) VALUES (${u.email}, ${u.name}, ${u.passwordHash}) RETURNING id`;
  return rows[0]!.id;
}

export async function isMember(tx: Tx, userId: string, accountId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { n: number }[]
  >`SELECT 1 AS n FROM console_memberships WHERE user_id = ${userId} AND account_id = ${accountId}`;
  return rows.length > 0;
}

export async function upsertMembership(tx: Tx, userId: string, accountId: string, role: ConsoleRole): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO console_memberships (user_id, account_id, role) VALUES (${userId}, ${accountId}, ${role})
    ON CONFLICT (user_id, account_id) DO UPDATE SET role = EXCLUDED.role`;
}

export async function setUserDisabled(tx: Tx, userId: string, disabled: boolean): Promise<void> {
  await tx.$executeRaw`UPDATE console_users SET disabled = ${disabled}, updated_at = now() WHERE id = ${userId}`;
}

/** Enabled admins of the account, locked so two admins demoting each other at once cannot leave none. */
export async function lockEnabledAdmins(tx: Tx, accountId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM console_memberships m JOIN console_users u ON u.id = m.user_id
    WHERE m.account_id = ${accountId} AND m.role = 'admin' AND NOT u.disabled
    ORDER BY u.id FOR UPDATE OF m, u`;
  return rows.map((r) => r.id);
}
