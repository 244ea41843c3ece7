// Data Pipeline date-times are UTC wall-clock values written `YYYY-MM-DDTHH:MM:SS`. We carry them as
// epoch milliseconds and do calendar arithmetic the way Joda-Time does (month/year steps clamp the day).

const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** Parses the canonical `YYYY-MM-DDTHH:MM:SS` form (UTC, years 1-9999); returns null when it is not one. */
export function parseDateTime(text: string): number | null {
  const m = DATE_TIME_RE.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const d = new Date(Date.UTC(2000, 0, 1, hour, minute, second));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SS` (UTC, no zone, seconds truncated). */
export function formatDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
}

export function daysInMonth(year: number, month1to12: number): number {
  return new Date(Date.UTC(year, month1to12, 0)).getUTCDate();
}

/** Adds whole calendar months, clamping the day of month (Jan 31 + 1 month = Feb 28/29), as Joda does. */
export function plusMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month0 + 1));
  const out = new Date(ms);
  out.setUTCFullYear(year, month0, day);
  return out.getTime();
}

export function plusYears(ms: number, years: number): number {
  return plusMonths(ms, years * 12);
}

const MINUTE = 60_000;
export const UNIT_MS = { minutes: MINUTE, hours: 60 * MINUTE, days: 1440 * MINUTE, weeks: 7 * 1440 * MINUTE } as const;
