import type { S3Client } from "@aws-sdk/client-s3";
import type { LogEvent } from "../log-event";
import type { TaskReport } from "../task-outcome";
import type { TaskView } from "./task-view";

/** What an executor gets besides the task: the runner's environment (credentials, S3 endpoint), a stop signal, a logger. */
export interface ExecutorContext {
  env: NodeJS.ProcessEnv;
  /** Aborted when the server cancels the task or the runner shuts down: close connections, stop streams. */
  signal: AbortSignal;
  log: LogEvent;
  /** Created on first use, so SQL-only tasks never build an S3 client. */
  s3(): S3Client;
}

/**
 * Runs one task type to its SetTaskStatus outcome. A TaskError thrown from it becomes FAILED with
 * its errorId and message; anything else thrown becomes FAILED with the error's own message.
 */
export type TaskExecutor = (view: TaskView, context: ExecutorContext) => Promise<TaskReport>;

export const FINISHED: TaskReport = { taskStatus: "FINISHED" };
/** A precondition that was checked and is not met (not an error). */
export const NOT_MET: TaskReport = { taskStatus: "FALSE" };
