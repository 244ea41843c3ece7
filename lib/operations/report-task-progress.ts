// ReportTaskProgress: acknowledges a hand-out or renews its lease, stores the reported fields, and says whether the work was cancelled.
import { getSettings } from "@/lib/config/settings";
import { metrics } from "@/lib/metrics/registry";
import { taskNotFound } from "@/lib/protocol/errors";
import type { ReportTaskProgressInput } from "@/lib/protocol/schemas";
import { loadSchedulerContext } from "@/lib/scheduler/scheduler-context";
import { cancelAttempt } from "@/lib/scheduler/state-machine";
import { Coalescer } from "@/lib/batching/coalesce";
import { getPool } from "@/lib/store/db";
import { findPipelineById } from "@/lib/store/pipelines";
import { markObjectsRunning, recordReportedFields, touchReportedProgress } from "@/lib/store/runtime-objects";
import { deleteTask, lockLeasedTask, renewLease, renewLeases } from "@/lib/store/tasks";
import { onCommit, runInTransaction } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";

// The common report (an acknowledgement or heartbeat without fields, on a lease nobody cancelled)
// is one statement, and concurrent ones share it (lib/batching/coalesce.ts). Reported fields, cancels
// and every kind of TaskNotFound take the general path below.
// One coalescer per account: a batch only ever touches the calling account's tasks.
const plainReports = new Map<string, Coalescer>();
function plainReportsOf(accountId: string): Coalescer {
  let c = plainReports.get(accountId);
  if (!c) {
    c = new Coalescer(async (taskIds) =>
      renewLeases(await getPool(), accountId, taskIds, getSettings().PROGRESS_TIMEOUT_SECONDS, new Date()),
    );
    plainReports.set(accountId, c);
  }
  return c;
}

export async function reportTaskProgress(
  input: ReportTaskProgressInput,
  callCtx: OperationContext,
): Promise<{ canceled: boolean }> {
  if (!input.fields?.length && (await plainReportsOf(callCtx.accountId).submit(input.taskId)))
    return { canceled: false };
  return runInTransaction(async (tx) => {
    const task = await lockLeasedTask(tx, callCtx.accountId, input.taskId);
    if (!task)
      throw taskNotFound(
        `Task ${input.taskId.slice(0, 16)}... was not found: it is unknown, finished, or its lease expired`,
      );
    const now = new Date();
    if (task.cancelRequested) {
      // The runner hears `canceled` once; its lease ends here and later calls get TaskNotFound.
      await deleteTask(tx, task.pk);
      const pipeline = await findPipelineById(tx, task.pipelineId);
      const ctx = pipeline ? await loadSchedulerContext(tx, pipeline) : null;
      if (ctx)
        await cancelAttempt(tx, ctx, task.attemptId, task.instanceId, now, "Canceled by an operator or a deactivation");
      return { canceled: true };
    }
    await renewLease(tx, task.pk, task.progressTimeoutSeconds ?? getSettings().PROGRESS_TIMEOUT_SECONDS);
    if (!task.ackedAt) {
      await markObjectsRunning(tx, task.pipelineId, [task.attemptId, task.instanceId], now);
      onCommit(tx, () => metrics().acks.inc());
    }
    if (input.fields?.length) await recordReportedFields(tx, task.pipelineId, task.attemptId, input.fields, now);
    else await touchReportedProgress(tx, task.pipelineId, task.attemptId, now);
    return { canceled: false };
  });
}
