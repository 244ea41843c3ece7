import { describe, expect, it } from "vitest";
import {
  findExpressionSpans,
  findParameterReferences,
  findRootIdentifiers,
  substituteParameters,
} from "@/lib/definition/parameter-references";

describe("findExpressionSpans", () => {
  it("finds each #{...}, letting quoted strings hold braces, and ignores an unterminated one", () => {
    const text = "a #{x} b #{format(@t,'}')} c #{oops";
    expect(findExpressionSpans(text).map((s) => s.body)).toEqual(["x", "format(@t,'}')"]);
  });
});

describe("findRootIdentifiers", () => {
  it("skips members, runtime fields, functions, numbers and string contents", () => {
    expect(findRootIdentifiers("format(myDate, 'myNot') + input.myMember + @scheduledStartTime + 3 + myOther")).toEqual(
      ["myDate", "input", "myOther"],
    );
  });

  it("keeps * as part of an encrypted name but not after an operand", () => {
    expect(findRootIdentifiers("*myPassword")).toEqual(["*myPassword"]);
    expect(findRootIdentifiers("myA*myB")).toEqual(["myA", "myB"]);
    expect(findRootIdentifiers("2 * myB")).toEqual(["myB"]);
  });
});

describe("findParameterReferences", () => {
  it("returns my-identifiers once each, in order", () => {
    expect(findParameterReferences("#{myB} #{myA} #{myB} #{name} #{node.myC}")).toEqual(["myB", "myA"]);
    expect(findParameterReferences("no expressions, myA")).toEqual([]);
  });
});

describe("substituteParameters", () => {
  const lookup = (id: string) => ({ myPeriod: "1 hour", myDay: "01" })[id];

  it("replaces whole parameter expressions", () => {
    expect(substituteParameters("#{myPeriod}", lookup)).toEqual({ kind: "literal", text: "1 hour" });
    expect(substituteParameters("2012-01-#{ myDay }T00:00:00", lookup)).toEqual({
      kind: "literal",
      text: "2012-01-01T00:00:00",
    });
    expect(substituteParameters("plain", lookup)).toEqual({ kind: "literal", text: "plain" });
  });

  it("reports missing parameters and leftover expressions", () => {
    expect(substituteParameters("#{myUnknown}", lookup)).toEqual({ kind: "unresolved" });
    expect(substituteParameters("#{myPeriod} #{@scheduledStartTime}", lookup)).toEqual({
      kind: "expression",
      text: "1 hour #{@scheduledStartTime}",
    });
  });
});
