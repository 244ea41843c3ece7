// The Admin pages' Access keys: the account's API credentials. A new key's secret is shown once,
// in the answer to its creation, and stored only sealed under the server key (lib/auth/manage-keys.ts);
// keys can be disabled, enabled and deleted; the list shows when each was last used.
import "server-only";
import { z } from "zod";
import { API_ROLES } from "@/lib/auth/roles";
import { createAccessKey } from "@/lib/auth/manage-keys";
import type { OperationContext } from "@/lib/operations/operation-context";
import { deleteAccessKey, listAccessKeys, setAccessKeyDisabled, type AccessKeySummary } from "@/lib/store/access-keys";
import { writeAudit } from "@/lib/store/audit";
import { runInTransaction, withReader } from "@/lib/store/transaction";
import { ConsoleError } from "./errors";
import { iso } from "./iso";

export interface AccessKeyView {
  accessKeyId: string;
  role: string;
  description: string | null;
  disabled: boolean;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

function view(k: AccessKeySummary): AccessKeyView {
  return {
    accessKeyId: k.accessKeyId,
    role: k.role,
    description: k.description,
    disabled: k.disabled,
    createdBy: k.createdBy,
    createdAt: iso(k.createdAt)!,
    lastUsedAt: iso(k.lastUsedAt),
  };
}

export const ListKeysInput = z.object({});

export async function listKeysForAdmin(
  _input: z.infer<typeof ListKeysInput>,
  ctx: OperationContext,
): Promise<{ keys: AccessKeyView[] }> {
  const rows = await withReader((tx) => listAccessKeys(tx, { accountId: ctx.accountId }));
  return { keys: rows.map(view) };
}

export const CreateKeyInput = z.object({
  role: z.enum(API_ROLES),
  description: z.string().trim().max(256).optional(),
});

export interface CreatedKeyView {
  key: AccessKeyView;
  /** Shown once: it is not stored in a form anyone can read back. */
  secretAccessKey: string;
}

export async function createKeyForAdmin(
  input: z.infer<typeof CreateKeyInput>,
  ctx: OperationContext,
): Promise<CreatedKeyView> {
  return runInTransaction(async (tx) => {
    const created = await createAccessKey(tx, {
      accountId: ctx.accountId,
      role: input.role,
      description: input.description || undefined,
      createdBy: ctx.actor,
    });
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: "CreateAccessKey",
      details: { accessKeyId: created.accessKeyId, role: created.role },
    });
    const row = (await listAccessKeys(tx, { accountId: ctx.accountId })).find(
      (k) => k.accessKeyId === created.accessKeyId,
    )!;
    return { key: view(row), secretAccessKey: created.secretAccessKey };
  });
}

const AccessKeyId = z.string().regex(/^[A-Z0-9]{16,128}$/, "not an access key id");

export const UpdateKeyInput = z.object({ accessKeyId: AccessKeyId, disabled: z.boolean() });

export async function updateKeyForAdmin(
  input: z.infer<typeof UpdateKeyInput>,
  ctx: OperationContext,
): Promise<{ key: AccessKeyView }> {
  return runInTransaction(async (tx) => {
    if (!(await setAccessKeyDisabled(tx, input.accessKeyId, input.disabled, { accountId: ctx.accountId })))
      throw new ConsoleError("NOT_FOUND", "No such access key in this account");
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: input.disabled ? "DisableAccessKey" : "EnableAccessKey",
      details: { accessKeyId: input.accessKeyId },
    });
    const row = (await listAccessKeys(tx, { accountId: ctx.accountId })).find(
      (k) => k.accessKeyId === input.accessKeyId,
    )!;
    return { key: view(row) };
  });
}

export const DeleteKeyInput = z.object({ accessKeyId: AccessKeyId });

export async function deleteKeyForAdmin(
  input: z.infer<typeof DeleteKeyInput>,
  ctx: OperationContext,
): Promise<{ deleted: string }> {
  return runInTransaction(async (tx) => {
    if (!(await deleteAccessKey(tx, input.accessKeyId, { accountId: ctx.accountId })))
      throw new ConsoleError("NOT_FOUND", "No such access key in this account");
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: "DeleteAccessKey",
      details: { accessKeyId: input.accessKeyId },
    });
    return { deleted: input.accessKeyId };
  });
}
