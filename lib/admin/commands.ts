import { randomBytes } from "node:crypto";
import { getSettings } from "@/lib/config/settings";
import { isConsoleRole } from "@/lib/console-auth/roles";
import { newAccountId } from "@/lib/auth/key-material";
import { createAccessKey } from "@/lib/auth/manage-keys";
import { hashPassword } from "@/lib/auth/passwords";
import { isApiRole } from "@/lib/auth/roles";
import { deleteAccessKey, listAccessKeys, setAccessKeyDisabled, type AccessKeySummary } from "@/lib/store/access-keys";
import { ensureAccount, ensureAccountId, findAccountByName, listAccounts, type AccountRow } from "@/lib/store/accounts";
import { findUserByEmail, setMembership, upsertUserByEmail } from "@/lib/store/console-user-admin";
import type { Tx } from "@/lib/store/db";
import { runInTransaction } from "@/lib/store/transaction";

// What `npm run admin -- <command>` does, against the server's database (scripts/admin.ts parses
// the arguments). Errors are AdminError: a message for the operator, exit code 1.

export class AdminError extends Error {}

const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function checkAccountName(name: string): void {
  if (!ACCOUNT_NAME.test(name))
    throw new AdminError(
      `an account name is 1-64 characters of letters, digits, '.', '_' and '-', starting with a letter or digit (got '${name}')`,
    );
}

/** The default account (ACCOUNT_ID) always exists; commands may name it "default". */
async function ensureDefaultAccount(tx: Tx): Promise<void> {
  await ensureAccountId(tx, getSettings().ACCOUNT_ID, "default");
}

async function accountNamed(tx: Tx, name: string, create: boolean): Promise<{ account: AccountRow; created: boolean }> {
  checkAccountName(name);
  await ensureDefaultAccount(tx);
  const existing = await findAccountByName(tx, name);
  if (existing) return { account: existing, created: false };
  if (!create)
    throw new AdminError(`no account named '${name}' (create it with: npm run admin -- create-account ${name})`);
  // A new 12-digit id; on the (unlikely) collision with an existing id, draw again.
  for (let i = 0; i < 5; i++) {
    try {
      return { account: await ensureAccount(tx, { id: newAccountId(), name }), created: true };
    } catch (err) {
      if (!/taken/.test((err as Error).message)) throw err;
    }
  }
  throw new AdminError("could not find a free account id");
}

export async function createAccount(name: string): Promise<{ account: AccountRow; created: boolean }> {
  return runInTransaction((tx) => accountNamed(tx, name, true));
}

export async function accounts(): Promise<AccountRow[]> {
  return runInTransaction(async (tx) => {
    await ensureDefaultAccount(tx);
    return listAccounts(tx);
  });
}

export interface NewKeyOutput {
  accessKeyId: string;
  secretAccessKey: string;
  account: string;
  role: string;
}

export async function createKey(o: {
  account: string;
  role: string;
  description?: string;
}): Promise<NewKeyOutput & { accountId: string }> {
  if (!isApiRole(o.role)) throw new AdminError(`--role must be admin, operator, runner or readonly (got '${o.role}')`);
  return runInTransaction(async (tx) => {
    const { account } = await accountNamed(tx, o.account, true);
    const key = await createAccessKey(tx, {
      accountId: account.id,
      role: o.role,
      description: o.description,
      createdBy: "admin-cli",
    });
    return {
      accessKeyId: key.accessKeyId,
      secretAccessKey: key.secretAccessKey,
      account: account.name,
      role: key.role,
      accountId: account.id,
    };
  });
}

export async function keys(o: { account?: string } = {}): Promise<AccessKeySummary[]> {
  return runInTransaction(async (tx) => {
    const accountId = o.account ? (await accountNamed(tx, o.account, false)).account.id : undefined;
    return listAccessKeys(tx, { accountId });
  });
}

export async function setKeyDisabled(accessKeyId: string, disabled: boolean): Promise<void> {
  const found = await runInTransaction((tx) => setAccessKeyDisabled(tx, accessKeyId, disabled));
  if (!found) throw new AdminError(`no access key ${accessKeyId}`);
}

export async function removeKey(accessKeyId: string): Promise<void> {
  const found = await runInTransaction((tx) => deleteAccessKey(tx, accessKeyId));
  if (!found) throw new AdminError(`no access key ${accessKeyId}`);
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export async function createUser(o: {
  email: string;
  role: string;
  account?: string;
  password?: string;
}): Promise<{ email: string; account: string; role: string; created: boolean; password?: string }> {
  if (!EMAIL.test(o.email) || o.email.length > 320)
    throw new AdminError(`--email must be an email address (got '${o.email}')`);
  if (!isConsoleRole(o.role)) throw new AdminError(`--role must be viewer, operator or admin (got '${o.role}')`);
  if (o.password !== undefined && o.password.length < 12) throw new AdminError("a password is at least 12 characters");
  // A new user without a given password gets a generated one, shown once; an existing user keeps
  // theirs unless one is given (then it is reset).
  const exists = await runInTransaction(async (tx) => (await findUserByEmail(tx, o.email)) !== null);
  const generated = o.password === undefined && !exists ? randomBytes(18).toString("base64url") : undefined;
  const password = o.password ?? generated;
  const passwordHash = password === undefined ? null : await hashPassword(password);
  return runInTransaction(async (tx) => {
    await ensureDefaultAccount(tx);
    const account = o.account
      ? (await accountNamed(tx, o.account, false)).account
      : (await listAccounts(tx)).find((a) => a.id === getSettings().ACCOUNT_ID)!;
    const { id, created } = await upsertUserByEmail(tx, { email: o.email, passwordHash });
    await setMembership(tx, { userId: id, accountId: account.id, role: o.role });
    return {
      email: o.email,
      account: account.name,
      role: o.role,
      created,
      ...(generated ? { password: generated } : {}),
    };
  });
}
