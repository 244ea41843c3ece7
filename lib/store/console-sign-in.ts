// What signing in reads and writes: the user behind an email, and the failure counters of
// sign_in_throttle (keys "email:<address>" and "ip:<address>"). The counters are read and written
// under a row lock, so parallel guesses are counted one by one.
import {
  FREE_FAILURES,
  FREE_FAILURES_PER_ADDRESS,
  recordFailure,
  remainingLockMs,
  type ThrottleState,
} from "@/lib/console-auth/throttle";
import type { ConsoleRole } from "@/lib/console-auth/roles";
import type { Tx } from "./db";

export interface SignInUser {
  id: string;
  email: string;
  passwordHash: string | null;
  disabled: boolean;
}

export interface Membership {
  accountId: string;
  accountName: string;
  role: ConsoleRole;
}

export async function findUserByEmail(tx: Tx, email: string): Promise<SignInUser | null> {
  const rows = await tx.$queryRaw<SignInUser[]>`
    SELECT id, email, password_hash AS "passwordHash", disabled FROM console_users WHERE lower(email) = lower(${email})`;
  return rows[0] ?? null;
}

/** The user's accounts, the preferred one first (the server's default account, then the oldest membership). */
export async function findMemberships(tx: Tx, userId: string, preferredAccountId: string): Promise<Membership[]> {
  return tx.$queryRaw<Membership[]>`
    SELECT m.account_id AS "accountId", a.name AS "accountName", m.role
    FROM console_memberships m JOIN accounts a ON a.id = m.account_id
    WHERE m.user_id = ${userId}
    ORDER BY (m.account_id = ${preferredAccountId}) DESC, m.created_at, m.account_id`;
}

export async function setPasswordHash(tx: Tx, userId: string, hash: string): Promise<void> {
  await tx.$executeRaw`UPDATE console_users SET password_hash = ${hash}, updated_at = now() WHERE id = ${userId}`;
}

interface ThrottleRow {
  key: string;
  failures: number;
  windowStart: Date;
  blockedUntil: Date | null;
}

// window_start holds the latest failure: a counter is forgotten after a quiet period (sliding window).
const toState = (r: ThrottleRow): ThrottleState => ({
  failures: r.failures,
  lastFailureAt: r.windowStart,
  lockedUntil: r.blockedUntil,
});

const freeFailuresFor = (key: string) => (key.startsWith("ip:") ? FREE_FAILURES_PER_ADDRESS : FREE_FAILURES);

/**
 * Counts one sign-in attempt against every key, before the password is checked (so attempts made
 * in parallel are all counted), unless a key is still blocked: then nothing is counted and the
 * wait left is returned. A successful attempt is forgiven afterwards (forgiveAttempt).
 */
export async function reserveAttempt(tx: Tx, keys: string[], now: Date): Promise<{ retryAfterMs: number }> {
  for (const key of keys)
    await tx.$executeRaw`INSERT INTO sign_in_throttle (key, failures, window_start) VALUES (${key}, 0, ${now}) ON CONFLICT (key) DO NOTHING`;
  const rows = await tx.$queryRaw<ThrottleRow[]>`
    SELECT key, failures, window_start AS "windowStart", blocked_until AS "blockedUntil"
    FROM sign_in_throttle WHERE key = ANY(${keys}) ORDER BY key FOR UPDATE`;
  const wait = Math.max(0, ...rows.map((r) => remainingLockMs(toState(r), now)));
  if (wait > 0) return { retryAfterMs: wait };
  for (const r of rows) {
    const next = recordFailure(r.failures === 0 ? null : toState(r), now, freeFailuresFor(r.key));
    await tx.$executeRaw`UPDATE sign_in_throttle SET failures = ${next.failures}, window_start = ${next.lastFailureAt}, blocked_until = ${next.lockedUntil} WHERE key = ${r.key}`;
  }
  return { retryAfterMs: 0 };
}

/** After a correct password: the account's counter starts over; the address gets back the one attempt. */
export async function forgiveAttempt(tx: Tx, accountKey: string, addressKey: string | null): Promise<void> {
  await tx.$executeRaw`DELETE FROM sign_in_throttle WHERE key = ${accountKey}`;
  if (addressKey) {
    await tx.$executeRaw`
      UPDATE sign_in_throttle SET failures = GREATEST(failures - 1, 0),
        blocked_until = CASE WHEN failures - 1 < ${FREE_FAILURES_PER_ADDRESS} THEN NULL ELSE blocked_until END
      WHERE key = ${addressKey}`;
  }
}
