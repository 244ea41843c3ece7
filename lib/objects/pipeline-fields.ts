import type { Field } from "@/lib/protocol/types";
import { formatDateTime } from "@/lib/time/datetime";

export interface PipelineFacts {
  id: string;
  name: string;
  uniqueId: string;
  description: string | null;
  state: string;
  accountId: string;
  createdAt: Date;
  activeVersion: number | null;
  latestVersion: number | null;
  firstActivatedAt: Date | null;
  lastActivatedAt: Date | null;
  lastDeactivatedAt: Date | null;
  finishedAt: Date | null;
}

/** Run bookkeeping the scheduler knows (health and run times), added when present. */
export interface PipelineRunSummary {
  healthStatus?: string;
  healthStatusFromInstanceId?: string;
  healthStatusUpdatedTime?: Date;
  latestRunTime?: Date;
  latestCompletedRunTime?: Date;
  nextRunTime?: Date;
}

const dt = (d: Date) => formatDateTime(d.getTime());

/** The `fields` of a PipelineDescription, in the order AWS returned them (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_DescribePipelines.html). */
export function pipelineDescriptionFields(p: PipelineFacts, run: PipelineRunSummary = {}): Field[] {
  const fields: Field[] = [{ key: "@pipelineState", stringValue: p.state }];
  if (p.description !== null) fields.push({ key: "description", stringValue: p.description });
  fields.push(
    { key: "name", stringValue: p.name },
    { key: "@creationTime", stringValue: dt(p.createdAt) },
    { key: "@id", stringValue: p.id },
    { key: "@sphere", stringValue: "PIPELINE" },
    { key: "@version", stringValue: String(p.activeVersion ?? p.latestVersion ?? 1) },
    { key: "@userId", stringValue: p.accountId },
    { key: "@accountId", stringValue: p.accountId },
    { key: "uniqueId", stringValue: p.uniqueId },
    { key: "pipelineCreator", stringValue: p.accountId },
  );
  const optional: [string, Date | string | undefined | null][] = [
    ["@firstActivationTime", p.firstActivatedAt],
    ["@lastActivationTime", p.lastActivatedAt],
    ["@lastDeactivatedTime", p.lastDeactivatedAt],
    ["@finishedTime", p.finishedAt],
    ["@healthStatus", run.healthStatus],
    ["@healthStatusFromInstanceId", run.healthStatusFromInstanceId],
    ["@healthStatusUpdatedTime", run.healthStatusUpdatedTime],
    ["@latestRunTime", run.latestRunTime],
    ["@latestCompletedRunTime", run.latestCompletedRunTime],
    ["@nextRunTime", run.nextRunTime],
  ];
  for (const [key, value] of optional) {
    if (value === undefined || value === null) continue;
    fields.push({ key, stringValue: value instanceof Date ? dt(value) : value });
  }
  return fields;
}
