// Reads behind the console's run selector and run grid. A run is the set of instances the scheduler
// created for one scheduled period (or one on-demand activation): they share a scheduled start.
import { ERROR_STATUSES } from "@/lib/objects/statuses";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "./db";

export interface RunRow {
  scheduledStartTime: Date;
  scheduledEndTime: Date | null;
  instances: number;
  counts: Record<string, number>;
  actualStartTime: Date | null;
  actualEndTime: Date | null;
}

/** Runs newest first, `limit + 1` of them (to tell whether older ones follow), before `before` when given. */
export async function findRuns(
  tx: Tx,
  pipelineId: string,
  opts: { before: Date | null; limit: number },
): Promise<RunRow[]> {
  const rows = await tx.$queryRaw<
    {
      start: Date;
      end: Date | null;
      n: number;
      counts: Record<string, number>;
      first: Date | null;
      last: Date | null;
    }[]
  >`
    SELECT s.start, s.end, s.n, s.first, s.last,
           (SELECT jsonb_object_agg(st, c) FROM (
              SELECT coalesce(status, 'PENDING') AS st, count(*)::int AS c FROM pipeline_objects
              WHERE pipeline_id = ${pipelineId} AND sphere = 'INSTANCE' AND scheduled_start_time = s.start GROUP BY 1) x) AS counts
    FROM (
      SELECT scheduled_start_time AS start, max(scheduled_end_time) AS end, count(*)::int AS n,
             min(actual_start_time) AS first, max(actual_end_time) AS last
      FROM pipeline_objects
      WHERE pipeline_id = ${pipelineId} AND sphere = 'INSTANCE' AND scheduled_start_time IS NOT NULL
        ${opts.before ? Prisma.sql`AND scheduled_start_time < ${opts.before}` : Prisma.empty}
      GROUP BY scheduled_start_time
      ORDER BY scheduled_start_time DESC
      LIMIT ${opts.limit + 1}
    ) s
    ORDER BY s.start DESC`;
  return rows.map((r) => ({
    scheduledStartTime: r.start,
    scheduledEndTime: r.end,
    instances: r.n,
    counts: r.counts ?? {},
    actualStartTime: r.first,
    actualEndTime: r.last,
  }));
}

export interface RunInstanceRow {
  objectId: string;
  componentId: string | null;
  status: string | null;
  scheduledStartTime: Date;
  actualStartTime: Date | null;
  actualEndTime: Date | null;
  attemptNumber: number | null;
  cascadeFailedOn: string | null;
  cancelRequested: boolean;
}

/** Every instance of the given runs (at most `cap`: a run of thousands of instances must not freeze the page). */
export async function findRunInstances(
  tx: Tx,
  pipelineId: string,
  starts: Date[],
  cap: number,
): Promise<RunInstanceRow[]> {
  if (starts.length === 0) return [];
  const rows = await tx.$queryRaw<
    {
      object_id: string;
      component_id: string | null;
      status: string | null;
      scheduled_start_time: Date;
      actual_start_time: Date | null;
      actual_end_time: Date | null;
      attempt_number: number | null;
      cascade_failed_on: string | null;
      cancel_requested: boolean;
    }[]
  >`
    SELECT i.object_id, i.component_id, i.status, i.scheduled_start_time, i.actual_start_time, i.actual_end_time, i.attempt_number, i.cascade_failed_on,
           EXISTS (SELECT 1 FROM tasks t WHERE t.pipeline_id = i.pipeline_id AND t.instance_id = i.object_id AND t.cancel_requested) AS cancel_requested
    FROM pipeline_objects i
    WHERE i.pipeline_id = ${pipelineId} AND i.sphere = 'INSTANCE' AND i.scheduled_start_time IN (${Prisma.join(starts)})
    ORDER BY i.pk
    LIMIT ${cap}`;
  return rows.map((r) => ({
    objectId: r.object_id,
    componentId: r.component_id,
    status: r.status,
    scheduledStartTime: r.scheduled_start_time,
    actualStartTime: r.actual_start_time,
    actualEndTime: r.actual_end_time,
    attemptNumber: r.attempt_number,
    cascadeFailedOn: r.cascade_failed_on,
    cancelRequested: r.cancel_requested,
  }));
}

export interface FailedInstanceRow {
  objectId: string;
  componentId: string | null;
  status: string;
  scheduledStartTime: Date | null;
  actualEndTime: Date | null;
  errorMessage: string | null;
}

/** The most recent failure: a FAILED or TIMEDOUT instance (the cause) before a CASCADE_FAILED one (the consequence). */
export async function findLatestFailure(tx: Tx, pipelineId: string): Promise<FailedInstanceRow | null> {
  const rows = await tx.$queryRaw<
    {
      object_id: string;
      component_id: string | null;
      status: string;
      scheduled_start_time: Date | null;
      actual_end_time: Date | null;
      error_message: string | null;
    }[]
  >`
    SELECT object_id, component_id, status, scheduled_start_time, actual_end_time, left(error_message, 300) AS error_message
    FROM pipeline_objects
    WHERE pipeline_id = ${pipelineId} AND sphere = 'INSTANCE' AND status = ANY(${[...ERROR_STATUSES]}::text[])
      -- The index reads off_cycle_status, which equals status for these (lib/objects/statuses.ts, CYCLE_STATUSES).
      AND off_cycle_status = ANY(${[...ERROR_STATUSES]}::text[])
    ORDER BY (status = 'CASCADE_FAILED'), actual_end_time DESC NULLS LAST, pk DESC
    LIMIT 1`;
  const r = rows[0];
  return r
    ? {
        objectId: r.object_id,
        componentId: r.component_id,
        status: r.status,
        scheduledStartTime: r.scheduled_start_time,
        actualEndTime: r.actual_end_time,
        errorMessage: r.error_message,
      }
    : null;
}
