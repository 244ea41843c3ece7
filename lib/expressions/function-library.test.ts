import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDateTime } from "../time/datetime";
import { makeDateContext } from "./expression-test-support";
import { ExpressionError, evaluateTemplate } from "./index";

const ctx = makeDateContext();

function evaluate(template: string): string {
  return evaluateTemplate(template, ctx).value;
}

function evaluationError(template: string): ExpressionError {
  try {
    evaluateTemplate(template, ctx);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(template)} to fail`);
}

describe("date and time functions on the guide's reference value 2011-05-24T17:10:00", () => {
  it.each([
    ["day(myDateTime)", "24"],
    ["dayOfYear(myDateTime)", "144"],
    ["firstOfMonth(myDateTime)", "2011-05-01T17:10:00"],
    ["format(myDateTime,'YYYY-MM-dd HH:mm:ss z')", "2011-05-24 17:10:00 UTC"],
    ["hour(myDateTime)", "17"],
    ["makeDate(2011,5,24)", "2011-05-24T00:00:00"],
    ["makeDateTime(2011,5,24,14,21)", "2011-05-24T14:21:00"],
    ["midnight('2011-05-25T17:10:00')", "2011-05-25T00:00:00"],
    ["minusDays(myDateTime,1)", "2011-05-23T17:10:00"],
    ["minusHours(myDateTime,1)", "2011-05-24T16:10:00"],
    ["minusMinutes(myDateTime,1)", "2011-05-24T17:09:00"],
    ["minusMonths(myDateTime,1)", "2011-04-24T17:10:00"],
    ["minusWeeks(myDateTime,1)", "2011-05-17T17:10:00"],
    ["minusYears(myDateTime,1)", "2010-05-24T17:10:00"],
    ["minute(myDateTime)", "10"],
    ["month(myDateTime)", "5"],
    ["plusDays(myDateTime,1)", "2011-05-25T17:10:00"],
    ["plusHours(myDateTime,1)", "2011-05-24T18:10:00"],
    ["plusMinutes(myDateTime,1)", "2011-05-24T17:11:00"],
    ["plusMonths(myDateTime,1)", "2011-06-24T17:10:00"],
    ["plusWeeks(myDateTime,1)", "2011-05-31T17:10:00"],
    ["plusYears(myDateTime,1)", "2012-05-24T17:10:00"],
    ["sunday(myDateTime)", "2011-05-22T17:10:00"],
    ["year(myDateTime)", "2011"],
    ["yesterday(myDateTime)", "2011-05-23T17:10:00"],
  ])("#{%s} → %s", (expression, expected) => {
    expect(evaluate(`#{${expression}}`)).toBe(expected);
  });
});

describe("the worked examples with @scheduledStartTime = 2012-12-12T00:00:00", () => {
  it.each([
    ["#{format(@scheduledStartTime, 'YYYY-MM-dd-HH-mm-ss')}", "2012-12-12-00-00-00"],
    ["#{format(@scheduledStartTime,'YYYY-MM-dd_HHmmss')}", "2012-12-12_000000"],
    ["#{format(minusMinutes(@scheduledStartTime,30),'YYYY-MM-dd hh:mm:ss')}", "2012-12-11 11:30:00"],
    ["s3://b/#{@scheduledStartTime}", "s3://b/2012-12-12T00:00:00"],
    ["#{@scheduledStartTime.format('YYYY-MM-dd HH:mm:ss')}", "2012-12-12 00:00:00"],
    ["#{@scheduledStartTime.minusMinutes(30).format('hh:mm a')}", "11:30 PM"],
  ])("%s → %s", (template, expected) => {
    expect(evaluate(template)).toBe(expected);
  });
});

