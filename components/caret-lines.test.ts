import { describe, expect, it } from "vitest";
import { caretLines } from "./caret-lines";

describe("caretLines", () => {
  it("puts the caret under the character at the position", () => {
    expect(caretLines("#{myDataset} #{doesNotExist}", 15)).toEqual({
      lineNumber: 1,
      line: "#{myDataset} #{doesNotExist}",
      caret: `${" ".repeat(15)}^`,
    });
  });

  it("finds the line of a multi-line expression and keeps tabs", () => {
    expect(caretLines("first\n\t#{bad(}\nlast", 12)).toEqual({ lineNumber: 2, line: "\t#{bad(}", caret: "\t     ^" });
  });

  it("clamps positions past the end (errors at end of input)", () => {
    expect(caretLines("#{a", 99)).toEqual({ lineNumber: 1, line: "#{a", caret: "   ^" });
  });
});
