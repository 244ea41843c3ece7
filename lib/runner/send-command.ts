import {
  PollForTaskCommand,
  ReportTaskProgressCommand,
  ReportTaskRunnerHeartbeatCommand,
  SetTaskStatusCommand,
  type PollForTaskCommandOutput,
  type ReportTaskProgressCommandOutput,
  type ReportTaskRunnerHeartbeatCommandOutput,
  type SetTaskStatusCommandOutput,
} from "@aws-sdk/client-data-pipeline";

export interface SendOptions {
  abortSignal?: AbortSignal;
}

export type RunnerCommand =
  PollForTaskCommand | ReportTaskProgressCommand | SetTaskStatusCommand | ReportTaskRunnerHeartbeatCommand;

export type RunnerCommandOutput =
  | PollForTaskCommandOutput
  | ReportTaskProgressCommandOutput
  | SetTaskStatusCommandOutput
  | ReportTaskRunnerHeartbeatCommandOutput;

/**
 * The slice of `DataPipelineClient.send` the runner uses. A real client's bound `send` satisfies it,
 * and tests pass an in-memory fake, so TaskRunner never needs a server to be exercised.
 */
export interface SendCommand {
  (command: PollForTaskCommand, options?: SendOptions): Promise<PollForTaskCommandOutput>;
  (command: ReportTaskProgressCommand, options?: SendOptions): Promise<ReportTaskProgressCommandOutput>;
  (command: SetTaskStatusCommand, options?: SendOptions): Promise<SetTaskStatusCommandOutput>;
  (command: ReportTaskRunnerHeartbeatCommand, options?: SendOptions): Promise<ReportTaskRunnerHeartbeatCommandOutput>;
}

function readErrorName(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("name" in error)) return undefined;
  return typeof error.name === "string" ? error.name : undefined;
}

/** The server answers this when our lease on a task is gone (expired, re-assigned, canceled, done). */
export function isTaskNotFoundError(error: unknown): boolean {
  return readErrorName(error) === "TaskNotFoundException";
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
