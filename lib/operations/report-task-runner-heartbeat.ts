// ReportTaskRunnerHeartbeat: records that a runner is alive and tells it whether to stop.
import type { ReportTaskRunnerHeartbeatInput } from "@/lib/protocol/schemas";
import { recordHeartbeat } from "@/lib/store/task-runners";
import { runInTransaction } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";

export async function reportTaskRunnerHeartbeat(
  input: ReportTaskRunnerHeartbeatInput,
  ctx: OperationContext,
): Promise<{ terminate: boolean }> {
  return runInTransaction((tx) => recordHeartbeat(tx, ctx.accountId, input));
}
