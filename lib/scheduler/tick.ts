import { deliverActionsSoon } from "@/lib/actions/deliver-actions";
import { getSettings } from "@/lib/config/settings";
import { metrics } from "@/lib/metrics/registry";
import { getPool } from "@/lib/store/db";
import { findPipelineById, tryLockPipelineForTick, updatePipeline } from "@/lib/store/pipelines";
import { countNonTerminalInstances, findInstancesByStatus, findPipelinesToTick } from "@/lib/store/runtime-objects";
import {
  countLeasedTasks,
  deleteTask,
  hasStalledTasks,
  lockStalledTasks,
  requeueUnacknowledged,
} from "@/lib/store/tasks";
import { onCommit, runInTransaction, withReader } from "@/lib/store/transaction";
import { advanceInstances, cancelAttempt, failAttempt } from "./state-machine";
import { loadSchedulerContext, planHasScheduledActivities } from "./scheduler-context";
import { isOnDemand } from "./pipeline-plan";
import { pruneRunHistory, pruneSilentRunners } from "./retention";
import { planDueRuns } from "./runs";
import { childLogger } from "@/lib/log/logger";

// Background work, safe to run from any number of app instances at once: unacknowledged hand-outs
// go back to the queue (SKIP LOCKED), stalled and timed-out attempts fail and retry (SKIP LOCKED),
// and each pipeline's schedule is planned under a per-pipeline advisory lock.

export interface TickReport {
  requeued: number;
  stalled: number;
  pipelines: number;
  created: number;
}

const STALLED_BATCH = 100;

export async function expireStalledAttempts(now: Date): Promise<number> {
  // Almost every tick finds nothing: ask with one indexed query before opening a transaction.
  if (!(await hasStalledTasks(await getPool()))) return 0;
  return runInTransaction(async (tx) => {
    const stalled = await lockStalledTasks(tx, STALLED_BATCH);
    for (const t of stalled) {
      await deleteTask(tx, t.pk);
      const pipeline = await findPipelineById(tx, t.pipelineId);
      const ctx = pipeline ? await loadSchedulerContext(tx, pipeline) : null;
      if (!ctx) continue;
      if (t.reason === "canceled") {
        await cancelAttempt(tx, ctx, t.attemptId, t.instanceId, now, "Canceled; the task runner did not report back");
        continue;
      }
      onCommit(tx, () => (t.reason === "attempt" ? metrics().attemptTimeouts : metrics().progressTimeouts).inc());
      await failAttempt(
        tx,
        ctx,
        t.attemptId,
        t.instanceId,
        t.reason === "attempt"
          ? {
              status: "TIMEDOUT",
              errorId: "Service_AttemptTimeout",
              errorMessage: "The attempt did not finish within its attemptTimeout",
            }
          : {
              status: "FAILED",
              errorId: "Service_ProgressTimeout",
              errorMessage: "The task runner stopped reporting progress (reportProgressTimeout)",
            },
        now,
      );
    }
    return stalled.length;
  });
}

/** Plans one pipeline: due runs, the dependency safety net, FINISHED and INACTIVE transitions. */
export async function tickPipeline(pipelineId: string, now: Date): Promise<number> {
  return runInTransaction(async (tx) => {
    if (!(await tryLockPipelineForTick(tx, pipelineId))) return 0;
    const pipeline = await findPipelineById(tx, pipelineId);
    if (!pipeline || pipeline.deletedAt) return 0;
    if (pipeline.state === "DEACTIVATING") {
      if ((await countLeasedTasks(tx, pipelineId)) === 0) await updatePipeline(tx, pipelineId, { state: "INACTIVE" });
      return 0;
    }
    if (pipeline.state !== "SCHEDULED") return 0;
    const ctx = await loadSchedulerContext(tx, pipeline);
    if (!ctx) return 0;
    const { created, exhausted } = await planDueRuns(tx, ctx, now);
    // Event-driven transitions normally move instances; this catches anything a crash left behind.
    const waiting = await findInstancesByStatus(tx, pipelineId, ["WAITING_ON_DEPENDENCIES"]);
    await advanceInstances(
      tx,
      ctx,
      waiting.slice(0, 200).map((r) => r.objectId),
      now,
    );
    const onlyScheduled = ctx.plan.activityIds.some((id) => !isOnDemand(ctx.plan, ctx.plan.settings.get(id)!));
    if (onlyScheduled && exhausted && created.length === 0 && (await countNonTerminalInstances(tx, pipelineId)) === 0) {
      await updatePipeline(tx, pipelineId, { state: "FINISHED", finishedAt: now });
    }
    return created.length;
  });
}

/** One round of background work, timed for /metrics (pipelinehouse_tick_duration_seconds, _lag_seconds). */
export async function runTick(now = new Date()): Promise<TickReport> {
  const m = metrics();
  const end = m.tickDuration.startTimer();
  try {
    return await runTickRound(now);
  } catch (err) {
    m.tickFailures.inc();
    throw err;
  } finally {
    end();
    m.lastTickEndedAt = Date.now();
  }
}

async function runTickRound(now: Date): Promise<TickReport> {
  const requeued = await requeueUnacknowledged(await getPool());
  metrics().leaseExpiries.inc(requeued);
  const stalled = await expireStalledAttempts(now);
  // Actions are sent beside the tick, not inside it: a slow SNS or webhook target never holds it up.
  const actions = deliverActionsSoon();
  const pipelines = await withReader((tx) => findPipelinesToTick(tx));
  let created = 0;
  for (const p of pipelines) {
    // An on-demand-only pipeline plans nothing on a tick; only its waiting instances (the safety
    // net) could need a look. Skipping the rest keeps the ticker's cost flat in the number of
    // active on-demand pipelines. (An unknown plan is loaded by ticking once.)
    if (
      p.state === "SCHEDULED" &&
      !p.hasWaiting &&
      p.activeVersion !== null &&
      planHasScheduledActivities(p.id, p.activeVersion, p.activationCount) === false
    )
      continue;
    try {
      created += await tickPipeline(p.id, now);
    } catch (err) {
      childLogger({ component: "scheduler" }).error({ err, pipelineId: p.id }, "tick: planning a pipeline failed");
    }
  }
  await pruneSilentRunners(now).catch((err: unknown) =>
    childLogger({ component: "scheduler" }).error({ err }, "tick: forgetting silent runners failed"),
  );
  await pruneRunHistory(now).catch((err: unknown) =>
    childLogger({ component: "scheduler" }).error({ err }, "tick: deleting old run history failed"),
  );
  // A serverless host (POST /api/tick) may freeze after answering: wait for the round there too.
  if (getSettings().BACKGROUND_TICKER === "off") await actions;
  return { requeued, stalled, pipelines: pipelines.length, created };
}
