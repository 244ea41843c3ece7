import { loadSchedulerContext } from "@/lib/scheduler/scheduler-context";
import { cancelPipelineWork } from "@/lib/scheduler/operator-actions";
import { planDueRuns, startOnDemandRun } from "@/lib/scheduler/runs";
import { findPipelineById } from "@/lib/store/pipelines";
import { deleteTasks, lockTasksOfPipeline, requestCancel } from "@/lib/store/tasks";
import type { Tx } from "@/lib/store/db";

// Where the control plane hands over to the scheduler (lib/scheduler). Each hook runs inside the
// caller's transaction so that a pipeline's state and its runs change together.

export interface Activation {
  pipelineId: string;
  version: number;
  previousVersion: number | null;
  startTimestamp: Date | null;
  now: Date;
}

/** Activation starts one on-demand run, and plans the due runs of scheduled activities at once (backfill included). */
export async function onPipelineActivated(tx: Tx, activation: Activation): Promise<void> {
  const pipeline = await findPipelineById(tx, activation.pipelineId);
  const ctx = pipeline ? await loadSchedulerContext(tx, pipeline) : null;
  if (!ctx) return;
  await startOnDemandRun(tx, ctx, activation.now);
  await planDueRuns(tx, ctx, activation.now);
}

/** Returns the pipeline state after deactivation: INACTIVE, or DEACTIVATING while running work drains. */
export async function onPipelineDeactivated(
  tx: Tx,
  pipelineId: string,
  cancelActive: boolean,
): Promise<"INACTIVE" | "DEACTIVATING"> {
  const pipeline = await findPipelineById(tx, pipelineId);
  const ctx = pipeline ? await loadSchedulerContext(tx, pipeline) : null;
  if (!ctx) return "INACTIVE";
  const stillLeased = await cancelPipelineWork(tx, ctx, cancelActive, new Date());
  return !cancelActive && stillLeased > 0 ? "DEACTIVATING" : "INACTIVE";
}

/** Queued work of a deleted pipeline goes; runners holding its tasks hear `canceled` on their next report. */
export async function onPipelineDeleted(tx: Tx, pipelineId: string): Promise<void> {
  const tasks = await lockTasksOfPipeline(tx, pipelineId);
  await requestCancel(
    tx,
    tasks.filter((t) => t.state === "LEASED").map((t) => t.pk),
  );
  await deleteTasks(
    tx,
    tasks.filter((t) => t.state !== "LEASED").map((t) => t.pk),
  );
}
