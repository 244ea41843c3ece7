import { isOnDemand, type PipelinePlan } from "./pipeline-plan";
import { dueAt, indexAtOrAfter, intervalAt, isWithinSchedule } from "./schedule-intervals";

// When a pipeline's next run starts, read from its schedule the way the planner reads it: for each
// scheduled activity, the first interval it has no instance for yet (after its latest one, and not
// before ActivatePipeline's startTimestamp) becomes due at its start (cron) or its end (timeseries).
// On-demand activities have no next run: they run when activated. An interval already due but not
// yet created (maxActiveInstances holds it back) runs as soon as it can, so it reads as "now".

export interface NextRunInput {
  /** Only a SCHEDULED pipeline runs anything next. */
  state: string;
  firstActivatedAt: Date | null;
  resumeFrom: Date | null;
  /** Scheduled start of each activity's latest instance. */
  latestStarts: ReadonlyMap<string, Date>;
  now: number;
}

export function computeNextRunTime(plan: PipelinePlan, input: NextRunInput): Date | null {
  if (input.state !== "SCHEDULED") return null;
  let next: number | null = null;
  for (const activityId of plan.activityIds) {
    const settings = plan.settings.get(activityId);
    if (!settings || isOnDemand(plan, settings)) continue;
    const spec = settings.scheduleId ? plan.schedules.get(settings.scheduleId) : undefined;
    const origin = spec?.start ?? input.firstActivatedAt?.getTime() ?? null;
    if (!spec || origin === null) continue;
    const lastStart = input.latestStarts.get(activityId)?.getTime();
    let index = lastStart === undefined ? 0 : indexAtOrAfter(spec, origin, lastStart) + 1;
    if (input.resumeFrom) index = Math.max(index, indexAtOrAfter(spec, origin, input.resumeFrom.getTime()));
    const interval = intervalAt(spec, origin, index);
    if (!isWithinSchedule(spec, interval)) continue;
    const due = Math.max(dueAt(settings.scheduleType, interval), input.now);
    if (next === null || due < next) next = due;
  }
  return next === null ? null : new Date(Math.ceil(next / 1000) * 1000);
}
