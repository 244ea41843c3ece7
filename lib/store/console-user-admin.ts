import type { Tx } from "./db";

// Console users as administration sees them (bootstrap, `npm run admin -- create-user`): create
// or update a user by email and give them a role in an account. Emails match case-insensitively.

export async function findUserByEmail(tx: Tx, email: string) {
  return tx.consoleUser.findFirst({ where: { email: { equals: email, mode: "insensitive" } } });
}

/** Creates the user, or updates the password of the one with this email (any case); enables them. */
export async function upsertUserByEmail(
  tx: Tx,
  u: { email: string; passwordHash: string | null },
): Promise<{ id: string; created: boolean }> {
  const existing = await findUserByEmail(tx, u.email);
  if (existing) {
    await tx.consoleUser.update({
      where: { id: existing.id },
      data: {
        ...(u.passwordHash !== null ? { passwordHash: u.passwordHash } : {}),
        disabled: false,
        updatedAt: new Date(),
      },
    });
    return { id: existing.id, created: false };
  }
  const row = await tx.consoleUser.create({
    data: { email: u.email, passwordHash: u.passwordHash },
    select: { id: true },
  });
  return { id: row.id, created: true };
}

export async function setMembership(tx: Tx, m: { userId: string; accountId: string; role: string }): Promise<void> {
  await tx.consoleMembership.upsert({
    where: { userId_accountId: { userId: m.userId, accountId: m.accountId } },
    create: m,
    update: { role: m.role },
  });
}

export async function countConsoleUsers(tx: Tx): Promise<number> {
  return tx.consoleUser.count();
}
