import { getEffectiveValue, resolveEffectiveFields } from "@/lib/definition/inheritance";
import { getObjectKind, type ObjectKind } from "@/lib/definition/object-types";
import type { Field, PipelineObject } from "@/lib/protocol/types";
import { parsePeriod, periodToApproxMs } from "@/lib/time/period";

// What the scheduler needs to know about one component, read once from its effective fields
// (own, parent chain, Default) so every later decision is a lookup.

export type ScheduleType = "cron" | "timeseries" | "ondemand";

export interface ComponentSettings {
  id: string;
  type: string | undefined;
  kind: ObjectKind | undefined;
  scheduleType: ScheduleType;
  scheduleId: string | undefined;
  preconditionIds: string[];
  dependsOnIds: string[];
  inputIds: string[];
  outputIds: string[];
  /** Where its tasks are queued; for preconditions this may be decided by the consumer. */
  workerGroup: string | undefined;
  maxActiveInstances: number;
  maximumRetries: number;
  retryDelayMs: number;
  attemptTimeoutMs: number | undefined;
  reportProgressTimeoutMs: number | undefined;
  preconditionTimeoutMs: number | undefined;
  cascade: boolean;
  onSuccess: string[];
  onFail: string[];
  onLateAction: string[];
  /** How long after its scheduled start an instance may take before onLateAction fires. */
  lateAfterTimeoutMs: number | undefined;
  effectiveFields: Field[];
}

export interface SettingsDefaults {
  maximumRetries: number;
  retryDelayMs: number;
  /** See DURATION_SCALE: multiplies every duration the definition sets. */
  durationScale: number;
}

/** AWS's default when no scheduleType is set anywhere in the chain. */
export const DEFAULT_SCHEDULE_TYPE: ScheduleType = "timeseries";
/** AWS allows at most 5 active instances per component; ondemand pipelines default to 1. */
export const MAX_ACTIVE_INSTANCES_LIMIT = 5;

function durationMs(text: string | undefined, scale: number): number | undefined {
  if (text === undefined) return undefined;
  const p = parsePeriod(text);
  return p ? Math.round(periodToApproxMs(p) * scale) : undefined;
}

function boundedInt(text: string | undefined, min: number, max: number, fallback: number): number {
  const n = text === undefined ? NaN : Number(text);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

/** The worker group of an object: `runsOn` wins over `workerGroup`, and a resource stands for its own group (its workerGroup, else its id). */
function resolveWorkerGroup(fields: Field[], byId: ReadonlyMap<string, PipelineObject>): string | undefined {
  const runsOn = fields.find((f) => f.key === "runsOn")?.refValue;
  if (runsOn) {
    const resource = resolveEffectiveFields(runsOn, byId).fields;
    return getEffectiveValue(resource, "workerGroup") ?? runsOn;
  }
  return getEffectiveValue(fields, "workerGroup");
}

const refs = (fields: Field[], key: string) =>
  fields.filter((f) => f.key === key && f.refValue).map((f) => f.refValue as string);

export function readComponentSettings(
  id: string,
  byId: ReadonlyMap<string, PipelineObject>,
  defaults: SettingsDefaults,
): ComponentSettings {
  const { fields } = resolveEffectiveFields(id, byId);
  const type = getEffectiveValue(fields, "type");
  const kind = getObjectKind(type);
  const scheduleTypeText = getEffectiveValue(fields, "scheduleType")?.toLowerCase();
  const scheduleType: ScheduleType =
    scheduleTypeText === "cron" || scheduleTypeText === "timeseries" || scheduleTypeText === "ondemand"
      ? scheduleTypeText
      : DEFAULT_SCHEDULE_TYPE;
  const scale = defaults.durationScale;
  return {
    id,
    type,
    kind,
    scheduleType,
    scheduleId: fields.find((f) => f.key === "schedule")?.refValue,
    preconditionIds: refs(fields, "precondition"),
    dependsOnIds: refs(fields, "dependsOn"),
    inputIds: refs(fields, "input"),
    outputIds: refs(fields, "output"),
    workerGroup: resolveWorkerGroup(fields, byId),
    maxActiveInstances: boundedInt(getEffectiveValue(fields, "maxActiveInstances"), 1, MAX_ACTIVE_INSTANCES_LIMIT, 1),
    maximumRetries: boundedInt(getEffectiveValue(fields, "maximumRetries"), 0, 5, defaults.maximumRetries),
    retryDelayMs: durationMs(getEffectiveValue(fields, "retryDelay"), scale) ?? defaults.retryDelayMs,
    attemptTimeoutMs: durationMs(getEffectiveValue(fields, "attemptTimeout"), scale),
    reportProgressTimeoutMs: durationMs(getEffectiveValue(fields, "reportProgressTimeout"), scale),
    preconditionTimeoutMs: durationMs(getEffectiveValue(fields, "preconditionTimeout"), scale),
    cascade: getEffectiveValue(fields, "failureAndRerunMode")?.toLowerCase() === "cascade",
    onSuccess: refs(fields, "onSuccess"),
    onFail: refs(fields, "onFail"),
    onLateAction: refs(fields, "onLateAction"),
    lateAfterTimeoutMs: durationMs(getEffectiveValue(fields, "lateAfterTimeout"), scale),
    effectiveFields: fields,
  };
}
