// Reads behind a pipeline's run summary (DescribePipelines' @healthStatus, @latestRunTime,
// @nextRunTime... and the console's health and last/next run), for many pipelines at once.
import type { Pipeline } from "@/lib/generated/prisma/client";
import type { Tx } from "./db";

export interface HealthOutcomeRow {
  pipeline_id: string;
  latest_run: Date | null;
  latest_completed: Date | null;
  /** The outcome that decides health: FINISHED, FAILED or TIMEDOUT; null before any. */
  last_status: string | null;
  last_instance: string | null;
  last_end: Date | null;
}

/**
 * Per pipeline: the latest actual start and finish, and the most recent outcome an instance reached.
 * Outcomes are FINISHED (also MARK_FINISHED), FAILED and TIMEDOUT: a cancel is not a failure, and a
 * CASCADE_FAILED instance only echoes the failure that caused it, which counts itself. An instance
 * that was rerun and has no outcome of its own yet keeps the one its previous run ended with (the
 * last attempt before the rerun), so a rerun alone, or its failed try before a retry, never makes a
 * failed pipeline read HEALTHY.
 *
 * These are maxima over every instance a pipeline ever had, so they are not computed here: triggers
 * on pipeline_objects keep them in pipeline_run_summaries (migration 20261204000000_pipeline_run_summaries,
 * which says how they stay exact), and this reads one row per pipeline whatever its history. A
 * pipeline without a row has had no run and no outcome yet.
 */
export async function findRunSummaryRows(tx: Tx, pipelineIds: string[]): Promise<HealthOutcomeRow[]> {
  if (pipelineIds.length === 0) return [];
  return tx.$queryRaw<HealthOutcomeRow[]>`
    SELECT p.id AS pipeline_id, s.latest_run, s.latest_completed, s.last_status, s.last_instance, s.last_end
    FROM pipelines p
    LEFT JOIN pipeline_run_summaries s ON s.pipeline_id = p.id
    WHERE p.id = ANY(${pipelineIds}::text[])`;
}

/** The pipelines themselves (state, active version, activation times) for computing their next run. */
export async function findPipelinesForRunSummary(tx: Tx, pipelineIds: string[]): Promise<Pipeline[]> {
  if (pipelineIds.length === 0) return [];
  return tx.pipeline.findMany({ where: { id: { in: pipelineIds } } });
}

/** Per pipeline and component, the scheduled start of its latest instance (where its schedule has got to). */
export async function findLatestScheduledStarts(
  tx: Tx,
  pipelineIds: string[],
): Promise<Map<string, Map<string, Date>>> {
  const out = new Map<string, Map<string, Date>>();
  if (pipelineIds.length === 0) return out;
  // A skip scan of pipeline_objects_component_schedule_idx: each pipeline's components one index
  // step apart, then one backward step per component for its latest start. A GROUP BY read every
  // instance the pipelines ever had; this reads a few index pages per component, whatever the history.
  const rows = await tx.$queryRaw<{ pipeline_id: string; component_id: string; latest: Date | null }[]>`
    WITH RECURSIVE components AS (
      SELECT p.pipeline_id,
             (SELECT min(o.component_id) FROM pipeline_objects o
               WHERE o.pipeline_id = p.pipeline_id AND o.sphere = 'INSTANCE') AS component_id
      FROM unnest(${pipelineIds}::text[]) AS p(pipeline_id)
      UNION ALL
      SELECT c.pipeline_id,
             (SELECT min(o.component_id) FROM pipeline_objects o
               WHERE o.pipeline_id = c.pipeline_id AND o.sphere = 'INSTANCE' AND o.component_id > c.component_id)
      FROM components c WHERE c.component_id IS NOT NULL
    )
    SELECT c.pipeline_id, c.component_id,
           (SELECT o.scheduled_start_time FROM pipeline_objects o
             WHERE o.pipeline_id = c.pipeline_id AND o.sphere = 'INSTANCE' AND o.component_id = c.component_id
               AND o.scheduled_start_time IS NOT NULL
             ORDER BY o.scheduled_start_time DESC LIMIT 1) AS latest
    FROM components c WHERE c.component_id IS NOT NULL`;
  for (const r of rows) {
    if (!r.latest) continue;
    const byComponent = out.get(r.pipeline_id) ?? new Map<string, Date>();
    byComponent.set(r.component_id, r.latest);
    out.set(r.pipeline_id, byComponent);
  }
  return out;
}
