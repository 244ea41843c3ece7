// The console's instance counts by status (pipeline list, Instances tab), read without visiting the
// pipelines' finished history.
import type { Tx } from "./db";

export interface InstanceStatusCount {
  pipelineId: string;
  status: string;
  count: number;
}

/**
 * Instances per pipeline and status, exact, from pieces that do not grow with finished runs:
 * - the statuses outside the runner cycle (FAILED, CANCELED, WAITING_ON_DEPENDENCIES...) from the
 *   (pipeline_id, sphere, off_cycle_status) index, whose NULL entries (the cycle's statuses) sort
 *   after them and are not read;
 * - WAITING_FOR_RUNNER and RUNNING from the instances that have a row in `tasks`: an instance is in
 *   one of them only while an attempt of it is queued or handed out, and the queue row goes in the
 *   same transaction as the instance leaves them (finish, failure, retry, cancel, expiry);
 * - FINISHED (also MARK_FINISHED, stored as FINISHED) as the pipeline's total, which the triggers of
 *   migration 20261203000000_pipeline_instance_totals keep on every insert and delete, less the rest.
 * Every instance has a status (a CHECK constraint of that migration), so none is left as PENDING.
 * One statement, so the pieces come from one snapshot.
 */
export async function countInstancesByStatus(tx: Tx, pipelineIds: string[]): Promise<InstanceStatusCount[]> {
  if (pipelineIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ pipeline_id: string; status: string; n: number }[]>`
    WITH off_cycle AS (
      SELECT o.pipeline_id, o.off_cycle_status AS status, count(*) AS n
      FROM pipeline_objects o
      WHERE o.pipeline_id = ANY(${pipelineIds}::text[]) AND o.sphere = 'INSTANCE' AND o.off_cycle_status IS NOT NULL
      GROUP BY 1, 2
    ), live AS (
      -- One index lookup per queue row (a scalar subquery: the planner cannot turn it into a scan of
      -- the pipelines' instances); an instance with two queue rows (a precondition check and its
      -- activity) counts once. sphere <> 'COMPONENT' is the predicate of the unique
      -- (pipeline_id, object_id) index that makes it a lookup; sphere = 'INSTANCE' is what is counted.
      SELECT t.pipeline_id, t.status, count(*) AS n
      FROM (SELECT DISTINCT t.pipeline_id, t.instance_id,
                   (SELECT o.status FROM pipeline_objects o
                     WHERE o.pipeline_id = t.pipeline_id AND o.object_id = t.instance_id AND o.sphere <> 'COMPONENT'
                       AND o.sphere = 'INSTANCE') AS status
            FROM tasks t WHERE t.pipeline_id = ANY(${pipelineIds}::text[])) t
      WHERE t.status IN ('WAITING_FOR_RUNNER', 'RUNNING')
      GROUP BY 1, 2
    ), finished AS (
      SELECT tot.pipeline_id, 'FINISHED' AS status,
             tot.instances
               - coalesce((SELECT sum(n) FROM off_cycle c WHERE c.pipeline_id = tot.pipeline_id), 0)
               - coalesce((SELECT sum(n) FROM live l WHERE l.pipeline_id = tot.pipeline_id), 0) AS n
      FROM pipeline_instance_totals tot
      WHERE tot.pipeline_id = ANY(${pipelineIds}::text[])
    )
    SELECT pipeline_id, status, n::int AS n FROM off_cycle
    UNION ALL SELECT pipeline_id, status, n::int FROM live
    UNION ALL SELECT pipeline_id, status, n::int FROM finished WHERE n > 0`;
  return rows.map((r) => ({ pipelineId: r.pipeline_id, status: r.status, count: r.n }));
}
