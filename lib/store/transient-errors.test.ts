import { describe, expect, it } from "vitest";
import { isTransientConflict } from "./transient-errors";

describe("isTransientConflict", () => {
  it("recognises deadlocks and serialization failures from pg and as Prisma wraps them", () => {
    for (const err of [
      { code: "40P01" },
      { code: "40001" },
      { code: "P2034" },
      { meta: { code: "40P01" } },
      { meta: { code: "40001" } },
      new Error("deadlock detected"),
      new Error("could not serialize access due to concurrent update"),
    ]) {
      expect(isTransientConflict(err)).toBe(true);
    }
  });

  it("leaves every other error to its caller", () => {
    for (const err of [new Error("connection refused"), { code: "23505" }, null, undefined, "deadlock"]) {
      expect(isTransientConflict(err)).toBe(false);
    }
  });
});
