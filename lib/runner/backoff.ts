import { setTimeout as sleepFor } from "node:timers/promises";

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * Delay before retry number `failures` (1 for the first retry): exponential, capped, with "equal
 * jitter" so a fleet of runners that lost the server together does not come back in lock step,
 * while each runner still waits at least half the exponential step.
 */
export function computeBackoffDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Waits `ms`, or less if `signal` aborts first; never rejects. */
export async function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleepFor(ms, undefined, { signal });
  } catch {
    // Only an abort can reject here, and an abort just means "stop waiting".
  }
}
