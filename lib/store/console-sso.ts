// Users who sign in with single sign-on: found by the provider's issuer and subject (never by
// email alone, which the provider may not have verified), created on first sign-in with a role in
// the server's default account, and given the provider's current role at every sign-in.
import type { ConsoleRole } from "@/lib/console-auth/roles";
import { ConsoleError } from "@/lib/console/errors";
import { writeAudit } from "./audit";
import type { Tx } from "./db";

export interface SingleSignOnUser {
  issuer: string;
  subject: string;
  email: string;
  name: string | null;
  accountId: string;
  role: ConsoleRole;
}

export async function upsertSingleSignOnUser(tx: Tx, u: SingleSignOnUser): Promise<string> {
  const found = await tx.$queryRaw<{ id: string; disabled: boolean }[]>`
    SELECT id, disabled FROM console_users WHERE oidc_issuer = ${u.issuer} AND oidc_subject = ${u.subject} FOR UPDATE`;
  let id = found[0]?.id;
  let created = false;
  if (found[0]?.disabled) throw new ConsoleError("FORBIDDEN", "This user is disabled");
  if (!id) {
    const clash = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM console_users WHERE lower(email) = lower(${u.email})`;
    if (clash.length > 0)
      throw new ConsoleError(
        "CONFLICT",
        `A console user with the email ${u.email} already exists; an admin must remove it before it can sign in with single sign-on`,
      );
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO console_users (email, name, oidc_issuer, oidc_subject) VALUES (${u.email}, ${u.name}, ${u.issuer}, ${u.subject}) RETURNING id`;
    id = rows[0]!.id;
    created = true;
  } else {
    await tx.$executeRaw`UPDATE console_users SET email = ${u.email}, name = ${u.name}, updated_at = now() WHERE id = ${id}`;
  }
  await tx.$executeRaw`INSERT INTO accounts (id, name) VALUES (${u.accountId}, 'default') ON CONFLICT DO NOTHING`;
  await tx.$executeRaw`
    INSERT INTO console_memberships (user_id, account_id, role) VALUES (${id}, ${u.accountId}, ${u.role})
    ON CONFLICT (user_id, account_id) DO UPDATE SET role = EXCLUDED.role`;
  // After the account row exists: the entry belongs to it.
  if (created)
    await writeAudit(tx, {
      accountId: u.accountId,
      actor: `console:${u.email}`,
      action: "CreateConsoleUser",
      details: { email: u.email, role: u.role, via: "single sign-on" },
    });
  return id;
}
