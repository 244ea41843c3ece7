import { describe, expect, it } from "vitest";
import { formatDateTime } from "../time/datetime";
import {
  getIsoWeek,
  getUtcParts,
  isDateTimeInRange,
  makeUtcDateTime,
  MAX_DATE_TIME_MS,
  MIN_DATE_TIME_MS,
  parseCanonicalDateTime,
} from "./calendar";

describe("calendar helpers", () => {
  it("builds dates in years below 100 without the Date.UTC 1900 shift", () => {
    const ms = makeUtcDateTime(50, 3, 4, 5, 6);
    expect(ms).not.toBeNull();
    expect(formatDateTime(ms ?? 0)).toBe("0050-03-04T05:06:00");
  });

  it("rejects impossible calendar fields instead of rolling over", () => {
    expect(makeUtcDateTime(2011, 2, 29)).toBeNull();
    expect(makeUtcDateTime(2012, 2, 29)).not.toBeNull();
    expect(makeUtcDateTime(2011, 13, 1)).toBeNull();
    expect(makeUtcDateTime(2011, 1, 1, 24, 0)).toBeNull();
    expect(makeUtcDateTime(0, 1, 1)).toBeNull();
    expect(makeUtcDateTime(10000, 1, 1)).toBeNull();
  });

  it("parses the canonical form, including years below 100", () => {
    expect(parseCanonicalDateTime("2011-05-24T17:10:00")).toBe(Date.UTC(2011, 4, 24, 17, 10));
    expect(formatDateTime(parseCanonicalDateTime("0050-03-04T05:06:07") ?? 0)).toBe("0050-03-04T05:06:07");
    expect(parseCanonicalDateTime("0000-01-01T00:00:00")).toBeNull();
    expect(parseCanonicalDateTime("2011-05-24 17:10:00")).toBeNull();
    expect(parseCanonicalDateTime("2011-02-29T00:00:00")).toBeNull();
  });

  it("bounds DateTimes to years 1-9999", () => {
    expect(formatDateTime(MIN_DATE_TIME_MS)).toBe("0001-01-01T00:00:00");
    expect(formatDateTime(MAX_DATE_TIME_MS)).toBe("9999-12-31T23:59:59");
    expect(isDateTimeInRange(MIN_DATE_TIME_MS - 1)).toBe(false);
    expect(isDateTimeInRange(MAX_DATE_TIME_MS + 1000)).toBe(false);
    expect(isDateTimeInRange(NaN)).toBe(false);
  });

  it("computes day of week (ISO) and day of year", () => {
    const parts = getUtcParts(Date.UTC(2011, 4, 24, 17, 10));
    expect(parts).toMatchObject({ year: 2011, month: 5, day: 24, hour: 17, minute: 10, dayOfWeek: 2, dayOfYear: 144 });
    expect(getUtcParts(Date.UTC(2012, 11, 31)).dayOfYear).toBe(366);
    expect(getUtcParts(Date.UTC(1969, 11, 31, 23, 59)).dayOfYear).toBe(365);
  });

  it("computes ISO weeks", () => {
    expect(getIsoWeek(Date.UTC(2011, 4, 24))).toEqual({ weekyear: 2011, week: 21 });
    expect(getIsoWeek(Date.UTC(2010, 0, 3, 23, 59))).toEqual({ weekyear: 2009, week: 53 });
    expect(getIsoWeek(Date.UTC(2008, 11, 29))).toEqual({ weekyear: 2009, week: 1 });
    expect(getIsoWeek(Date.UTC(2015, 11, 31))).toEqual({ weekyear: 2015, week: 53 });
  });
});