describe("calendar edge cases", () => {
  it.each([
    ["plusMonths('2011-01-31T00:00:00',1)", "2011-02-28T00:00:00"],
    ["plusMonths('2012-01-31T08:00:00',1)", "2012-02-29T08:00:00"],
    ["minusMonths('2011-03-31T00:00:00',1)", "2011-02-28T00:00:00"],
    ["plusMonths('2011-11-15T00:00:00',3)", "2012-02-15T00:00:00"],
    ["minusMonths('2011-01-15T00:00:00',13)", "2009-12-15T00:00:00"],
    ["plusYears('2012-02-29T00:00:00',1)", "2013-02-28T00:00:00"],
    ["plusYears('2012-02-29T00:00:00',4)", "2016-02-29T00:00:00"],
    ["minusYears('2012-02-29T00:00:00',1)", "2011-02-28T00:00:00"],
    ["plusDays('2011-12-31T23:00:00',1)", "2012-01-01T23:00:00"],
    ["plusDays('2012-02-28T00:00:00',1)", "2012-02-29T00:00:00"],
    ["plusHours('2011-12-31T23:30:00',1)", "2012-01-01T00:30:00"],
    ["minusMinutes('2012-01-01T00:00:00',1)", "2011-12-31T23:59:00"],
    ["plusWeeks('2011-12-28T00:00:00',1)", "2012-01-04T00:00:00"],
    ["plusDays(myDateTime,-1)", "2011-05-23T17:10:00"],
    ["minusDays(myDateTime,-1)", "2011-05-25T17:10:00"],
    ["plusDays(myDateTime,0)", "2011-05-24T17:10:00"],
    ["sunday('2011-05-22T08:00:00')", "2011-05-22T08:00:00"],
    ["sunday('2011-05-21T08:00:00')", "2011-05-15T08:00:00"],
    ["sunday('2012-01-02T00:00:00')", "2012-01-01T00:00:00"],
    ["sunday('2011-01-01T12:00:00')", "2010-12-26T12:00:00"],
    ["midnight('2011-05-25T00:00:00')", "2011-05-25T00:00:00"],
    ["midnight('2011-05-25T23:59:59')", "2011-05-25T00:00:00"],
    ["firstOfMonth('2012-03-31T05:06:07')", "2012-03-01T05:06:07"],
    ["firstOfMonth('2012-03-01T00:00:00')", "2012-03-01T00:00:00"],
    ["yesterday('2012-03-01T00:00:00')", "2012-02-29T00:00:00"],
    ["yesterday('2011-01-01T00:00:00')", "2010-12-31T00:00:00"],
    ["dayOfYear('2012-12-31T00:00:00')", "366"],
    ["dayOfYear('2011-12-31T00:00:00')", "365"],
    ["dayOfYear('2011-01-01T00:00:00')", "1"],
    ["makeDate(2012,2,29)", "2012-02-29T00:00:00"],
    ["makeDate(1,1,1)", "0001-01-01T00:00:00"],
    ["plusDays('0050-03-01T00:00:00', 1)", "0050-03-02T00:00:00"],
    ["year('0099-12-31T00:00:00')", "99"],
    ["makeDateTime(2011,12,31,23,59)", "2011-12-31T23:59:00"],
    ["month(makeDate(2011,12,31))", "12"],
    ["day(plusDays(makeDate(2011,12,31),1))", "1"],
  ])("#{%s} → %s", (expression, expected) => {
    expect(evaluate(`#{${expression}}`)).toBe(expected);
  });

  it("takes int arguments given as strings of digits (parameters are strings)", () => {
    expect(evaluate("#{plusDays(myDateTime,'2')}")).toBe("2011-05-26T17:10:00");
    expect(evaluate("#{makeDate('2011','5','24')}")).toBe("2011-05-24T00:00:00");
  });
});

describe("function errors", () => {
  it("names an unknown function at its offset", () => {
    expect(evaluationError("ab #{nextWeek(myDateTime)}")).toMatchObject({
      message: "unknown function 'nextWeek'",
      position: 5,
    });
    expect(evaluationError("#{myDateTime.nope()}")).toMatchObject({ message: "unknown function 'nope'", position: 13 });
  });

  it("checks arity, counting the target of the method form", () => {
    expect(evaluationError("#{plusDays(myDateTime)}")).toMatchObject({
      message: "function plusDays takes 2 arguments, got 1",
      position: 2,
    });
    expect(evaluationError("#{day(myDateTime, 1)}").message).toBe("function day takes 1 argument, got 2");
    expect(evaluationError("#{myDateTime.plusDays(1, 2)}").message).toBe("function plusDays takes 2 arguments, got 3");
    expect(evaluationError("#{makeDate()}").message).toBe("function makeDate takes 3 arguments, got 0");
  });

  it("reports type mismatches at the bad argument", () => {
    expect(evaluationError("#{plusDays('tomorrow', 1)}")).toMatchObject({
      message: "type mismatch: argument 1 of plusDays must be a DateTime (YYYY-MM-DDTHH:MM:SS), got string 'tomorrow'",
      position: 11,
    });
    expect(evaluationError("#{plusDays(myDateTime, 1.5)}")).toMatchObject({
      message: "type mismatch: argument 2 of plusDays must be an int, got double '1.5'",
      position: 23,
    });
    expect(evaluationError("#{format(myDateTime, 5)}").message).toBe(
      "type mismatch: argument 2 of format must be a string, got int '5'",
    );
    expect(evaluationError("#{day(3)}").message).toContain("argument 1 of day must be a DateTime");
    expect(evaluationError("#{day('2011-05-24 17:10:00')}").message).toContain("must be a DateTime");
    expect(evaluationError("#{day('2011-02-30T00:00:00')}").message).toContain("must be a DateTime");
  });

  it("rejects impossible dates and results outside years 1-9999", () => {
    expect(evaluationError("#{makeDate(2011,2,29)}")).toMatchObject({
      message: "makeDate: invalid date or time 2011,2,29",
      position: 2,
    });
    expect(evaluationError("#{makeDateTime(2011,1,1,24,0)}").message).toBe(
      "makeDateTime: invalid date or time 2011,1,1,24,0",
    );
    expect(evaluationError("#{plusYears('9999-06-01T00:00:00', 1)}").message).toBe(
      "plusYears: date out of range (years 1 to 9999)",
    );
    expect(evaluationError("#{minusDays('0001-01-01T00:00:00', 1)}").message).toBe(
      "minusDays: date out of range (years 1 to 9999)",
    );
    expect(evaluationError("#{plusDays(myDateTime, 9007199254740991)}").message).toContain("date out of range");
    expect(evaluationError("#{plusMonths(myDateTime, 9007199254740991)}").message).toContain("date out of range");
  });

  it("rejects a format pattern Joda rejects, pointing at the pattern", () => {
    expect(evaluationError("#{format(myDateTime, 'YYYY-MM-ddTHH')}")).toMatchObject({
      message: "format: illegal pattern component: T",
      position: 21,
    });
  });
});

