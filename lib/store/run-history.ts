// Retention of finished runs (RUN_HISTORY_RETENTION_DAYS): the SQL that finds old runs and deletes
// every row that belongs to them, a small batch per transaction. A run is the set of instances of one
// pipeline that share a scheduled start (lib/store/console-runs.ts); its attempts, dependency edges
// and action deliveries go with it. Components are never touched.
import { TERMINAL_STATUSES } from "@/lib/objects/statuses";
import type { Tx } from "./db";

/** Where a pass over old runs has got to: runs are visited by (scheduled start, pipeline). */
export interface RunCursor {
  start: Date;
  pipelineId: string;
}

export interface RunKey {
  pipelineId: string;
  start: Date;
}

/**
 * Runs scheduled before `cutoff`, after `after`, oldest first. Reads the partial index
 * pipeline_objects_run_start_idx: the scheduled start never changes, so that index costs the
 * runner cycle's updates nothing (they stay HOT where they were).
 */
export async function findOldRuns(tx: Tx, cutoff: Date, after: RunCursor | null, limit: number): Promise<RunKey[]> {
  const afterStart = after?.start ?? new Date(0);
  const afterPipeline = after?.pipelineId ?? "";
  const rows = await tx.$queryRaw<{ pipeline_id: string; start: Date }[]>`
    SELECT DISTINCT scheduled_start_time AS start, pipeline_id FROM pipeline_objects
    WHERE sphere = 'INSTANCE' AND scheduled_start_time < ${cutoff}
      AND (scheduled_start_time, pipeline_id) > (${afterStart}::timestamptz, ${afterPipeline}::text)
    ORDER BY scheduled_start_time, pipeline_id
    LIMIT ${limit}`;
  return rows.map((r) => ({ pipelineId: r.pipeline_id, start: r.start }));
}

export interface RemovedHistory {
  runs: number;
  instances: number;
  attempts: number;
  dependencies: number;
  actionDeliveries: number;
}

export const nothingRemoved = (): RemovedHistory => ({
  runs: 0,
  instances: 0,
  attempts: 0,
  dependencies: 0,
  actionDeliveries: 0,
});

/**
 * Deletes those of `runs` that are finished: every instance in a terminal status and unchanged since
 * `cutoff`, no task row left (nothing running, waiting or being canceled), no action delivery still
 * pending, and, for each instance, a later instance of its component (the latest one is the
 * planner's cursor, lib/scheduler/runs.ts: without it a schedule would be planned again from its
 * start). The run's instances are locked first (SKIP LOCKED): a run an operator is rerunning right
 * now, or one another server is deleting, is left for a later pass.
 */
