// Reads behind the console's Instances tab: one page of a pipeline's instances with their attempt counts.
import { Prisma } from "@/lib/generated/prisma/client";
import { ACTIVE_STATUSES, CYCLE_STATUSES, INSTANCE_STATUSES } from "@/lib/objects/statuses";
import type { Tx } from "./db";

export interface InstanceFilter {
  pipelineId: string;
  /** Only these statuses; null = any. */
  statuses: string[] | null;
  /** Leave out these statuses (the "not finished" view). */
  excludeStatuses: string[] | null;
  componentId: string | null;
  /** Keyset cursor: the `pk` of the last row of the previous page. */
  afterPk: bigint | null;
  limit: number;
}

export interface InstanceRow {
  pk: bigint;
  objectId: string;
  componentId: string | null;
  status: string | null;
  attemptNumber: number | null;
  scheduledStartTime: Date | null;
  scheduledEndTime: Date | null;
  actualStartTime: Date | null;
  actualEndTime: Date | null;
  errorId: string | null;
  errorMessage: string | null;
  attempts: number;
  /** The latest attempt that recorded an error, if any. */
  lastErrorAttemptId: string | null;
  lastAttemptErrorId: string | null;
  lastAttemptErrorMessage: string | null;
  cascadeFailedOn: string | null;
  cancelRequested: boolean;
}

/**
 * Instances whose status is one of `statuses` (PENDING: no status, which only rows written before
 * migration 20261203000000 can have). The statuses outside the runner's cycle are read through
 * `off_cycle_status` (it equals the status for them), which the (pipeline_id, sphere,
 * off_cycle_status) index covers. The cycle's own statuses share its NULL with every FINISHED
 * instance (migration 20261202000000_hot_cycle_indexes: the cycle's updates stay HOT only if no
 * index reads `status`), so WAITING_FOR_RUNNER and RUNNING are found from the other side: an
 * instance is in one of them only while an attempt of it has a row in `tasks`, the small table of
 * live work (see lib/store/instance-status-counts.ts). Only FINISHED and PENDING read the NULL
 * entries of the pipeline.
 */
function statusIn(pipelineId: string, statuses: readonly string[]): Prisma.Sql {
  const offCycle = statuses.filter((s) => s !== "PENDING" && !CYCLE_STATUSES.has(s));
  const live = statuses.filter((s) => ACTIVE_STATUSES.has(s));
  const parts: Prisma.Sql[] = [];
  if (offCycle.length) parts.push(Prisma.sql`i.off_cycle_status IN (${Prisma.join(offCycle)})`);
  if (live.length)
    // One index lookup per queue row (a scalar subquery, so the planner cannot trade it for a scan
    // of the pipeline's instances), then the instances by pk.
    parts.push(Prisma.sql`(i.pk = ANY(ARRAY(
      SELECT (SELECT o.pk FROM pipeline_objects o
               WHERE o.pipeline_id = t.pipeline_id AND o.object_id = t.instance_id AND o.sphere <> 'COMPONENT')
      FROM tasks t WHERE t.pipeline_id = ${pipelineId})) AND i.off_cycle_status IS NULL AND i.status IN (${Prisma.join(live)}))`);
  if (statuses.includes("FINISHED")) parts.push(Prisma.sql`(i.off_cycle_status IS NULL AND i.status = 'FINISHED')`);
  if (statuses.includes("PENDING")) parts.push(Prisma.sql`(i.off_cycle_status IS NULL AND i.status IS NULL)`);
  return parts.length ? Prisma.sql`(${Prisma.join(parts, " OR ")})` : Prisma.sql`false`;
}

