// Console sessions (table console_sessions): a row per signed-in browser, keyed by the SHA-256 of
// its cookie token. Looked up on every console request, so one indexed join, in plain SQL.
import type { ConsoleRole } from "@/lib/console-auth/roles";
import type { Tx } from "./db";

export interface SessionRow {
  tokenHash: string;
  userId: string;
  email: string;
  name: string | null;
  userDisabled: boolean;
  accountId: string;
  accountName: string;
  /** Null when the user no longer belongs to the session's account. */
  role: ConsoleRole | null;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export interface NewSession {
  tokenHash: string;
  userId: string;
  accountId: string;
  createdAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export async function createSession(tx: Tx, s: NewSession): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO console_sessions (token_hash, user_id, account_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, ip, user_agent)
    VALUES (${s.tokenHash}, ${s.userId}, ${s.accountId}, ${s.createdAt}, ${s.createdAt}, ${s.idleExpiresAt}, ${s.absoluteExpiresAt}, ${s.ip}, ${s.userAgent})`;
}

export async function findSession(tx: Tx, tokenHash: string): Promise<SessionRow | null> {
  const rows = await tx.$queryRaw<SessionRow[]>`
    SELECT s.token_hash AS "tokenHash", s.user_id AS "userId", u.email, u.name, u.disabled AS "userDisabled",
           s.account_id AS "accountId", a.name AS "accountName", m.role,
           s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt",
           s.idle_expires_at AS "idleExpiresAt", s.absolute_expires_at AS "absoluteExpiresAt"
    FROM console_sessions s
    JOIN console_users u ON u.id = s.user_id
    JOIN accounts a ON a.id = s.account_id
    LEFT JOIN console_memberships m ON m.user_id = s.user_id AND m.account_id = s.account_id
    WHERE s.token_hash = ${tokenHash}`;
  return rows[0] ?? null;
}

/** Records activity: the idle deadline moves, the absolute one never does. */
export async function touchSession(tx: Tx, tokenHash: string, now: Date, idleExpiresAt: Date): Promise<void> {
  await tx.$executeRaw`UPDATE console_sessions SET last_seen_at = ${now}, idle_expires_at = LEAST(${idleExpiresAt}, absolute_expires_at) WHERE token_hash = ${tokenHash}`;
}

export async function deleteSession(tx: Tx, tokenHash: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM console_sessions WHERE token_hash = ${tokenHash}`;
}

/** Signs a user out everywhere (disabled, or their role changed). */
export async function deleteSessionsOfUser(tx: Tx, userId: string): Promise<number> {
  return tx.$executeRaw`DELETE FROM console_sessions WHERE user_id = ${userId}`;
}

/** Rows past either deadline: nobody can use them any more. */
export async function deleteExpiredSessions(tx: Tx, now: Date): Promise<number> {
  return tx.$executeRaw`DELETE FROM console_sessions WHERE idle_expires_at <= ${now} OR absolute_expires_at <= ${now}`;
}
