// Data Pipeline periods ("15 minutes", "1 Day", "3 hours") used by Schedule.period, retryDelay,
// attemptTimeout and friends. Month and year steps are calendar steps (Joda style), the rest exact.

import { plusMonths, plusYears, UNIT_MS } from "@/lib/time/datetime";

export type PeriodUnit = "minutes" | "hours" | "days" | "weeks" | "months" | "years";

export interface Period {
  count: number;
  unit: PeriodUnit;
}

const PERIOD_RE = /^\s*(\d+)\s*([A-Za-z]+)\s*$/;

// A Map, not an object literal, so words such as "constructor" cannot hit Object.prototype.
const UNIT_BY_WORD: ReadonlyMap<string, PeriodUnit> = new Map<string, PeriodUnit>([
  ["minute", "minutes"],
  ["minutes", "minutes"],
  ["hour", "hours"],
  ["hours", "hours"],
  ["day", "days"],
  ["days", "days"],
  ["week", "weeks"],
  ["weeks", "weeks"],
  ["month", "months"],
  ["months", "months"],
  ["year", "years"],
  ["years", "years"],
]);

const SINGULAR: Readonly<Record<PeriodUnit, string>> = {
  minutes: "minute",
  hours: "hour",
  days: "day",
  weeks: "week",
  months: "month",
  years: "year",
};

// Average Gregorian lengths: only for ordering and range checks, never for scheduling.
const APPROX_MONTH_MS = (365.2425 / 12) * UNIT_MS.days;
const APPROX_YEAR_MS = 365.2425 * UNIT_MS.days;

/** Parses `"N unit"` (unit singular or plural, any case, N a positive integer); null when it is not one. */
export function parsePeriod(text: string): Period | null {
  const m = PERIOD_RE.exec(text);
  if (!m) return null;
  const count = Number(m[1]);
  const unit = UNIT_BY_WORD.get((m[2] ?? "").toLowerCase());
  if (unit === undefined || !Number.isSafeInteger(count) || count <= 0) return null;
  return { count, unit };
}

/**
 * Adds `times` whole periods to `ms`. Months and years are added in one calendar step
 * (start + 3·"1 month", not three clamped steps) so instance k of a schedule never drifts
 * after a short month: Jan 31 + 2 months = Mar 31.
 */
export function addPeriod(ms: number, period: Period, times = 1): number {
  const n = period.count * times;
  switch (period.unit) {
    case "months":
      return plusMonths(ms, n);
    case "years":
      return plusYears(ms, n);
    case "minutes":
    case "hours":
    case "days":
    case "weeks":
      return ms + n * UNIT_MS[period.unit];
  }
}

/** Length of a period in ms, averaging months and years; for comparisons and limits only. */
export function periodToApproxMs(period: Period): number {
  switch (period.unit) {
    case "months":
      return period.count * APPROX_MONTH_MS;
    case "years":
      return period.count * APPROX_YEAR_MS;
    case "minutes":
    case "hours":
    case "days":
    case "weeks":
      return period.count * UNIT_MS[period.unit];
  }
}

/** Formats a period the way the guide writes them: "1 hour", "15 minutes". */
export function formatPeriod(period: Period): string {
  return `${period.count} ${period.count === 1 ? SINGULAR[period.unit] : period.unit}`;
}