/** Instances matching the filter, oldest scheduled first (then creation order), `limit + 1` rows to tell whether more follow. */
export async function findInstancesPage(tx: Tx, f: InstanceFilter): Promise<InstanceRow[]> {
  const conditions: Prisma.Sql[] = [Prisma.sql`i.pipeline_id = ${f.pipelineId}`, Prisma.sql`i.sphere = 'INSTANCE'`];
  if (f.statuses) conditions.push(statusIn(f.pipelineId, f.statuses));
  if (f.excludeStatuses?.length) {
    // Written as the statuses that remain (the CHECK constraints allow only INSTANCE_STATUSES), so
    // that each is an index lookup instead of a NOT IN over every instance the pipeline ever had.
    // PENDING (no status) is left out: since migration 20261203000000 every instance written has a
    // status, and looking for none would read every FINISHED instance of the pipeline.
    const excluded = new Set(f.excludeStatuses);
    conditions.push(
      statusIn(
        f.pipelineId,
        INSTANCE_STATUSES.filter((s) => !excluded.has(s)),
      ),
    );
  }
  if (f.componentId) conditions.push(Prisma.sql`i.component_id = ${f.componentId}`);
  if (f.afterPk !== null) conditions.push(Prisma.sql`i.pk > ${f.afterPk}`);
  const rows = await tx.$queryRaw<
    {
      pk: bigint;
      object_id: string;
      component_id: string | null;
      status: string | null;
      attempt_number: number | null;
      scheduled_start_time: Date | null;
      scheduled_end_time: Date | null;
      actual_start_time: Date | null;
      actual_end_time: Date | null;
      error_id: string | null;
      error_message: string | null;
      attempts: number;
      last_error_attempt_id: string | null;
      last_attempt_error_id: string | null;
      last_attempt_error_message: string | null;
      cascade_failed_on: string | null;
      cancel_requested: boolean;
    }[]
  >`
    SELECT i.pk, i.object_id, i.component_id, i.status, i.attempt_number, i.scheduled_start_time, i.scheduled_end_time,
           i.actual_start_time, i.actual_end_time, i.error_id, left(i.error_message, 500) AS error_message,
           (SELECT count(*)::int FROM pipeline_objects a
             WHERE a.pipeline_id = i.pipeline_id AND a.sphere = 'ATTEMPT' AND a.instance_id = i.object_id) AS attempts,
           e.object_id AS last_error_attempt_id, e.error_id AS last_attempt_error_id, left(e.error_message, 500) AS last_attempt_error_message,
           i.cascade_failed_on,
           EXISTS (SELECT 1 FROM tasks t WHERE t.pipeline_id = i.pipeline_id AND t.instance_id = i.object_id AND t.cancel_requested) AS cancel_requested
    FROM pipeline_objects i
    LEFT JOIN LATERAL (
      SELECT a.object_id, a.error_id, a.error_message FROM pipeline_objects a
      WHERE a.pipeline_id = i.pipeline_id AND a.sphere = 'ATTEMPT' AND a.instance_id = i.object_id
        AND (a.error_id IS NOT NULL OR a.error_message IS NOT NULL)
      ORDER BY a.attempt_number DESC NULLS LAST, a.pk DESC
      LIMIT 1) e ON true
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY i.pk
    LIMIT ${f.limit + 1}`;
  return rows.map((r) => ({
    pk: r.pk,
    objectId: r.object_id,
    componentId: r.component_id,
    status: r.status,
    attemptNumber: r.attempt_number,
    scheduledStartTime: r.scheduled_start_time,
    scheduledEndTime: r.scheduled_end_time,
    actualStartTime: r.actual_start_time,
    actualEndTime: r.actual_end_time,
    errorId: r.error_id,
    errorMessage: r.error_message,
    attempts: r.attempts,
    lastErrorAttemptId: r.last_error_attempt_id,
    lastAttemptErrorId: r.last_attempt_error_id,
    lastAttemptErrorMessage: r.last_attempt_error_message,
    cascadeFailedOn: r.cascade_failed_on,
    cancelRequested: r.cancel_requested,
  }));
}

/** Instances per component of one pipeline (for "N instances" links on component pages). */
export async function countInstancesByComponent(tx: Tx, pipelineId: string): Promise<Map<string, number>> {
  const rows = await tx.$queryRaw<{ component_id: string; n: number }[]>`
    SELECT component_id, count(*)::int AS n FROM pipeline_objects
    WHERE pipeline_id = ${pipelineId} AND sphere = 'INSTANCE' AND component_id IS NOT NULL
    GROUP BY component_id`;
  return new Map(rows.map((r) => [r.component_id, r.n]));
}
