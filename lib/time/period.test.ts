import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatDateTime, parseDateTime } from "@/lib/time/datetime";
import { addPeriod, formatPeriod, parsePeriod, periodToApproxMs, type PeriodUnit } from "@/lib/time/period";

function at(text: string): number {
  const ms = parseDateTime(text);
  if (ms === null) throw new Error(`bad test datetime ${text}`);
  return ms;
}

describe("parsePeriod", () => {
  it.each([
    ["1 hour", 1, "hours"],
    ["1 hours", 1, "hours"],
    ["1 Day", 1, "days"],
    ["15 Minutes", 15, "minutes"],
    ["3 hours", 3, "hours"],
    ["2 WEEKS", 2, "weeks"],
    ["1 month", 1, "months"],
    ["3 years", 3, "years"],
    ["  10   days ", 10, "days"],
  ] as const)("parses %j", (text, count, unit) => {
    expect(parsePeriod(text)).toEqual({ count, unit });
  });

  it.each([
    "",
    "hour",
    "0 hours",
    "-1 hours",
    "1.5 hours",
    "1 fortnight",
    "1 constructor",
    "2 __proto__",
    "1 hours 2 minutes",
    "ONDEMAND_PERIOD",
    "#{myPeriod}",
    "99999999999999999999 minutes",
  ])("rejects %j", (text) => {
    expect(parsePeriod(text)).toBeNull();
  });
});

describe("addPeriod", () => {
  it("adds exact units", () => {
    const start = at("2012-12-12T00:00:00");
    expect(formatDateTime(addPeriod(start, { count: 1, unit: "hours" }))).toBe("2012-12-12T01:00:00");
    expect(formatDateTime(addPeriod(start, { count: 15, unit: "minutes" }, 4))).toBe("2012-12-12T01:00:00");
    expect(formatDateTime(addPeriod(start, { count: 1, unit: "weeks" }, 3))).toBe("2013-01-02T00:00:00");
    expect(formatDateTime(addPeriod(start, { count: 1, unit: "days" }, -12))).toBe("2012-11-30T00:00:00");
  });

  it("adds calendar months in one step so the day of month does not drift", () => {
    const start = at("2013-01-31T06:00:00");
    expect(formatDateTime(addPeriod(start, { count: 1, unit: "months" }))).toBe("2013-02-28T06:00:00");
    expect(formatDateTime(addPeriod(start, { count: 1, unit: "months" }, 2))).toBe("2013-03-31T06:00:00");
    expect(formatDateTime(addPeriod(at("2012-02-29T00:00:00"), { count: 1, unit: "years" }))).toBe(
      "2013-02-28T00:00:00",
    );
  });

  it("defaults times to 1 and keeps 0 as identity", () => {
    const start = at("2020-05-05T05:05:05");
    expect(addPeriod(start, { count: 2, unit: "days" })).toBe(start + 2 * 86_400_000);
    expect(addPeriod(start, { count: 2, unit: "months" }, 0)).toBe(start);
  });
});

describe("periodToApproxMs", () => {
  it("orders periods across units", () => {
    const ms = (t: string) => periodToApproxMs(parsePeriod(t)!);
    expect(ms("15 minutes")).toBe(15 * 60_000);
    expect(ms("1 week")).toBe(7 * 86_400_000);
    expect(ms("1 month")).toBeGreaterThan(ms("4 weeks"));
    expect(ms("1 month")).toBeLessThan(ms("5 weeks"));
    expect(ms("36 months")).toBeCloseTo(ms("3 years"));
    expect(ms("1095 days")).toBeLessThan(ms("3 years"));
    expect(ms("1096 days")).toBeGreaterThan(ms("3 years"));
  });
});

describe("formatPeriod", () => {
  it("uses singular for one and plural otherwise", () => {
    expect(formatPeriod({ count: 1, unit: "hours" })).toBe("1 hour");
    expect(formatPeriod({ count: 15, unit: "minutes" })).toBe("15 minutes");
  });

  it("round-trips through parsePeriod", () => {
    const unit = fc.constantFrom<PeriodUnit[]>("minutes", "hours", "days", "weeks", "months", "years");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), unit, (count, u) => {
        const p = { count, unit: u };
        expect(parsePeriod(formatPeriod(p))).toEqual(p);
      }),
    );
  });
});
