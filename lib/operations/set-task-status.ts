// SetTaskStatus: the runner's verdict on a task (FINISHED, FAILED, or FALSE for a precondition not met); it ends the lease.
import { metrics } from "@/lib/metrics/registry";
import { invalidRequest, pipelineDeleted, taskNotFound } from "@/lib/protocol/errors";
import { STORED_ERROR_MESSAGE_CHARS, type SetTaskStatusInput } from "@/lib/protocol/schemas";
import { loadSchedulerContext } from "@/lib/scheduler/scheduler-context";
import { cancelAttempt, completeAttempt, failAttempt, preconditionNotMet } from "@/lib/scheduler/state-machine";
import { Coalescer } from "@/lib/batching/coalesce";
import { getPool } from "@/lib/store/db";
import { findPipelineById } from "@/lib/store/pipelines";
import { deleteTask, finishLeafTasks, lockLeasedTask } from "@/lib/store/tasks";
import { onCommit, runInTransaction } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";

// FINISHED for an instance nothing waits on (no dependents, no onSuccess) is one statement, shared by
// concurrent calls (lib/batching/coalesce.ts). Anything with more to do (dependents to release,
// retries, cancels, preconditions) and every TaskNotFound takes the general scheduler path below.
// One coalescer per account: a batch only ever touches the calling account's tasks.
const leafFinishes = new Map<string, Coalescer>();
function leafFinishesOf(accountId: string): Coalescer {
  let c = leafFinishes.get(accountId);
  if (!c) {
    c = new Coalescer(async (taskIds) => finishLeafTasks(await getPool(), accountId, taskIds, new Date()));
    leafFinishes.set(accountId, c);
  }
  return c;
}

/** The attempt keeps the start of a long message (a field value's limit), marked as cut. */
function keepErrorMessage(message: string | undefined): string | undefined {
  if (message === undefined || message.length <= STORED_ERROR_MESSAGE_CHARS) return message;
  const marker = " … (truncated)";
  let cut = STORED_ERROR_MESSAGE_CHARS - marker.length;
  // Never split a surrogate pair: the half left would be unstorable.
  const c = message.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return message.slice(0, cut) + marker;
}

export async function setTaskStatus(
  input: SetTaskStatusInput,
  callCtx: OperationContext,
): Promise<Record<string, never>> {
  if (input.errorId?.startsWith("Service_"))
    throw invalidRequest("errorId must not start with 'Service_', which is reserved for the service");
  if (input.taskStatus === "FINISHED" && (await leafFinishesOf(callCtx.accountId).submit(input.taskId))) {
    metrics().finishes.inc();
    return {};
  }
  await runInTransaction(async (tx) => {
    const task = await lockLeasedTask(tx, callCtx.accountId, input.taskId);
    if (!task)
      throw taskNotFound(
        `Task ${input.taskId.slice(0, 16)}... was not found: it is unknown, finished, or its lease expired`,
      );
    if (input.taskStatus === "FALSE" && !task.isPrecondition) {
      throw invalidRequest("taskStatus FALSE is for preconditions only; this task is an activity");
    }
    const pipeline = await findPipelineById(tx, task.pipelineId);
    await deleteTask(tx, task.pk);
    if (!pipeline || pipeline.deletedAt) throw pipelineDeleted(task.pipelineId);
    const ctx = await loadSchedulerContext(tx, pipeline);
    if (!ctx) return;
    const now = new Date();
    if (task.cancelRequested) {
      // The work was cancelled while it ran; the runner's verdict no longer matters.
      await cancelAttempt(tx, ctx, task.attemptId, task.instanceId, now, "Canceled by an operator or a deactivation");
      return;
    }
    if (input.taskStatus === "FINISHED") onCommit(tx, () => metrics().finishes.inc());
    if (input.taskStatus === "FAILED") onCommit(tx, () => metrics().failures.inc());
    switch (input.taskStatus) {
      case "FINISHED":
        return completeAttempt(tx, ctx, task.attemptId, task.instanceId, now);
      case "FAILED":
        return failAttempt(
          tx,
          ctx,
          task.attemptId,
          task.instanceId,
          {
            status: "FAILED",
            errorId: input.errorId,
            errorMessage: keepErrorMessage(input.errorMessage),
            errorStackTrace: input.errorStackTrace,
          },
          now,
        );
      case "FALSE":
        return preconditionNotMet(tx, ctx, task.attemptId, task.instanceId, now);
    }
  });
  return {};
}
