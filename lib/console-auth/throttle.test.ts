import { describe, expect, it } from "vitest";
import {
  FORGET_AFTER_MS,
  FREE_FAILURES,
  MAX_LOCK_MS,
  lockAfter,
  recordFailure,
  remainingLockMs,
  type ThrottleState,
} from "./throttle";

describe("sign-in throttle", () => {
  it("lets the first failures through, then doubles the wait up to the cap", () => {
    for (let n = 1; n < FREE_FAILURES; n++) expect(lockAfter(n)).toBe(0);
    expect(lockAfter(FREE_FAILURES)).toBe(1000);
    expect(lockAfter(FREE_FAILURES + 1)).toBe(2000);
    expect(lockAfter(FREE_FAILURES + 3)).toBe(8000);
    expect(lockAfter(100)).toBe(MAX_LOCK_MS);
  });

  it("counts consecutive failures and locks once past the free ones", () => {
    const t0 = new Date("2026-11-30T10:00:00Z");
    let s: ThrottleState | null = null;
    for (let i = 0; i < FREE_FAILURES - 1; i++) s = recordFailure(s, t0);
    expect(remainingLockMs(s, t0)).toBe(0);
    s = recordFailure(s, t0);
    expect(s.failures).toBe(FREE_FAILURES);
    expect(remainingLockMs(s, t0)).toBe(1000);
    expect(remainingLockMs(s, new Date(t0.getTime() + 1000))).toBe(0);
  });

  it("forgets a counter after a quiet period", () => {
    const t0 = new Date("2026-11-30T10:00:00Z");
    const s = recordFailure(
      { failures: 9, lastFailureAt: t0, lockedUntil: null },
      new Date(t0.getTime() + FORGET_AFTER_MS),
    );
    expect(s.failures).toBe(1);
    expect(s.lockedUntil).toBeNull();
  });
});
