import { describe, expect, it } from "vitest";
import { parseDateTime } from "../time/datetime";
import { compileJodaPattern, printJodaPattern } from "./format-joda-pattern";

function format(dateTime: string, pattern: string, extraMs = 0): string {
  const ms = parseDateTime(dateTime);
  if (ms === null) throw new Error(`bad date ${dateTime}`);
  const compiled = compileJodaPattern(pattern);
  if (!compiled.ok) throw new Error(compiled.message);
  return printJodaPattern(compiled.tokens, ms + extraMs);
}

describe("Joda DateTimeFormat patterns", () => {
  it("prints the guide's example pattern", () => {
    expect(format("2011-05-24T17:10:00", "YYYY-MM-dd HH:mm:ss z")).toBe("2011-05-24 17:10:00 UTC");
  });

  it.each([
    ["YYYY", "2011"],
    ["yyyy", "2011"],
    ["yy", "11"],
    ["YY", "11"],
    ["y", "2011"],
    ["yyyyyy", "002011"],
    ["M", "5"],
    ["MM", "05"],
    ["MMM", "May"],
    ["MMMM", "May"],
    ["d", "24"],
    ["D", "144"],
    ["DDDD", "0144"],
    ["H", "17"],
    ["HH", "17"],
    ["hh", "05"],
    ["h", "5"],
    ["kk", "17"],
    ["KK", "05"],
    ["mm", "10"],
    ["ss", "00"],
    ["S", "0"],
    ["SSS", "000"],
    ["a", "PM"],
    ["E", "Tue"],
    ["EEE", "Tue"],
    ["EEEE", "Tuesday"],
    ["e", "2"],
    ["G", "AD"],
    ["C", "20"],
    ["CCC", "020"],
    ["x", "2011"],
    ["xx", "11"],
    ["w", "21"],
    ["ww", "21"],
    ["z", "UTC"],
    ["zzzz", "Coordinated Universal Time"],
    ["Z", "+0000"],
    ["ZZ", "+00:00"],
    ["ZZZ", "UTC"],
  ])("prints %s of 2011-05-24T17:10:00 as %s", (pattern, expected) => {
    expect(format("2011-05-24T17:10:00", pattern)).toBe(expected);
  });

  it("prints month and day names in full and short form", () => {
    expect(format("2012-09-01T00:00:00", "MMMM MMM EEEE E")).toBe("September Sep Saturday Sat");
    expect(format("2012-01-01T00:00:00", "EEEE e")).toBe("Sunday 7");
  });

  it("uses the 12-hour clock for h and K, and 1-24 for k", () => {
    expect(format("2012-12-12T00:30:00", "hh KK kk HH a")).toBe("12 00 24 00 AM");
    expect(format("2012-12-12T12:30:00", "hh KK kk HH a")).toBe("12 00 12 12 PM");
    expect(format("2012-12-11T23:30:00", "hh:mm a")).toBe("11:30 PM");
  });

  it("uses ISO week-years around the new year", () => {
    expect(format("2010-01-03T00:00:00", "xxxx-'W'ww-e")).toBe("2009-W53-7");
    expect(format("2008-12-29T00:00:00", "xxxx-'W'ww-e")).toBe("2009-W01-1");
    expect(format("2008-12-29T00:00:00", "YYYY")).toBe("2008");
  });

  it("prints fractions of a second by truncating or padding milliseconds", () => {
    expect(format("2012-12-12T00:00:00", "S SS SSS SSSS", 123)).toBe("1 12 123 1230");
  });

  it("treats quoted text and non-letters as literals, with '' for a quote", () => {
    expect(format("2012-12-12T00:00:00", "YYYY-MM-dd'T'HH:mm:ss")).toBe("2012-12-12T00:00:00");
    expect(format("2012-12-12T00:00:00", "'it''s' yyyy")).toBe("it's 2012");
    expect(format("2012-12-12T00:00:00", "''yy''")).toBe("'12'");
    expect(format("2012-12-12T00:00:00", "[dd/MM] _ #1")).toBe("[12/12] _ #1");
    expect(format("2012-12-12T00:00:00", "'unterminated yyyy")).toBe("unterminated yyyy");
    expect(format("2012-12-12T00:00:00", "")).toBe("");
  });

  it("rejects letters that are not Joda pattern fields, as Joda does", () => {
    expect(compileJodaPattern("YYYY-MM-ddTHH")).toEqual({ ok: false, message: "illegal pattern component: T" });
    expect(compileJodaPattern("qq")).toEqual({ ok: false, message: "illegal pattern component: qq" });
  });
});
