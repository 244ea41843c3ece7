import type { Tx } from "./db";

// Accounts: the tenants that own pipelines, tasks, runners, audit entries and keys.

export interface AccountRow {
  id: string;
  name: string;
  createdAt: Date;
}

export async function findAccountByName(tx: Tx, name: string): Promise<AccountRow | null> {
  return tx.account.findUnique({ where: { name } });
}

export async function listAccounts(tx: Tx): Promise<AccountRow[]> {
  return tx.account.findMany({ orderBy: { name: "asc" } });
}

/** Creates the account, or returns the one of that name. */
export async function ensureAccount(tx: Tx, a: { id: string; name: string }): Promise<AccountRow> {
  const existing = await tx.account.findUnique({ where: { name: a.name } });
  if (existing) return existing;
  await tx.$executeRaw`INSERT INTO accounts (id, name) VALUES (${a.id}, ${a.name}) ON CONFLICT DO NOTHING`;
  const row = await tx.account.findUnique({ where: { name: a.name } });
  if (!row) throw new Error(`account id ${a.id} is taken by another account`);
  return row;
}

/** Makes sure the account with this id exists (the default account, ACCOUNT_ID), naming it `name` or, if that is taken, `name-<id>`. */
export async function ensureAccountId(tx: Tx, id: string, name: string): Promise<AccountRow> {
  const existing = await tx.account.findUnique({ where: { id } });
  if (existing) return existing;
  await tx.$executeRaw`INSERT INTO accounts (id, name) VALUES (${id}, CASE WHEN EXISTS (SELECT 1 FROM accounts WHERE name = ${name}) THEN ${`${name}-${id}`} ELSE ${name} END) ON CONFLICT DO NOTHING`;
  const row = await tx.account.findUnique({ where: { id } });
  if (!row) throw new Error(`could not create account ${id}`);
  return row;
}
