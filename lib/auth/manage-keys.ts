import type { Tx } from "@/lib/store/db";
import { insertAccessKey, upsertAccessKey } from "@/lib/store/access-keys";
import { ACCESS_KEY_ID_PATTERN, newAccessKeyId, newSecretAccessKey } from "./key-material";
import { isApiRole, type ApiRole } from "./roles";
import { seal } from "./secret-box";
import { serverKey } from "./server-key";

// Creating access keys, for the admin CLI, bootstrap and the console's Admin pages. The secret is
// returned once, here, and stored only sealed under the server key.

export interface CreatedKey {
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
  role: ApiRole;
}

export function sealSecret(accessKeyId: string, secretAccessKey: string): Buffer {
  // The key id is the associated data: a sealed secret only opens on its own row.
  return seal(serverKey(), secretAccessKey, accessKeyId);
}

export async function createAccessKey(
  tx: Tx,
  k: { accountId: string; role: string; description?: string; createdBy?: string },
): Promise<CreatedKey> {
  if (!isApiRole(k.role)) throw new Error(`role must be one of admin, operator, runner, readonly (got '${k.role}')`);
  const accessKeyId = newAccessKeyId();
  const secretAccessKey = newSecretAccessKey();
  await insertAccessKey(tx, {
    accessKeyId,
    accountId: k.accountId,
    role: k.role,
    secretEncrypted: sealSecret(accessKeyId, secretAccessKey),
    description: k.description,
    createdBy: k.createdBy,
  });
  return { accessKeyId, secretAccessKey, accountId: k.accountId, role: k.role };
}

/** Root credentials (ROOT_ACCESS_KEY_ID / ROOT_SECRET_ACCESS_KEY): created or updated to match. */
export async function putKnownAccessKey(
  tx: Tx,
  k: {
    accessKeyId: string;
    secretAccessKey: string;
    accountId: string;
    role: ApiRole;
    description?: string;
    createdBy?: string;
  },
): Promise<void> {
  if (!ACCESS_KEY_ID_PATTERN.test(k.accessKeyId))
    throw new Error("an access key id is 16-128 characters of A-Z and 0-9");
  if (k.secretAccessKey.length < 16 || k.secretAccessKey.length > 128 || !/^[\x21-\x7e]+$/.test(k.secretAccessKey)) {
    throw new Error("a secret access key is 16-128 printable characters (40 like AWS's are best)");
  }
  await upsertAccessKey(tx, { ...k, secretEncrypted: sealSecret(k.accessKeyId, k.secretAccessKey) });
}
