// The console's pipelines list: live pipelines, newest first, with search and state filters, each
// with its health, schedule, last/next run and instance counts by status.
import "server-only";
import { z } from "zod";
import { getEffectiveValue } from "@/lib/definition/inheritance";
import { getRunSummaries } from "@/lib/scheduler/run-summary";
import { applyParameterValues } from "@/lib/definition/apply-parameters";
import { resolveParameters } from "@/lib/objects/parameters";
import { countInstancesByStatus } from "@/lib/store/instance-status-counts";
import {
  countLatestComponents,
  findLatestParameters,
  findScheduleComponents,
  type ScheduleComponent,
} from "@/lib/store/console-pipelines";
import { findPipelines } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import type { Tx } from "@/lib/store/db";
import type { OperationContext } from "@/lib/operations/operation-context";
import { PIPELINE_STATES, type HealthStatus } from "@/lib/objects/statuses";
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

/** `parameters`: the definition's parameter values, so `#{mySchedulePeriod}` reads as the period it stands for. */
export function summariseSchedule(
  components: ScheduleComponent[],
  parameters: ReadonlyMap<string, readonly string[]> = new Map(),
): PipelineSchedule {
  const resolved = applyParameterValues(
    components.map((c) => ({ id: c.objectId, name: c.objectId, fields: c.fields })),
    parameters,
  );
  components = components.map((c, i) => ({ ...c, fields: resolved[i]?.fields ?? c.fields }));
  const defaults = components.find(
    (c) => c.objectId === "Default" && getEffectiveValue(c.fields, "type") !== "Schedule",
  );
  const type = defaults ? (getEffectiveValue(defaults.fields, "scheduleType")?.toLowerCase() ?? null) : null;
  const periods = components
    .filter((c) => getEffectiveValue(c.fields, "type") === "Schedule")
    .map((c) => getEffectiveValue(c.fields, "period") ?? "?");
  return { type, periods };
}

/**
 * Run facts of the given pipelines, keyed by pipeline id (shared with the pipeline overview). Health
 * and last/next run are DescribePipelines' own values (getRunSummaries), so the console and the API
 * never disagree.
 */
export async function loadRunFacts(tx: Tx, ids: string[]) {
  const [counts, schedules, objectCounts, summaries, parameters] = await Promise.all([
    countInstancesByStatus(tx, ids),
    findScheduleComponents(tx, ids),
    countLatestComponents(tx, ids),
    getRunSummaries(tx, ids),
    findLatestParameters(tx, ids),
  ]);
  return (id: string) => {
    const instanceCounts: Record<string, number> = {};
    for (const c of counts) if (c.pipelineId === id) instanceCounts[c.status] = c.count;
    const summary = summaries.get(id);
    const reported = summary?.healthStatus;
    const healthStatus: HealthStatus | null = reported === "HEALTHY" || reported === "ERROR" ? reported : null;
    return {
      instanceCounts,
      objectCount: objectCounts.get(id) ?? 0,
      schedule: summariseSchedule(
        schedules.filter((s) => s.pipelineId === id),
        resolveParameters(parameters.get(id)?.parameterObjects ?? [], parameters.get(id)?.parameterValues ?? []),
      ),
      health: {
        status: healthStatus,
        fromInstanceId: healthStatus ? (summary?.healthStatusFromInstanceId ?? null) : null,
      },
      lastRunAt: iso(summary?.latestRunTime),
      nextRunAt: iso(summary?.nextRunTime),
    };
  };
}

export async function listPipelinesForConsole(
  input: ListPipelinesForConsoleInput,
  ctx: OperationContext,
): Promise<PipelineListResult> {
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
