// The Admin pages' Users: who may use the console in the admin's account and with which role.
// Every change is one transaction with its audit row; an account never loses its last enabled
// admin, and a disabled or re-roled user's sessions end at once.
import "server-only";
import { z } from "zod";
import { MAX_PASSWORD_LENGTH, hashPassword } from "@/lib/auth/passwords";
import { ConsoleRole } from "@/lib/console-auth/roles";
import type { OperationContext } from "@/lib/operations/operation-context";
import { writeAudit } from "@/lib/store/audit";
import { deleteSessionsOfUser } from "@/lib/store/console-sessions";
import {
  findAccountUser,
  findUserIdByEmail,
  insertUser,
  isMember,
  listAccountUsers,
  lockEnabledAdmins,
  setUserDisabled,
  upsertMembership,
  type AccountUserRow,
} from "@/lib/store/console-account-users";
import { runInTransaction, withReader } from "@/lib/store/transaction";
import { ConsoleError } from "./errors";
import { iso } from "./iso";

export const MIN_PASSWORD_LENGTH = 12;

export interface AccountUserView {
  id: string;
  email: string;
  name: string | null;
  role: ConsoleRole;
  disabled: boolean;
  signIn: "password" | "single sign-on" | "password and single sign-on" | "none";
  createdAt: string;
  lastSeenAt: string | null;
}

function view(u: AccountUserRow): AccountUserView {
  const signIn =
    u.hasPassword && u.singleSignOn
      ? "password and single sign-on"
      : u.hasPassword
        ? "password"
        : u.singleSignOn
          ? "single sign-on"
          : "none";
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    signIn,
    createdAt: iso(u.createdAt)!,
    lastSeenAt: iso(u.lastSeenAt),
  };
}

export const ListUsersInput = z.object({});

export async function listUsersForAdmin(
  _input: z.infer<typeof ListUsersInput>,
  ctx: OperationContext,
): Promise<{ users: AccountUserView[] }> {
  const rows = await withReader((tx) => listAccountUsers(tx, ctx.accountId));
  return { users: rows.map(view) };
}

export const CreateUserInput = z.object({
  email: z.email("Enter a valid email address").max(320),
  name: z.string().trim().max(200).optional(),
  role: ConsoleRole,
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `A password has at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(MAX_PASSWORD_LENGTH),
});

export async function createUserForAdmin(
  input: z.infer<typeof CreateUserInput>,
  ctx: OperationContext,
): Promise<{ user: AccountUserView }> {
  const passwordHash = await hashPassword(input.password);
  const user = await runInTransaction(async (tx) => {
    const existing = await findUserIdByEmail(tx, input.email);
    if (existing) throw new ConsoleError("CONFLICT", `A user with the email ${input.email} already exists`);
    const id = await insertUser(tx, { email: input.email, name: input.name || null, passwordHash });
    await upsertMembership(tx, id, ctx.accountId, input.role);
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: "CreateConsoleUser",
      details: { email: input.email, role: input.role },
    });
    return findAccountUser(tx, ctx.accountId, id);
  });
  return { user: view(user!) };
}

export const UpdateUserInput = z
  .object({
    userId: z.string().min(1).max(64),
    role: ConsoleRole.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, "Give a role or disabled");

export async function updateUserForAdmin(
  input: z.infer<typeof UpdateUserInput>,
  ctx: OperationContext,
): Promise<{ user: AccountUserView }> {
  const user = await runInTransaction(async (tx) => {
    const admins = await lockEnabledAdmins(tx, ctx.accountId);
    if (!(await isMember(tx, input.userId, ctx.accountId)))
      throw new ConsoleError("NOT_FOUND", "No such user in this account");
    const before = (await findAccountUser(tx, ctx.accountId, input.userId))!;
    const losesAdmin =
      admins.includes(input.userId) &&
      ((input.role !== undefined && input.role !== "admin") || input.disabled === true);
    if (losesAdmin && admins.length <= 1)
      throw new ConsoleError("CONFLICT", "This is the account's last enabled admin: make another admin first");
    if (input.role !== undefined && input.role !== before.role)
      await upsertMembership(tx, input.userId, ctx.accountId, input.role);
    if (input.disabled !== undefined && input.disabled !== before.disabled)
      await setUserDisabled(tx, input.userId, input.disabled);
    // A narrower role or a disabled user takes effect now, not when the old session expires.
    if (input.disabled === true || (input.role !== undefined && input.role !== before.role))
      await deleteSessionsOfUser(tx, input.userId);
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: "UpdateConsoleUser",
      details: {
        email: before.email,
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      },
    });
    return findAccountUser(tx, ctx.accountId, input.userId);
  });
  return { user: view(user!) };
}
