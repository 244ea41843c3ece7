import { describe, expect, it } from "vitest";
import { runStatusOf } from "./runs";

describe("runStatusOf", () => {
  it("puts a failure first, then running, then waiting work", () => {
    expect(runStatusOf({ FINISHED: 3, CASCADE_FAILED: 1, RUNNING: 1 })).toBe("FAILED");
    expect(runStatusOf({ FINISHED: 3, RUNNING: 1, WAITING_ON_DEPENDENCIES: 2 })).toBe("RUNNING");
    expect(runStatusOf({ FINISHED: 3, WAITING_FOR_RUNNER: 1 })).toBe("WAITING");
    expect(runStatusOf({ FINISHED: 3, CANCELED: 1 })).toBe("CANCELED");
    expect(runStatusOf({ FINISHED: 3, SKIPPED: 1, FAILED: 0 })).toBe("FINISHED");
  });
});
