// Reads behind the console's Instances tab: one page of a pipeline's instances with their attempt counts.
import { Prisma } from "@/lib/generated/prisma/client";
import { ACTIVE_STATUSES, CYCLE_STATUSES, INSTANCE_STATUSES } from "@/lib/objects/statuses";
import type { Tx } from "./db";
import { liveInstances } from "./live-instances";

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

const offCycleOf = (statuses: readonly string[]) => statuses.filter((s) => s !== "PENDING" && !CYCLE_STATUSES.has(s));

/**
 * Instances whose status is one of `statuses` (PENDING: no status, which only rows written before
 * migration 20261203000000 can have), as a condition on `i`. The statuses outside the runner's
 * cycle are read through `off_cycle_status` (it equals the status for them), which the
 * (pipeline_id, sphere, off_cycle_status) index covers. The cycle's own statuses share its NULL with
 * every FINISHED instance (migration 20261202000000_hot_cycle_indexes: the cycle's updates stay HOT
 * only if no index reads `status`), so WAITING_FOR_RUNNER and RUNNING are found from the other
 * side, the live queue (liveInstances).
 *
 * Without FINISHED and PENDING (the default "attention" view, "not finished", a pick of
 * failures...) every instance that can match is one of those two small sets, neither of which grows
 * with finished history: the condition names their pks, as an array the page is read from by pk
 * (the pk > cursor of the next page applied to it already). Walking the pipeline's instances in pk
 * order instead reads past all its finished ones to fill a page. FINISHED and PENDING are most of
 * a history, so a walk in pk order finds a page of them soon; only they read the NULL entries.
 */
function statusCondition(pipelineId: string, statuses: readonly string[], afterPk: bigint | null): Prisma.Sql {
  const offCycle = offCycleOf(statuses);
  const live = statuses.filter((s) => ACTIVE_STATUSES.has(s));
  const walk = statuses.includes("FINISHED") || statuses.includes("PENDING");
  const parts: Prisma.Sql[] = [];
  if (offCycle.length) parts.push(Prisma.sql`i.off_cycle_status IN (${Prisma.join(offCycle)})`);
  if (live.length)
    parts.push(Prisma.sql`(${walk ? Prisma.sql`i.pk = ANY(ARRAY(SELECT l.pk FROM (${liveInstances([pipelineId])}) l)) AND ` : Prisma.empty}
      i.off_cycle_status IS NULL AND i.status IN (${Prisma.join(live)}))`);
  if (statuses.includes("FINISHED")) parts.push(Prisma.sql`(i.off_cycle_status IS NULL AND i.status = 'FINISHED')`);
  if (statuses.includes("PENDING")) parts.push(Prisma.sql`(i.off_cycle_status IS NULL AND i.status IS NULL)`);
  if (!parts.length) return Prisma.sql`false`;
  const condition = Prisma.sql`(${Prisma.join(parts, " OR ")})`;
  if (walk) return condition;
  const after = afterPk !== null ? Prisma.sql`AND o.pk > ${afterPk}` : Prisma.empty;
  const sets: Prisma.Sql[] = [];
  if (offCycle.length)
    sets.push(Prisma.sql`SELECT o.pk FROM pipeline_objects o
      WHERE o.pipeline_id = ${pipelineId} AND o.sphere = 'INSTANCE' AND o.off_cycle_status IN (${Prisma.join(offCycle)}) ${after}`);
  // The status of a live one is checked again on the row (the condition above): its queue row
  // says only that it was handed out, not whether it is RUNNING or still WAITING_FOR_RUNNER.
  if (live.length) sets.push(Prisma.sql`SELECT l.pk FROM (${liveInstances([pipelineId])}) l`);
  return Prisma.sql`i.pk = ANY(ARRAY(${Prisma.join(sets, " UNION ALL ")})) AND ${condition}`;
}

/** Instances matching the filter, oldest scheduled first (then creation order), `limit + 1` rows to tell whether more follow. */
export async function findInstancesPage(tx: Tx, f: InstanceFilter): Promise<InstanceRow[]> {
  const conditions: Prisma.Sql[] = [Prisma.sql`i.pipeline_id = ${f.pipelineId}`, Prisma.sql`i.sphere = 'INSTANCE'`];
  // The statuses asked for: the filter's, or (excludeStatuses) the ones that remain, written out
  // (the CHECK constraints allow only INSTANCE_STATUSES) so that each is an index lookup instead of
  // a NOT IN over every instance the pipeline ever had. PENDING (no status) is not among them:
  // since migration 20261203000000 every instance written has a status, and looking for none
  // would read every FINISHED instance of the pipeline.
  const excluded = f.excludeStatuses?.length ? new Set(f.excludeStatuses) : null;
  const statuses =
    f.statuses && excluded
      ? f.statuses.filter((s) => !excluded.has(s))
      : (f.statuses ?? (excluded ? INSTANCE_STATUSES.filter((s) => !excluded.has(s)) : null));
  if (statuses) conditions.push(statusCondition(f.pipelineId, statuses, f.afterPk));
  if (f.componentId) conditions.push(Prisma.sql`i.component_id = ${f.componentId}`);
  if (f.afterPk !== null) conditions.push(Prisma.sql`i.pk > ${f.afterPk}`);
  if (!statuses && !f.componentId)
    // Every instance (the "all" view): the page's pks from an index-only walk of
    // (pipeline_id, pk) WHERE sphere = 'INSTANCE' (migration 20261204100000_instance_keyset_idx),
    // which stops after a page. Left to itself the planner walks the primary key instead (the heap
    // is in pk order) and reads every other pipeline's rows in between to find this one's.
    conditions.push(Prisma.sql`i.pk IN (SELECT o.pk FROM pipeline_objects o
      WHERE o.pipeline_id = ${f.pipelineId} AND o.sphere = 'INSTANCE'
        ${f.afterPk !== null ? Prisma.sql`AND o.pk > ${f.afterPk}` : Prisma.empty}
      ORDER BY o.pk LIMIT ${f.limit + 1})`);
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
           -- The pipeline's cancel requests read once (tasks has no index by instance, so a lookup
           -- per row read every queue row of the pipeline for each instance of the page).
           i.object_id = ANY(ARRAY(SELECT t.instance_id FROM tasks t WHERE t.pipeline_id = ${f.pipelineId} AND t.cancel_requested)) AS cancel_requested
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
