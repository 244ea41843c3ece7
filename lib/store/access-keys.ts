import type { Pool } from "pg";
import type { Tx } from "./db";
import { getSettings } from "@/lib/config/settings";
import { statementName } from "./connections";

// Access keys: AWS-shaped credentials of an account, one role each, secrets sealed under the
// server key (lib/auth/secret-box.ts). The lookup on the request path is plain SQL on the pool.

export interface KeyForAuth {
  accountId: string;
  role: string;
  disabled: boolean;
  secretEncrypted: Buffer;
}

/** The keys as request verification needs them, by id (unknown ids are absent), in one statement. */
export async function findKeysForAuth(pool: Pool, accessKeyIds: string[]): Promise<Map<string, KeyForAuth>> {
  if (accessKeyIds.length === 0) return new Map();
  const res = await pool.query<{
    access_key_id: string;
    account_id: string;
    role: string;
    disabled: boolean;
    secret_encrypted: Buffer;
  }>({
    name: statementName(getSettings(), "ph_find_keys_for_auth"),
    // The array behind a sub-select: its length then stays hidden from the planner, so Postgres
    // keeps this prepared statement's generic plan instead of planning it again on every call
    // (planning cost four times the execution here; see the same form in lib/store/tasks.ts).
    text: "SELECT access_key_id, account_id, role, disabled, secret_encrypted FROM access_keys WHERE access_key_id = ANY(ARRAY(SELECT unnest($1::text[])))",
    values: [accessKeyIds],
  });
  return new Map(
    res.rows.map((row) => [
      row.access_key_id,
      { accountId: row.account_id, role: row.role, disabled: row.disabled, secretEncrypted: row.secret_encrypted },
    ]),
  );
}

/** Records a use of the key (callers throttle this: at most once a minute per key and process). */
export async function touchKeyLastUsed(pool: Pool, accessKeyId: string, at: Date): Promise<void> {
  await pool.query({
    name: statementName(getSettings(), "ph_touch_key"),
    text: "UPDATE access_keys SET last_used_at = $2 WHERE access_key_id = $1 AND (last_used_at IS NULL OR last_used_at < $2)",
    values: [accessKeyId, at],
  });
}

export interface NewAccessKey {
  accessKeyId: string;
  accountId: string;
  role: string;
  secretEncrypted: Buffer;
  description?: string | null;
  createdBy?: string | null;
}

export async function insertAccessKey(tx: Tx, k: NewAccessKey): Promise<void> {
  await tx.accessKey.create({
    data: {
      accessKeyId: k.accessKeyId,
      accountId: k.accountId,
      role: k.role,
      secretEncrypted: new Uint8Array(k.secretEncrypted),
      description: k.description ?? null,
      createdBy: k.createdBy ?? null,
    },
  });
}

/** Creates the key or, if it exists, gives it this account, role and secret and enables it (root credentials). */
export async function upsertAccessKey(tx: Tx, k: NewAccessKey): Promise<void> {
  const data = {
    accountId: k.accountId,
    role: k.role,
    secretEncrypted: new Uint8Array(k.secretEncrypted),
    disabled: false,
    updatedAt: new Date(),
  };
  await tx.accessKey.upsert({
    where: { accessKeyId: k.accessKeyId },
    create: { accessKeyId: k.accessKeyId, ...data, description: k.description ?? null, createdBy: k.createdBy ?? null },
    update: data,
  });
}

export interface AccessKeySummary {
  accessKeyId: string;
  accountId: string;
  accountName: string;
  role: string;
  description: string | null;
  disabled: boolean;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** Every key (or one account's), never their secrets. */
export async function listAccessKeys(tx: Tx, opts: { accountId?: string } = {}): Promise<AccessKeySummary[]> {
  const rows = await tx.accessKey.findMany({
    where: opts.accountId ? { accountId: opts.accountId } : {},
    orderBy: [{ accountId: "asc" }, { createdAt: "asc" }],
    select: {
      accessKeyId: true,
      accountId: true,
      role: true,
      description: true,
      disabled: true,
      createdBy: true,
      createdAt: true,
      lastUsedAt: true,
      account: { select: { name: true } },
    },
  });
  return rows.map(({ account, ...r }) => ({ ...r, accountName: account.name }));
}

/** Returns false when there is no such key (within the account, when one is given). */
export async function setAccessKeyDisabled(
  tx: Tx,
  accessKeyId: string,
  disabled: boolean,
  opts: { accountId?: string } = {},
): Promise<boolean> {
  const res = await tx.accessKey.updateMany({
    where: { accessKeyId, ...(opts.accountId ? { accountId: opts.accountId } : {}) },
    data: { disabled, updatedAt: new Date() },
  });
  return res.count > 0;
}

/** Returns false when there is no such key (within the account, when one is given). */
export async function deleteAccessKey(
  tx: Tx,
  accessKeyId: string,
  opts: { accountId?: string } = {},
): Promise<boolean> {
  const res = await tx.accessKey.deleteMany({
    where: { accessKeyId, ...(opts.accountId ? { accountId: opts.accountId } : {}) },
  });
  return res.count > 0;
}

export async function countAccessKeys(tx: Tx): Promise<number> {
  return tx.accessKey.count();
}
