import { describe, expect, it } from "vitest";
import { computeBackoffDelay, sleepUnlessAborted } from "./backoff";

const policy = { baseMs: 100, maxMs: 1_000 };

describe("computeBackoffDelay", () => {
  it("doubles per failure and caps at maxMs", () => {
    const highest = (failures: number) => computeBackoffDelay(failures, policy, () => 1);
    expect([1, 2, 3, 4, 5, 6, 50].map(highest)).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it("jitters between half and all of the step", () => {
    expect(computeBackoffDelay(3, policy, () => 0)).toBe(200);
    expect(computeBackoffDelay(3, policy, () => 0.5)).toBe(300);
  });
});

describe("sleepUnlessAborted", () => {
  it("returns early, without throwing, when aborted", async () => {
    const controller = new AbortController();
    const sleeping = sleepUnlessAborted(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).resolves.toBeUndefined();
  });
});
