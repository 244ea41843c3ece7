// UTC calendar helpers the expression functions and the Joda formatter need beyond lib/time.
// Date.UTC maps years 0–99 to 1900–1999, so dates are built with setUTCFullYear instead.

import { parseDateTime } from "../time/datetime";

const DAY_MS = 86_400_000;

function buildUtc(year: number, month1to12: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month1to12 - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** DateTime values stay within years 1–9999 so that they always print as `YYYY-MM-DDTHH:MM:SS`. */
export const MIN_DATE_TIME_MS = buildUtc(1, 1, 1);
export const MAX_DATE_TIME_MS = buildUtc(9999, 12, 31, 23, 59, 59);

export function isDateTimeInRange(ms: number): boolean {
  return ms >= MIN_DATE_TIME_MS && ms <= MAX_DATE_TIME_MS;
}

/** Builds a UTC date-time from calendar fields; null when a field is out of range (no rollover). */
export function makeUtcDateTime(
  year: number,
  month1to12: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number | null {
  if (year < 1 || year > 9999 || month1to12 < 1 || month1to12 > 12 || day < 1) return null;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const ms = buildUtc(year, month1to12, day, hour, minute, second);
  return new Date(ms).getUTCDate() === day ? ms : null;
}

export interface UtcParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** ISO numbering, as Joda: 1 = Monday … 7 = Sunday. */
  dayOfWeek: number;
  dayOfYear: number;
}

export function getUtcParts(ms: number): UtcParts {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const jsDay = date.getUTCDay();
  return {
    year,
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: date.getUTCMilliseconds(),
    dayOfWeek: jsDay === 0 ? 7 : jsDay,
    dayOfYear: Math.floor((startOfUtcDay(ms) - buildUtc(year, 1, 1)) / DAY_MS) + 1,
  };
}

export function startOfUtcDay(ms: number): number {
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

/** ISO-8601 week date (weeks start on Monday; week 1 holds the year's first Thursday), as Joda's ISO chronology. */
export function getIsoWeek(ms: number): { weekyear: number; week: number } {
  const dayStart = startOfUtcDay(ms);
  const { dayOfWeek } = getUtcParts(dayStart);
  const thursday = dayStart + (4 - dayOfWeek) * DAY_MS;
  const weekyear = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - buildUtc(weekyear, 1, 1)) / (7 * DAY_MS)) + 1;
  return { weekyear, week };
}

/** Parses the canonical `YYYY-MM-DDTHH:MM:SS` form; null when it is not one or outside years 1–9999. */
export function parseCanonicalDateTime(text: string): number | null {
  return parseDateTime(text);
}
