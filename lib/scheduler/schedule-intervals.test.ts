import { describe, expect, it } from "vitest";
import { parseDateTime } from "@/lib/time/datetime";
import {
  dueAt,
  indexAtOrAfter,
  intervalAt,
  nextDueIntervals,
  readScheduleSpec,
  type ScheduleSpec,
} from "./schedule-intervals";

const t = (s: string) => parseDateTime(s)!;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const f = (key: string, stringValue: string) => ({ key, stringValue });

describe("readScheduleSpec", () => {
  it("reads period, start, end and occurrences", () => {
    const spec = readScheduleSpec([
      f("period", "1 hour"),
      f("startDateTime", "2012-12-12T00:00:00"),
      f("endDateTime", "2012-12-21T18:00:00"),
    ]);
    expect(spec).toEqual({
      period: { count: 1, unit: "hours" },
      start: t("2012-12-12T00:00:00"),
      end: t("2012-12-21T18:00:00"),
      occurrences: null,
      onDemand: false,
    });
    expect(
      readScheduleSpec([f("period", "15 Minutes"), f("startAt", "FIRST_ACTIVATION_DATE_TIME"), f("occurrences", "3")])
        ?.occurrences,
    ).toBe(3);
  });

  it("recognises the on-demand schedule and refuses unusable ones", () => {
    expect(readScheduleSpec([f("period", "ONDEMAND_PERIOD"), f("startAt", "ONDEMAND_ACTIVATION_TIME")])?.onDemand).toBe(
      true,
    );
    expect(readScheduleSpec([f("period", "soon"), f("startDateTime", "2012-12-12T00:00:00")])).toBeNull();
    expect(readScheduleSpec([f("period", "1 day"), f("startDateTime", "yesterday")])).toBeNull();
    expect(readScheduleSpec([f("period", "1 day")])).toBeNull();
  });
});

describe("intervals", () => {
  const hourly: ScheduleSpec = {
    period: { count: 1, unit: "hours" },
    start: t("2012-12-12T00:00:00"),
    end: t("2012-12-12T03:00:00"),
    occurrences: null,
    onDemand: false,
  };

  it("interval k covers [start + k*period, start + (k+1)*period)", () => {
    const i = intervalAt(hourly, hourly.start!, 2);
    expect([iso(i.start), iso(i.end)]).toEqual(["2012-12-12T02:00:00", "2012-12-12T03:00:00"]);
  });

  it("cron is due at the start of an interval, timeseries at its end", () => {
    const i = intervalAt(hourly, hourly.start!, 0);
    expect(iso(dueAt("cron", i))).toBe("2012-12-12T00:00:00");
    expect(iso(dueAt("timeseries", i))).toBe("2012-12-12T01:00:00");
  });

  it("backfills every due interval up to the room left, then continues after the last one", () => {
    const base = { spec: hourly, origin: hourly.start!, resumeFrom: null, now: t("2012-12-12T01:30:00") };
    const cron = nextDueIntervals({ ...base, scheduleType: "cron", lastStart: null, room: 5 });
    expect(cron.due.map((i) => iso(i.start))).toEqual(["2012-12-12T00:00:00", "2012-12-12T01:00:00"]);
    expect(cron.exhausted).toBe(false);
    const series = nextDueIntervals({ ...base, scheduleType: "timeseries", lastStart: null, room: 5 });
    expect(series.due.map((i) => iso(i.start))).toEqual(["2012-12-12T00:00:00"]);
    const limited = nextDueIntervals({ ...base, scheduleType: "cron", lastStart: null, room: 1 });
    expect(limited.due).toHaveLength(1);
    const next = nextDueIntervals({ ...base, scheduleType: "cron", lastStart: t("2012-12-12T00:00:00"), room: 5 });
    expect(next.due.map((i) => iso(i.start))).toEqual(["2012-12-12T01:00:00"]);
  });

  it("is exhausted at endDateTime or after the given occurrences", () => {
    const late = {
      spec: hourly,
      origin: hourly.start!,
      resumeFrom: null,
      now: t("2013-01-01T00:00:00"),
      scheduleType: "cron" as const,
      room: 10,
    };
    const all = nextDueIntervals({ ...late, lastStart: null });
    expect(all.due.map((i) => iso(i.start))).toEqual([
      "2012-12-12T00:00:00",
      "2012-12-12T01:00:00",
      "2012-12-12T02:00:00",
    ]);
    expect(all.exhausted).toBe(true);
    const twice = nextDueIntervals({ ...late, spec: { ...hourly, end: null, occurrences: 2 }, lastStart: null });
    expect(twice.due).toHaveLength(2);
    expect(twice.exhausted).toBe(true);
  });

  it("skips intervals before the activation's startTimestamp", () => {
    const out = nextDueIntervals({
      spec: hourly,
      origin: hourly.start!,
      resumeFrom: t("2012-12-12T01:30:00"),
      now: t("2012-12-12T02:30:00"),
      scheduleType: "cron",
      lastStart: null,
      room: 5,
    });
    expect(out.due.map((i) => iso(i.start))).toEqual(["2012-12-12T02:00:00"]);
  });

  it("steps calendar months, clamping month ends the Joda way", () => {
    const monthly: ScheduleSpec = {
      period: { count: 1, unit: "months" },
      start: t("2012-01-31T00:00:00"),
      end: null,
      occurrences: null,
      onDemand: false,
    };
    const starts = [0, 1, 2, 3].map((k) => iso(intervalAt(monthly, monthly.start!, k).start));
    expect(starts).toEqual([
      "2012-01-31T00:00:00",
      "2012-02-29T00:00:00",
      "2012-03-31T00:00:00",
      "2012-04-30T00:00:00",
    ]);
    expect(indexAtOrAfter(monthly, monthly.start!, t("2012-03-01T00:00:00"))).toBe(2);
    expect(indexAtOrAfter(monthly, monthly.start!, t("2012-02-29T00:00:00"))).toBe(1);
  });
});
