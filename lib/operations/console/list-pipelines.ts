// The console's pipelines list: live pipelines, newest first, with search and state filters, each
// with its health, schedule, last/next run and instance counts by status.
import { z } from "zod";
import { getEffectiveValue } from "@/lib/definition/inheritance";
import { getRunSummaries } from "@/lib/operations/run-summary";
import {
  countInstancesByStatus,
  countLatestComponents,
  findLatestCompletedInstances,
  findRunTimes,
  findScheduleComponents,
  type ScheduleComponent,
} from "@/lib/store/console-pipelines";
import { findPipelines } from "@/lib/store/pipelines";
import { withReader, type Tx } from "@/lib/store/transaction";
import type { OperationContext } from "@/lib/operations/context";
import { ERROR_STATUSES, PIPELINE_STATES, TERMINAL_STATUSES, type HealthStatus } from "./statuses";
import { iso } from "./iso";

export const ListPipelinesForConsoleInput = z.object({
  search: z.string().trim().max(200).optional(),
  states: z.array(z.enum(PIPELINE_STATES)).optional(),
});
export type ListPipelinesForConsoleInput = z.infer<typeof ListPipelinesForConsoleInput>;

export interface PipelineSchedule {
  /** scheduleType declared on Default (lower case), if any. */
  type: string | null;
  /** Periods of the Schedule objects, in definition order (`1 hour`, `ONDEMAND_PERIOD`...). */
  periods: string[];
}

export interface PipelineHealth {
  status: HealthStatus | null;
  /** The instance whose outcome decided the health (the failed one when ERROR). */
  fromInstanceId: string | null;
}

export interface PipelineListItem {
  id: string;
  name: string;
  description: string | null;
  state: string;
  createdAt: string;
  objectCount: number;
  health: PipelineHealth;
  schedule: PipelineSchedule;
  lastRunAt: string | null;
  nextRunAt: string | null;
  /** Instances by @status; statuses with none are absent. */
  instanceCounts: Record<string, number>;
}

export interface PipelineListResult {
  pipelines: PipelineListItem[];
}

const COMPLETED_STATUSES = ["FINISHED", "MARK_FINISHED", ...ERROR_STATUSES];

export function summariseSchedule(components: ScheduleComponent[]): PipelineSchedule {
  const defaults = components.find((c) => c.objectId === "Default" && getEffectiveValue(c.fields, "type") !== "Schedule");
  const type = defaults ? (getEffectiveValue(defaults.fields, "scheduleType")?.toLowerCase() ?? null) : null;
  const periods = components
    .filter((c) => getEffectiveValue(c.fields, "type") === "Schedule")
    .map((c) => getEffectiveValue(c.fields, "period") ?? "?");
  return { type, periods };
}

/** Run facts of the given pipelines, keyed by pipeline id (shared with the pipeline overview). */
export async function loadRunFacts(tx: Tx, ids: string[]) {
  const [counts, times, completed, schedules, objectCounts, summaries] = await Promise.all([
    countInstancesByStatus(tx, ids),
    findRunTimes(tx, ids, [...TERMINAL_STATUSES]),
    findLatestCompletedInstances(tx, ids, COMPLETED_STATUSES),
    findScheduleComponents(tx, ids),
    countLatestComponents(tx, ids),
    getRunSummaries(tx, ids),
  ]);
  return (id: string) => {
    const instanceCounts: Record<string, number> = {};
    for (const c of counts) if (c.pipelineId === id) instanceCounts[c.status] = c.count;
    const time = times.find((t) => t.pipelineId === id);
    const summary = summaries.get(id);
    const mine = completed.filter((c) => c.pipelineId === id).sort((a, b) => b.endedAt.getTime() - a.endedAt.getTime());
    // A pipeline is in ERROR while any component's latest completed run failed, HEALTHY once one succeeded.
    const failed = mine.find((c) => ERROR_STATUSES.has(c.status));
    const derived: PipelineHealth = failed
      ? { status: "ERROR", fromInstanceId: failed.instanceId }
      : mine[0]
        ? { status: "HEALTHY", fromInstanceId: mine[0].instanceId }
        : { status: null, fromInstanceId: null };
    const reported = summary?.healthStatus;
    const healthStatus: HealthStatus | null = reported === "HEALTHY" || reported === "ERROR" ? reported : null;
    return {
      instanceCounts,
      objectCount: objectCounts.get(id) ?? 0,
      schedule: summariseSchedule(schedules.filter((s) => s.pipelineId === id)),
      health: healthStatus ? { status: healthStatus, fromInstanceId: summary?.healthStatusFromInstanceId ?? null } : derived,
      lastRunAt: iso(summary?.latestRunTime ?? time?.lastRunAt),
      nextRunAt: iso(summary?.nextRunTime ?? time?.nextRunAt),
    };
  };
}

export async function listPipelinesForConsole(input: ListPipelinesForConsoleInput, ctx: OperationContext): Promise<PipelineListResult> {
  return withReader(async (tx) => {
    const rows = await findPipelines(tx, ctx.accountId, { search: input.search || undefined, states: input.states });
    const facts = await loadRunFacts(
      tx,
      rows.map((r) => r.id),
    );
    return {
      pipelines: rows.map((p) => ({
        id: p.id,
        name: p.name,
        description: p.description,
        state: p.state,
        createdAt: p.createdAt.toISOString(),
        ...facts(p.id),
      })),
    };
  });
}
