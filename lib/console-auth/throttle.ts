// Slowing down password guessing, per account (email) and per client address: the first few
// failures cost nothing, then each further failure doubles the wait before the next attempt is
// even checked, up to a cap. A success clears the account's counter (not the address's: one
// correct password must not reset a guesser's budget for other accounts). Failures are forgotten
// after a quiet period.
import "server-only";

/** Failures allowed for one account before any wait. */
export const FREE_FAILURES = 5;
/**
 * Failures allowed from one address before any wait: more, because one address (an office behind
 * NAT) carries many people, and a guesser spreading over accounts still meets this limit.
 */
export const FREE_FAILURES_PER_ADDRESS = 20;
/** The longest wait, in ms. */
export const MAX_LOCK_MS = 15 * 60_000;
/** A counter with no failure for this long starts over. */
export const FORGET_AFTER_MS = 60 * 60_000;

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  lockedUntil: Date | null;
}

/** The wait after the `failures`-th consecutive failure, in ms (0 for the first `free`). */
export function lockAfter(failures: number, free: number = FREE_FAILURES): number {
  if (failures < free) return 0;
  return Math.min(MAX_LOCK_MS, 1000 * 2 ** Math.min(failures - free, 30));
}

/** The state after one more failure at `now`. */
export function recordFailure(prev: ThrottleState | null, now: Date, free: number = FREE_FAILURES): ThrottleState {
  const stale = !prev || now.getTime() - prev.lastFailureAt.getTime() >= FORGET_AFTER_MS;
  const failures = stale ? 1 : prev.failures + 1;
  const lock = lockAfter(failures, free);
  return { failures, lastFailureAt: now, lockedUntil: lock > 0 ? new Date(now.getTime() + lock) : null };
}

/** How long the caller must still wait, in ms (0 = may try now). */
export function remainingLockMs(state: ThrottleState | null, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, state.lockedUntil.getTime() - now.getTime());
}