describe("date arithmetic properties", () => {
  const dateTimes = fc
    .integer({ min: Date.UTC(1900, 0, 1) / 60_000, max: Date.UTC(2200, 0, 1) / 60_000 })
    .map((minutes) => formatDateTime(minutes * 60_000));
  const amounts = fc.integer({ min: -10_000, max: 10_000 });

  it("plus and minus of days, hours, minutes and weeks are inverses", () => {
    fc.assert(
      fc.property(dateTimes, amounts, fc.constantFrom("Days", "Hours", "Minutes", "Weeks"), (x, n, unit) => {
        const local = makeDateContext({ x });
        expect(evaluateTemplate(`#{plus${unit}(minus${unit}(x, ${n}), ${n})}`, local).value).toBe(x);
        expect(evaluateTemplate(`#{x.plus${unit}(${n}).minus${unit}(${n})}`, local).value).toBe(x);
      }),
      { numRuns: 300 },
    );
  });

  it("month and year steps invert when the day of month exists in every month", () => {
    fc.assert(
      fc.property(dateTimes, fc.integer({ min: -1200, max: 1200 }), (x, n) => {
        const dayOfMonth = Number(x.slice(8, 10));
        fc.pre(dayOfMonth <= 28);
        const local = makeDateContext({ x });
        expect(evaluateTemplate(`#{plusMonths(minusMonths(x, ${n}), ${n})}`, local).value).toBe(x);
        expect(evaluateTemplate(`#{minusYears(plusYears(x, ${n % 100}), ${n % 100})}`, local).value).toBe(x);
      }),
      { numRuns: 300 },
    );
  });

  it("sunday is a Sunday at the same time, at most six days earlier, and fixed on Sundays", () => {
    fc.assert(
      fc.property(dateTimes, (x) => {
        const local = makeDateContext({ x });
        const sunday = evaluateTemplate("#{sunday(x)}", local).value;
        expect(evaluateTemplate("#{format(sunday(x), 'e')}", local).value).toBe("7");
        expect(sunday.slice(11)).toBe(x.slice(11));
        const daysBack = (Date.parse(`${x}Z`) - Date.parse(`${sunday}Z`)) / 86_400_000;
        expect(daysBack).toBeGreaterThanOrEqual(0);
        expect(daysBack).toBeLessThan(7);
        expect(evaluateTemplate("#{sunday(sunday(x))}", local).value).toBe(sunday);
      }),
      { numRuns: 300 },
    );
  });

  it("format reproduces the canonical form and agrees with the field functions", () => {
    fc.assert(
      fc.property(dateTimes, (x) => {
        const local = makeDateContext({ x });
        expect(evaluateTemplate("#{format(x, \"yyyy-MM-dd'T'HH:mm:ss\")}", local).value).toBe(x);
        expect(evaluateTemplate("#{year(x)}-#{month(x)}-#{day(x)} #{hour(x)}:#{minute(x)}", local).value).toBe(
          evaluateTemplate("#{format(x, 'y-M-d H:m')}", local).value,
        );
        expect(evaluateTemplate("#{midnight(x)}", local).value).toBe(`${x.slice(0, 10)}T00:00:00`);
      }),
      { numRuns: 300 },
    );
  });
});
