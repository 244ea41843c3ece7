// Console sign-in and sessions: checks a password (scrypt, lib/auth/passwords.ts) under the
// per-account and per-address throttle, starts a server-side session, resolves a cookie to the
// signed-in user on every request (ending it when idle or too old), and signs out.
import "server-only";
import { hashPassword, needsRehash, verifyPassword } from "@/lib/auth/passwords";
import { getSettings } from "@/lib/config/settings";
import { ConsoleError } from "@/lib/console/errors";
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  findSession,
  touchSession,
} from "@/lib/store/console-sessions";
import {
  findMemberships,
  findUserByEmail,
  forgiveAttempt,
  reserveAttempt,
  setPasswordHash,
} from "@/lib/store/console-sign-in";
import { runInTransaction, withReader } from "@/lib/store/transaction";
import type { ConsoleRole } from "./roles";
import { cookieMaxAgeSeconds, isSessionExpired, lifetimesFrom, needsTouch } from "./session-lifetime";
import { SESSION_COOKIE, hashSessionToken, isWellFormedToken, newSessionToken, readCookie } from "./session-token";

/** Who a console request acts as. */
export interface ConsoleSession {
  userId: string;
  email: string;
  name: string | null;
  accountId: string;
  accountName: string;
  role: ConsoleRole;
  tokenHash: string;
}

export interface StartedSession {
  token: string;
  maxAgeSeconds: number;
  session: ConsoleSession;
}

const GENERIC_FAILURE = "The email or password is not right";

/** The signed-in user behind a Cookie header, or null (no cookie, unknown, expired, disabled, or no longer a member). */
export function resolveSession(cookieHeader: string | null | undefined): Promise<ConsoleSession | null> {
  return resolveSessionToken(readCookie(cookieHeader, SESSION_COOKIE));
}

/** The signed-in user behind a session token (the cookie's value), or null. */
export async function resolveSessionToken(token: string | null | undefined): Promise<ConsoleSession | null> {
  if (!isWellFormedToken(token ?? null)) return null;
  token = token as string;
  const tokenHash = hashSessionToken(token);
  const row = await withReader((tx) => findSession(tx, tokenHash));
  if (!row) return null;
  const now = new Date();
  const lifetimes = lifetimesFrom(getSettings());
  if (
    row.userDisabled ||
    !row.role ||
    isSessionExpired(row, now, lifetimes) ||
    now >= row.absoluteExpiresAt ||
    now >= row.idleExpiresAt
  ) {
    await withReader((tx) => deleteSession(tx, tokenHash));
    return null;
  }
  if (needsTouch(row, now))
    await withReader((tx) => touchSession(tx, tokenHash, now, new Date(now.getTime() + lifetimes.idleMs)));
  return {
    userId: row.userId,
    email: row.email,
    name: row.name,
    accountId: row.accountId,
    accountName: row.accountName,
    role: row.role,
    tokenHash,
  };
}

/** Starts a session for a user who proved who they are (password or single sign-on). */
export async function startSession(
  userId: string,
  client: { ip: string | null; userAgent: string | null },
): Promise<StartedSession> {
  const settings = getSettings();
  return withReader(async (tx) => {
    const [membership] = await findMemberships(tx, userId, settings.ACCOUNT_ID);
    if (!membership)
      throw new ConsoleError("FORBIDDEN", "This user has no role in any account. Ask an administrator for one.");
    const users = await tx.$queryRaw<
      { email: string; name: string | null }[]
    >`SELECT email, name FROM console_users WHERE id = ${userId}`;
    const user = users[0];
    if (!user) throw new ConsoleError("UNAUTHENTICATED", GENERIC_FAILURE);
    const now = new Date();
    const lifetimes = lifetimesFrom(settings);
    const token = newSessionToken();
    const tokenHash = hashSessionToken(token);
    const absoluteExpiresAt = new Date(now.getTime() + lifetimes.absoluteMs);
    const idleExpiresAt = new Date(Math.min(now.getTime() + lifetimes.idleMs, absoluteExpiresAt.getTime()));
    // Old rows are cleared as people sign in, so the table never grows without bound.
    await deleteExpiredSessions(tx, now);
    await createSession(tx, {
      tokenHash,
      userId,
      accountId: membership.accountId,
      createdAt: now,
      idleExpiresAt,
      absoluteExpiresAt,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
    });
    return {
      token,
      maxAgeSeconds: cookieMaxAgeSeconds({ createdAt: now, lastSeenAt: now }, now, lifetimes),
      session: {
        userId,
        email: user.email,
        name: user.name,
        accountId: membership.accountId,
        accountName: membership.accountName,
        role: membership.role,
        tokenHash,
      },
    };
  });
}

/**
 * Checks an email and password. Every attempt counts against the account and the address before
 * the password is checked; a blocked caller is told how long to wait and nothing is checked.
 * Unknown emails, wrong passwords and disabled users get the same answer after the same work.
 */
export async function signInWithPassword(
  email: string,
  password: string,
  client: { ip: string | null; userAgent: string | null },
): Promise<StartedSession> {
  const accountKey = `email:${email.trim().toLowerCase()}`;
  const addressKey = client.ip ? `ip:${client.ip}` : null;
  const now = new Date();
  const { retryAfterMs } = await runInTransaction((tx) =>
    reserveAttempt(tx, addressKey ? [accountKey, addressKey] : [accountKey], now),
  );
  if (retryAfterMs > 0) {
    const seconds = Math.ceil(retryAfterMs / 1000);
    throw Object.assign(
      new ConsoleError(
        "TOO_MANY_REQUESTS",
        `Too many failed sign-ins. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`,
      ),
      { retryAfterSeconds: seconds },
    );
  }
  const user = await withReader((tx) => findUserByEmail(tx, email.trim()));
  const ok = await verifyPassword(password, user?.passwordHash);
  if (!user || !ok || user.disabled) throw new ConsoleError("UNAUTHENTICATED", GENERIC_FAILURE);
  await withReader((tx) => forgiveAttempt(tx, accountKey, addressKey));
  if (user.passwordHash && needsRehash(user.passwordHash)) {
    const rehashed = await hashPassword(password);
    await withReader((tx) => setPasswordHash(tx, user.id, rehashed));
  }
  return startSession(user.id, client);
}

export async function signOut(cookieHeader: string | null | undefined): Promise<void> {
  const token = readCookie(cookieHeader, SESSION_COOKIE);
  if (!isWellFormedToken(token)) return;
  await withReader((tx) => deleteSession(tx, hashSessionToken(token)));
}
