// The instances that are live work right now, found from the small `tasks` table rather than from
// the pipelines' instances: shared by the console's counts by status (instance-status-counts.ts)
// and its filtered Instances views (console-instances.ts).
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * A subquery of the instances that have a row in `tasks` (one row per instance: pipeline_id, pk,
 * status), for these pipelines. WAITING_FOR_RUNNER and RUNNING share off_cycle_status' NULL with
 * every FINISHED instance, so no index finds them by status (HOT, migration
 * 20261202000000_hot_cycle_indexes); but an instance is in one of them only while an attempt of it
 * is queued or handed out, and its queue row goes in the same transaction as it leaves them
 * (finish, failure, retry, cancel, expiry). So the live ones are found from the queue: one lookup
 * of the unique (pipeline_id, object_id) index per queue row. The LIMIT 1 keeps the lateral
 * subquery from being pulled up into a join, which the planner could turn into a scan of the
 * pipelines' instances; sphere <> 'COMPONENT' is that index's predicate, sphere = 'INSTANCE' what is
 * looked for. An instance with two queue rows (a precondition check and its activity) is one row.
 */
export function liveInstances(pipelineIds: string[]): Prisma.Sql {
  return Prisma.sql`SELECT DISTINCT t.pipeline_id, o.pk, o.status
    FROM tasks t CROSS JOIN LATERAL (
      SELECT o.pk, o.status FROM pipeline_objects o
      WHERE o.pipeline_id = t.pipeline_id AND o.object_id = t.instance_id AND o.sphere <> 'COMPONENT'
        AND o.sphere = 'INSTANCE'
      LIMIT 1) o
    WHERE t.pipeline_id = ANY(${pipelineIds}::text[])`;
}
