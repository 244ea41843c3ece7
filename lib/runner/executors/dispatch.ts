import type { TaskObject } from "@aws-sdk/client-data-pipeline";
import { sanitizeWireText, type TaskReport } from "../task-outcome";
import { runCopyActivity } from "./copy-activity";
import type { ExecutorContext, TaskExecutor } from "./executor";
import { runExists, runS3KeyExists, runS3PrefixNotEmpty } from "./s3-preconditions";
import { runSqlActivity } from "./sql-activity";
import { TaskError, TaskView } from "./task-view";

// Which task types the reference runner runs, by the attempt's `type`. Shell types keep their own
// path (lib/runner/plan-shell-task.ts); everything here is an executor; anything else fails the
// attempt at once with a clear errorId, so no task of an unsupported type waits for a timeout.

export const SHELL_TYPES = ["ShellCommandActivity", "ShellCommandPrecondition"] as const;

const EXECUTORS = new Map<string, TaskExecutor>([
  ["SqlActivity", runSqlActivity],
  ["CopyActivity", runCopyActivity],
  ["S3KeyExists", runS3KeyExists],
  ["S3PrefixNotEmpty", runS3PrefixNotEmpty],
  ["Exists", runExists],
]);

export const SUPPORTED_TYPES = [...SHELL_TYPES, ...EXECUTORS.keys()];

/** Types AWS runs on resources this runner does not manage (EMR clusters, EC2 launches, Hive, Pig...). */
const UNSUPPORTED_REASONS = new Map<string, string>([
  ["EmrActivity", "it needs an EMR cluster"],
  ["HiveActivity", "it needs an EMR cluster running Hive"],
  ["HiveCopyActivity", "it needs an EMR cluster running Hive"],
  ["PigActivity", "it needs an EMR cluster running Pig"],
  ["HadoopActivity", "it needs an EMR cluster"],
  ["RedshiftCopyActivity", "it needs Redshift's COPY from S3; use SqlActivity with a COPY statement"],
  ["DynamoDBDataExists", "DynamoDB is not supported"],
  ["DynamoDBTableExists", "DynamoDB is not supported"],
  ["Ec2Resource", "this runner does not launch EC2 instances; run it on your own hosts with a workerGroup"],
  ["EmrCluster", "this runner does not launch EMR clusters"],
]);

export type Dispatch =
  | { kind: "shell" }
  | { kind: "executor"; type: string; run: (context: ExecutorContext) => Promise<TaskReport> }
  | { kind: "rejected"; report: TaskReport };

function failed(errorId: string, message: string): TaskReport {
  return { taskStatus: "FAILED", errorId, errorMessage: sanitizeWireText(message) };
}

/** Turns whatever an executor threw into FAILED with its errorId and the driver's message. */
export function reportError(error: unknown, type: string, aborted: boolean): TaskReport {
  if (error instanceof TaskError) return failed(error.errorId, error.message);
  if (aborted) return failed("Canceled", `${type} was stopped`);
  const message = error instanceof Error ? error.message || error.name : String(error);
  return failed(`${type}Failed`, message);
}

export function dispatchTask(task: TaskObject): Dispatch {
  const view = TaskView.of(task);
  // Without an attempt object the shell planner reports the malformed task.
  if (!view) return { kind: "shell" };
  const type = view.type;
  if (type !== undefined && (SHELL_TYPES as readonly string[]).includes(type)) return { kind: "shell" };
  const executor = type === undefined ? undefined : EXECUTORS.get(type);
  if (executor) {
    return {
      kind: "executor",
      type: type!,
      run: async (context) => {
        try {
          return await executor(view, context);
        } catch (error) {
          return reportError(error, type!, context.signal.aborted);
        }
      },
    };
  }
  const reason = type === undefined ? undefined : UNSUPPORTED_REASONS.get(type);
  return {
    kind: "rejected",
    report: failed(
      "UnsupportedTaskType",
      `Task type ${type ?? "(missing)"} is not supported by this runner${reason ? `: ${reason}` : ""}. It runs ${SUPPORTED_TYPES.join(", ")}.`,
    ),
  };
}
