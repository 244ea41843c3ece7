import { describe, expect, it } from "vitest";
import { formatAge } from "./age";

describe("formatAge", () => {
  it("rounds to the largest whole unit", () => {
    expect(formatAge(0)).toBe("just now");
    expect(formatAge(-3_000)).toBe("just now");
    expect(formatAge(12_000)).toBe("12 s ago");
    expect(formatAge(20 * 60_000 + 59_000)).toBe("20 min ago");
    expect(formatAge(3 * 3_600_000)).toBe("3 h ago");
    expect(formatAge(49 * 3_600_000)).toBe("2 d ago");
  });
});
