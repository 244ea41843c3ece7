import type { ObjectRow } from "@/lib/store/objects";
import { extraFieldsOf, findDependentsOf, findRuntimeObjects, lockRuntimeObjects, updateRuntimeObject, withFields } from "@/lib/store/runtime-objects";
import type { Tx } from "@/lib/store/transaction";
import { advanceInstances, createAttempt, failInstance, finishInstance } from "./state-machine";
import type { SchedulerContext } from "./context";

// What happens when an attempt ends: finished (dependents may start), failed or timed out (retry
// after retryDelay while tries are left, else the instance fails and may cascade), a precondition
// not met (retry until preconditionTimeout), or cancelled.

export interface AttemptFailure {
  status: "FAILED" | "TIMEDOUT";
  errorId?: string;
  errorMessage?: string;
  errorStackTrace?: string;
  /** An operator's "mark failed": the instance fails now, whatever retries are left. */
  noRetry?: boolean;
}

async function load(tx: Tx, ctx: SchedulerContext, attemptId: string, instanceId: string): Promise<{ attempt?: ObjectRow; instance?: ObjectRow }> {
  const rows = await lockRuntimeObjects(tx, ctx.pipelineId, [instanceId, attemptId]);
  return { attempt: rows.find((r) => r.objectId === attemptId), instance: rows.find((r) => r.objectId === instanceId) };
}

async function releaseDependents(tx: Tx, ctx: SchedulerContext, instanceId: string, now: Date): Promise<void> {
  const dependents = await findDependentsOf(tx, ctx.pipelineId, [instanceId]);
  await advanceInstances(tx, ctx, dependents.map((e) => e.instanceId), now);
}

export async function completeAttempt(tx: Tx, ctx: SchedulerContext, attemptId: string, instanceId: string, now: Date): Promise<void> {
  const { attempt, instance } = await load(tx, ctx, attemptId, instanceId);
  if (attempt) await updateRuntimeObject(tx, ctx.pipelineId, attemptId, { status: "FINISHED", actualEndTime: now });
  if (!instance || instance.status === "FINISHED") return;
  await finishInstance(tx, ctx, instance, now);
  await releaseDependents(tx, ctx, instanceId, now);
}

/** Retries while `maximumRetries` allows (counted from the last rerun), else fails the instance. */
export async function failAttempt(tx: Tx, ctx: SchedulerContext, attemptId: string, instanceId: string, failure: AttemptFailure, now: Date): Promise<void> {
  const { attempt, instance } = await load(tx, ctx, attemptId, instanceId);
  if (attempt) {
    await updateRuntimeObject(tx, ctx.pipelineId, attemptId, {
      status: failure.status,
      actualEndTime: now,
      errorId: failure.errorId ?? null,
      errorMessage: failure.errorMessage ?? null,
      errorStackTrace: failure.errorStackTrace ?? null,
    });
  }
  if (!instance || instance.status === "FINISHED" || instance.status === "CANCELED") return;
  const settings = instance.componentId ? ctx.plan.settings.get(instance.componentId) : undefined;
  const n = instance.attemptNumber ?? 1;
  const triesUsed = n - instance.runStartAttempt + 1;
  if (!failure.noRetry && settings && ctx.pipelineState === "SCHEDULED" && triesUsed <= settings.maximumRetries) {
    await createAttempt(tx, ctx, instance, n + 1, new Date(now.getTime() + settings.retryDelayMs), now);
    return;
  }
  await failInstance(tx, ctx, instance, failure.status, now, { errorId: failure.errorId, errorMessage: failure.errorMessage });
  await releaseDependents(tx, ctx, instanceId, now);
}

/** SetTaskStatus FALSE: the precondition is not met yet; it is checked again after retryDelay until preconditionTimeout. */
export async function preconditionNotMet(tx: Tx, ctx: SchedulerContext, attemptId: string, instanceId: string, now: Date): Promise<void> {
  const { attempt, instance } = await load(tx, ctx, attemptId, instanceId);
  if (!instance) return;
  const settings = instance.componentId ? ctx.plan.settings.get(instance.componentId) : undefined;
  const timeout = settings?.preconditionTimeoutMs;
  if (timeout === undefined) {
    // Without a preconditionTimeout a precondition that is never met uses up its retries like a failure.
    return failAttempt(tx, ctx, attemptId, instanceId, { status: "FAILED", errorId: "Service_PreconditionNotMet", errorMessage: "Precondition was not met" }, now);
  }
  if (attempt) {
    await updateRuntimeObject(tx, ctx.pipelineId, attemptId, {
      status: "FAILED",
      actualEndTime: now,
      errorId: "Service_PreconditionNotMet",
      errorMessage: "Precondition was not met",
    });
  }
  const startedAt = (instance.actualStartTime ?? attempt?.actualStartTime ?? now).getTime();
  const retryAt = now.getTime() + (settings?.retryDelayMs ?? 0);
  if (ctx.pipelineState === "SCHEDULED" && retryAt < startedAt + timeout) {
    await createAttempt(tx, ctx, instance, (instance.attemptNumber ?? 1) + 1, new Date(retryAt), now);
    return;
  }
  await failInstance(tx, ctx, instance, "FAILED", now, {
    errorId: "Service_PreconditionTimeout",
    errorMessage: `Precondition was not met within preconditionTimeout (${Math.round(timeout / 1000)} s)`,
  });
  await releaseDependents(tx, ctx, instanceId, now);
}

/** The runner acknowledged a cancellation (or the work was cancelled before anyone ran it). */
export async function cancelAttempt(tx: Tx, ctx: SchedulerContext, attemptId: string, instanceId: string, now: Date, reason: string): Promise<void> {
  const { attempt, instance } = await load(tx, ctx, attemptId, instanceId);
  if (attempt && attempt.status !== "FINISHED") {
    // Why it stopped is AWS's `cancellationReason`, not an error: a cancel did not fail anything.
    await updateRuntimeObject(tx, ctx.pipelineId, attemptId, {
      status: "CANCELED",
      actualEndTime: now,
      extra: withFields(extraFieldsOf(attempt), [{ key: "cancellationReason", stringValue: reason }]),
    });
  }
  if (!instance || instance.status === "FINISHED" || instance.status === "CANCELED") return;
  await failInstance(tx, ctx, instance, "CANCELED", now);
  await releaseDependents(tx, ctx, instanceId, now);
}

/** First acknowledgement: attempt and instance are RUNNING. */
export async function markRunning(tx: Tx, ctx: SchedulerContext, attemptId: string, instanceId: string, now: Date): Promise<void> {
  const rows = await findRuntimeObjects(tx, ctx.pipelineId, [attemptId, instanceId]);
  for (const row of rows) {
    if (row.status === "WAITING_FOR_RUNNER") {
      await updateRuntimeObject(tx, ctx.pipelineId, row.objectId, { status: "RUNNING", actualStartTime: row.actualStartTime ?? now });
    }
  }
}