export async function deleteFinishedRuns(tx: Tx, runs: RunKey[], cutoff: Date): Promise<RemovedHistory> {
  const removed = nothingRemoved();
  if (runs.length === 0) return removed;
  const pipelineIds = runs.map((r) => r.pipelineId);
  const starts = runs.map((r) => r.start);
  const locked = await tx.$queryRaw<
    {
      pipeline_id: string;
      object_id: string;
      start: Date;
      status: string | null;
      updated_at: Date;
      run_size: number;
      has_newer: boolean;
      has_task: boolean;
      has_pending_action: boolean;
    }[]
  >`
    SELECT i.pipeline_id, i.object_id, i.scheduled_start_time AS start, i.status, i.updated_at,
           (SELECT count(*)::int FROM pipeline_objects r
             WHERE r.pipeline_id = i.pipeline_id AND r.sphere = 'INSTANCE' AND r.scheduled_start_time = i.scheduled_start_time) AS run_size,
           EXISTS (SELECT 1 FROM pipeline_objects n
             WHERE n.pipeline_id = i.pipeline_id AND n.sphere = 'INSTANCE' AND n.component_id = i.component_id
               AND n.scheduled_start_time > i.scheduled_start_time) AS has_newer,
           EXISTS (SELECT 1 FROM tasks t WHERE t.pipeline_id = i.pipeline_id AND t.instance_id = i.object_id) AS has_task,
           EXISTS (SELECT 1 FROM action_deliveries d
             WHERE d.pipeline_id = i.pipeline_id AND d.instance_id = i.object_id AND d.status = 'PENDING') AS has_pending_action
    FROM pipeline_objects i
    JOIN unnest(${pipelineIds}::text[], ${starts}::timestamptz[]) AS c(pipeline_id, start)
      ON i.pipeline_id = c.pipeline_id AND i.scheduled_start_time = c.start
    WHERE i.sphere = 'INSTANCE'
    FOR UPDATE OF i SKIP LOCKED`;

  const byRun = new Map<string, typeof locked>();
  for (const row of locked) {
    const key = `${row.pipeline_id}\u0000${row.start.toISOString()}`;
    const list = byRun.get(key);
    if (list) list.push(row);
    else byRun.set(key, [row]);
  }
  const doomedPipelines: string[] = [];
  const doomedInstances: string[] = [];
  for (const rows of byRun.values()) {
    const finished = rows.every(
      (r) =>
        r.run_size === rows.length &&
        TERMINAL_STATUSES.has(r.status ?? "") &&
        r.updated_at < cutoff &&
        r.has_newer &&
        !r.has_task &&
        !r.has_pending_action,
    );
    if (!finished) continue;
    removed.runs++;
    for (const r of rows) {
      doomedPipelines.push(r.pipeline_id);
      doomedInstances.push(r.object_id);
    }
  }
  if (doomedInstances.length === 0) return removed;

  const [counts] = await tx.$queryRaw<
    { instances: number; attempts: number; dependencies: number; action_deliveries: number }[]
  >`
    WITH doomed AS (
      SELECT * FROM unnest(${doomedPipelines}::text[], ${doomedInstances}::text[]) AS x(pipeline_id, object_id)
    ), attempts AS (
      DELETE FROM pipeline_objects o USING doomed
      WHERE o.pipeline_id = doomed.pipeline_id AND o.instance_id = doomed.object_id AND o.sphere = 'ATTEMPT'
      RETURNING 1
    ), edges_from AS (
      DELETE FROM instance_dependencies e USING doomed
      WHERE e.pipeline_id = doomed.pipeline_id AND e.instance_id = doomed.object_id
      RETURNING 1
    ), edges_to AS (
      -- Edges between two doomed instances are edges_from's: one statement must not delete a row twice.
      DELETE FROM instance_dependencies e USING doomed
      WHERE e.pipeline_id = doomed.pipeline_id AND e.depends_on_id = doomed.object_id
        AND NOT EXISTS (SELECT 1 FROM doomed f WHERE f.pipeline_id = e.pipeline_id AND f.object_id = e.instance_id)
      RETURNING 1
    ), deliveries AS (
      DELETE FROM action_deliveries d USING doomed
      WHERE d.pipeline_id = doomed.pipeline_id AND d.instance_id = doomed.object_id
      RETURNING 1
    ), instances AS (
      DELETE FROM pipeline_objects o USING doomed
      WHERE o.pipeline_id = doomed.pipeline_id AND o.object_id = doomed.object_id AND o.sphere = 'INSTANCE'
      RETURNING 1
    )
    SELECT (SELECT count(*)::int FROM instances) AS instances,
           (SELECT count(*)::int FROM attempts) AS attempts,
           (SELECT count(*)::int FROM edges_from) + (SELECT count(*)::int FROM edges_to) AS dependencies,
           (SELECT count(*)::int FROM deliveries) AS action_deliveries`;
  removed.instances = counts?.instances ?? 0;
  removed.attempts = counts?.attempts ?? 0;
  removed.dependencies = counts?.dependencies ?? 0;
  removed.actionDeliveries = counts?.action_deliveries ?? 0;
  return removed;
}

/** One retention pass at a time across every server on this database (transaction-scoped). */
export async function tryLockRunHistoryRetention(tx: Tx): Promise<boolean> {
  const [row] = await tx.$queryRaw<
    { locked: boolean }[]
  >`SELECT pg_try_advisory_xact_lock(hashtext('ph:run-history-retention')) AS locked`;
  return row?.locked === true;
}
