import type { Field } from "@/lib/protocol/types";
import { getEffectiveValue } from "@/lib/definition/inheritance";
import { parseDateTime } from "@/lib/time/datetime";
import { addPeriod, parsePeriod, type Period } from "@/lib/time/period";
import type { ScheduleType } from "./component-settings";

// A Schedule object as the planner uses it, and the intervals it yields (https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-object-schedule.html): interval k
// covers [start + k·period, start + (k+1)·period); cron runs it at its start, timeseries at its end.

export interface ScheduleSpec {
  period: Period;
  /** null: `startAt: FIRST_ACTIVATION_DATE_TIME`, resolved from the pipeline's first activation. */
  start: number | null;
  end: number | null;
  occurrences: number | null;
  /** `period: ONDEMAND_PERIOD` / `startAt: ONDEMAND_ACTIVATION_TIME`: one run per activation. */
  onDemand: boolean;
}

export function readScheduleSpec(fields: Field[]): ScheduleSpec | null {
  const periodText = getEffectiveValue(fields, "period");
  const startAt = getEffectiveValue(fields, "startAt");
  if (periodText === "ONDEMAND_PERIOD" || startAt === "ONDEMAND_ACTIVATION_TIME") {
    return { period: { count: 1, unit: "days" }, start: null, end: null, occurrences: null, onDemand: true };
  }
  const period = periodText ? parsePeriod(periodText) : null;
  if (!period) return null;
  const startText = getEffectiveValue(fields, "startDateTime");
  const start = startText ? parseDateTime(startText) : null;
  if (startText && start === null) return null;
  if (!startText && startAt !== "FIRST_ACTIVATION_DATE_TIME") return null;
  const endText = getEffectiveValue(fields, "endDateTime");
  const occurrencesText = getEffectiveValue(fields, "occurrences");
  const occurrences = occurrencesText !== undefined && /^\d+$/.test(occurrencesText) ? Number(occurrencesText) : null;
  return { period, start, end: endText ? parseDateTime(endText) : null, occurrences, onDemand: false };
}

export interface Interval {
  index: number;
  start: number;
  end: number;
}

export function intervalAt(spec: ScheduleSpec, origin: number, index: number): Interval {
  return { index, start: addPeriod(origin, spec.period, index), end: addPeriod(origin, spec.period, index + 1) };
}

/** Is there an interval at this index at all (before endDateTime, within occurrences)? */
export function isWithinSchedule(spec: ScheduleSpec, interval: Interval): boolean {
  if (spec.occurrences !== null && interval.index >= spec.occurrences) return false;
  if (spec.end !== null && interval.start >= spec.end) return false;
  return true;
}

/** When the interval's run becomes due: cron at its start, timeseries at its end. */
export function dueAt(scheduleType: ScheduleType, interval: Interval): number {
  return scheduleType === "timeseries" ? interval.end : interval.start;
}

export interface NextIntervalsInput {
  spec: ScheduleSpec;
  scheduleType: ScheduleType;
  /** The schedule's origin (startDateTime, or the first activation for FIRST_ACTIVATION_DATE_TIME). */
  origin: number;
  /** Scheduled start of the component's latest instance, or null when it has none. */
  lastStart: number | null;
  /** ActivatePipeline's startTimestamp: intervals starting before it are not run. */
  resumeFrom: number | null;
  now: number;
  /** How many more instances may be created now (maxActiveInstances minus active ones, capped per tick). */
  room: number;
}

/** The intervals that are due now and not yet instantiated, oldest first, at most `room` of them. */
export function nextDueIntervals(input: NextIntervalsInput): { due: Interval[]; exhausted: boolean } {
  const { spec, origin } = input;
  let index = 0;
  if (input.lastStart !== null) index = indexAtOrAfter(spec, origin, input.lastStart) + 1;
  if (input.resumeFrom !== null) index = Math.max(index, indexAtOrAfter(spec, origin, input.resumeFrom));
  const due: Interval[] = [];
  for (;;) {
    const interval = intervalAt(spec, origin, index);
    if (!isWithinSchedule(spec, interval)) return { due, exhausted: true };
    if (due.length >= input.room || dueAt(input.scheduleType, interval) > input.now) return { due, exhausted: false };
    due.push(interval);
    index++;
  }
}

/** The first index whose interval starts at or after `t` (calendar periods make this a search, not a division). */
export function indexAtOrAfter(spec: ScheduleSpec, origin: number, t: number): number {
  if (t <= origin) return 0;
  const approx = Math.max(0, Math.floor((t - origin) / Math.max(1, addPeriod(origin, spec.period, 1) - origin)) - 2);
  let index = approx;
  while (addPeriod(origin, spec.period, index) < t) index++;
  while (index > 0 && addPeriod(origin, spec.period, index - 1) >= t) index--;
  return index;
}
