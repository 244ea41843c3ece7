import { describe, expect, it } from "vitest";
import { excerpt } from "./excerpt";

describe("excerpt", () => {
  it("folds whitespace and line breaks into single spaces", () => {
    expect(excerpt("  exit 3\n\tat Main.run  ", 100)).toBe("exit 3 at Main.run");
  });

  it("cuts what is longer than max, the ellipsis counting as one character", () => {
    expect(excerpt("abcdef", 6)).toBe("abcdef");
    expect(excerpt("abcdefg", 6)).toBe("abcde…");
  });
});
