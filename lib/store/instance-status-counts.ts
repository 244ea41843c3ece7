// The console's instance counts by status (pipeline list, Instances tab), read without visiting the
// pipelines' finished history.
import type { Tx } from "./db";
import { liveInstances } from "./live-instances";

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
 * - WAITING_FOR_RUNNER and RUNNING from the instances that have a row in `tasks` (liveInstances);
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
      SELECT l.pipeline_id, l.status, count(*) AS n
      FROM (${liveInstances(pipelineIds)}) l
      WHERE l.status IN ('WAITING_FOR_RUNNER', 'RUNNING')
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
