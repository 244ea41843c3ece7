// The Instances tab: a pipeline's instances from pipeline_objects, filtered by status (not finished
// by default) and component, with their attempt counts and the pipeline's counts by status.
import "server-only";
import { z } from "zod";
import type { OperationContext } from "@/lib/operations/operation-context";
import { countInstancesByStatus } from "@/lib/store/instance-status-counts";
import { findInstancesPage } from "@/lib/store/console-instances";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import { SETTLED_STATUSES, TERMINAL_STATUSES, isStatusFilter, parseStatusFilter } from "@/lib/objects/statuses";
import { iso } from "./iso";

export const ListInstancesInput = z.object({
  pipelineId: z.string().min(1).max(1024),
  /** `attention` (failed or not finished), `not-finished`, `all`, or statuses separated by commas. */
  status: z
    .string()
    .max(1000)
    .refine(isStatusFilter, "must be attention, not-finished, all, or instance statuses separated by commas")
    .default("attention"),
  component: z.string().min(1).max(1024).optional(),
  after: z
    .string()
    .regex(/^\d{1,19}$/, "must be a cursor from a previous page")
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListInstancesInput = z.infer<typeof ListInstancesInput>;

export interface InstanceView {
  id: string;
  componentId: string | null;
  status: string;
  scheduledStartTime: string | null;
  scheduledEndTime: string | null;
  actualStartTime: string | null;
  actualEndTime: string | null;
  attemptCount: number;
  /** The instance's own error, else the latest attempt's (a retry in progress keeps the last failure visible). */
  errorId: string | null;
  errorMessage: string | null;
  /** The attempt the error comes from, when it comes from one. */
  errorAttemptId: string | null;
  /** CASCADE_FAILED: the upstream instance whose failure stopped this one. */
  cascadeFailedOn: string | null;
  /** A cancel was requested and the runner holding the work has not heard it yet. */
  cancelRequested: boolean;
}

export interface InstancesPage {
  instances: InstanceView[];
  nextAfter: string | null;
  /** All instances of the pipeline by status, whatever the filter. */
  counts: Record<string, number>;
}

export async function listInstancesForConsole(
  input: ListInstancesInput,
  ctx: OperationContext,
): Promise<InstancesPage> {
  const filter = parseStatusFilter(input.status) ?? { kind: "attention" as const };
  const limit = input.limit;
  return withReader(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const [rows, counts] = await Promise.all([
      findInstancesPage(tx, {
        pipelineId: pipeline.id,
        statuses: filter.kind === "statuses" ? filter.statuses : null,
        excludeStatuses:
          filter.kind === "not-finished"
            ? [...TERMINAL_STATUSES]
            : filter.kind === "attention"
              ? [...SETTLED_STATUSES]
              : null,
        componentId: input.component ?? null,
        afterPk: input.after ? BigInt(input.after) : null,
        limit,
      }),
      countInstancesByStatus(tx, [pipeline.id]),
    ]);
    const page = rows.slice(0, limit);
    return {
      instances: page.map((r) => ({
        id: r.objectId,
        componentId: r.componentId,
        status: r.status ?? "PENDING",
        scheduledStartTime: iso(r.scheduledStartTime),
        scheduledEndTime: iso(r.scheduledEndTime),
        actualStartTime: iso(r.actualStartTime),
        actualEndTime: iso(r.actualEndTime),
        attemptCount: Math.max(r.attempts, r.attemptNumber ?? 0),
        cascadeFailedOn: r.cascadeFailedOn,
        cancelRequested: r.cancelRequested,
        ...(r.errorMessage || r.errorId
          ? { errorId: r.errorId, errorMessage: r.errorMessage, errorAttemptId: null }
          : {
              errorId: r.lastAttemptErrorId,
              errorMessage: r.lastAttemptErrorMessage,
              errorAttemptId: r.lastAttemptErrorId || r.lastAttemptErrorMessage ? r.lastErrorAttemptId : null,
            }),
      })),
      nextAfter: rows.length > limit ? (page.at(-1)?.pk.toString() ?? null) : null,
      counts: Object.fromEntries(counts.map((c) => [c.status, c.count])),
    };
  });
}
