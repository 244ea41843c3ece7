import type { Field } from "@/lib/protocol/types";
import { formatDateTime } from "@/lib/time/datetime";

/** What an instance or attempt row holds (lib/store/objects.ts ObjectRow, decoupled for pure use). */
export interface RuntimeFacts {
  pipelineId: string;
  objectId: string;
  sphere: string;
  version: number;
  componentId: string | null;
  instanceId: string | null;
  nodeId: string | null;
  status: string | null;
  attemptNumber: number | null;
  scheduledStartTime: Date | null;
  scheduledEndTime: Date | null;
  actualStartTime: Date | null;
  actualEndTime: Date | null;
  hostname: string | null;
  errorId: string | null;
  errorMessage: string | null;
  errorStackTrace: string | null;
  cascadeFailedOn: string | null;
  reportedProgressAt: Date | null;
  /** Extra fields the service or the runner recorded (@triesLeft, @waitingOn, progress fields...). */
  extra: Field[];
}

const dt = (d: Date) => formatDateTime(d.getTime());

/** The attempt id of an instance's n-th try: `<instanceId>_Attempt=<n>` (https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-how-tasks-scheduled.html). */
export const attemptIdOf = (instanceId: string, n: number) => `${instanceId}_Attempt=${n}`;

/** The instance id of a component's run for a scheduled start: `@<componentId>_<YYYY-MM-DDTHH:MM:SS>`. */
export const instanceIdOf = (componentId: string, scheduledStart: Date) => `@${componentId}_${dt(scheduledStart)}`;

/**
 * The fields an instance or attempt carries itself, in the order AWS showed them (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_PollForTask.html);
 * everything else it has comes from its component through `parent`.
 */
export function runtimeOwnFields(r: RuntimeFacts): Field[] {
  const f: Field[] = [];
  if (r.componentId) f.push({ key: "@componentParent", refValue: r.componentId });
  if (r.scheduledStartTime) f.push({ key: "@scheduledStartTime", stringValue: dt(r.scheduledStartTime) });
  if (r.componentId) f.push({ key: "parent", refValue: r.componentId });
  f.push({ key: "@sphere", stringValue: r.sphere });
  if (r.sphere === "ATTEMPT" && r.instanceId) f.push({ key: "@instanceParent", refValue: r.instanceId });
  if (r.nodeId) f.push({ key: "node", refValue: r.nodeId });
  if (r.status) f.push({ key: "@status", stringValue: r.status });
  f.push({ key: "@version", stringValue: String(r.version) });
  if (r.actualStartTime) f.push({ key: "@actualStartTime", stringValue: dt(r.actualStartTime) });
  if (r.scheduledEndTime) f.push({ key: "@scheduledEndTime", stringValue: dt(r.scheduledEndTime) });
  if (r.actualEndTime) f.push({ key: "@actualEndTime", stringValue: dt(r.actualEndTime) });
  if (r.sphere === "INSTANCE" && r.attemptNumber) {
    f.push({ key: "@headAttempt", refValue: attemptIdOf(r.objectId, r.attemptNumber) });
    f.push({ key: "@attemptCount", stringValue: String(r.attemptNumber) });
  }
  if (r.cascadeFailedOn) f.push({ key: "@cascadeFailedOn", refValue: r.cascadeFailedOn });
  if (r.hostname) f.push({ key: "hostname", stringValue: r.hostname });
  if (r.reportedProgressAt) f.push({ key: "reportProgressTime", stringValue: dt(r.reportedProgressAt) });
  if (r.errorId) f.push({ key: "errorId", stringValue: r.errorId });
  if (r.errorMessage) f.push({ key: "errorMessage", stringValue: r.errorMessage });
  if (r.errorStackTrace) f.push({ key: "errorStackTrace", stringValue: r.errorStackTrace });
  f.push(...r.extra);
  f.push({ key: "@pipelineId", stringValue: r.pipelineId });
  return f;
}
