// An operator asks a task runner to stop: its next ReportTaskRunnerHeartbeat answers `terminate: true`.
import "server-only";
import { invalidRequest } from "@/lib/protocol/errors";
import { writeAudit } from "@/lib/store/audit";
import { setRunnerTermination } from "@/lib/store/task-runners";
import { runInTransaction } from "@/lib/store/transaction";
import type { OperationContext } from "@/lib/operations/operation-context";

export async function requestRunnerTermination(
  input: { taskrunnerId: string; terminate?: boolean },
  ctx: OperationContext,
): Promise<{ taskrunnerId: string; terminate: boolean }> {
  const terminate = input.terminate ?? true;
  await runInTransaction(async (tx) => {
    if (!(await setRunnerTermination(tx, ctx.accountId, input.taskrunnerId, terminate)))
      throw invalidRequest(`No task runner ${input.taskrunnerId} has reported a heartbeat`);
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: terminate ? "TerminateRunner" : "KeepRunner",
      details: { taskrunnerId: input.taskrunnerId },
    });
  });
  return { taskrunnerId: input.taskrunnerId, terminate };
}
