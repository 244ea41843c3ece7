import { describe, expect, it } from "vitest";
import { warningFor } from "./worker-groups";

const now = new Date("2026-11-30T12:00:00Z");
const ago = (min: number) => new Date(now.getTime() - min * 60_000);

describe("warningFor", () => {
  it("says nothing when no work waits, whoever polls", () => {
    expect(warningFor({ workerGroup: "wg", ready: 0, oldestReadyAt: null, lastPollAt: null }, now)).toBeNull();
  });

  it("warns when work waits on a group nobody ever polled", () => {
    const w = warningFor({ workerGroup: "wg-ml", ready: 2, oldestReadyAt: ago(12), lastPollAt: null }, now);
    expect(w?.kind).toBe("never-polled");
    expect(w?.message).toContain("No runner has ever polled worker group wg-ml: 2 tasks wait (the oldest for 12 min)");
  });

  it("warns when the last poll is older than the quiet limit, not before", () => {
    expect(warningFor({ workerGroup: "wg", ready: 1, oldestReadyAt: ago(1), lastPollAt: ago(2) }, now)).toBeNull();
    expect(
      warningFor({ workerGroup: "wg", ready: 1, oldestReadyAt: ago(20), lastPollAt: ago(30) }, now)?.message,
    ).toContain("for 30 min: 1 task waits");
  });
});
