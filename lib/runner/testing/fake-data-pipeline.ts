import {
  PollForTaskCommand,
  ReportTaskProgressCommand,
  ReportTaskRunnerHeartbeatCommand,
  SetTaskStatusCommand,
  TaskNotFoundException,
  type Field,
  type PollForTaskCommandOutput,
  type PollForTaskInput,
  type ReportTaskProgressCommandOutput,
  type ReportTaskProgressInput,
  type ReportTaskRunnerHeartbeatCommandOutput,
  type ReportTaskRunnerHeartbeatInput,
  type SetTaskStatusCommandOutput,
  type SetTaskStatusInput,
  type TaskObject,
} from "@aws-sdk/client-data-pipeline";
import type { RunnerCommand, RunnerCommandOutput, SendCommand, SendOptions } from "../send-command";

interface CallInputs {
  PollForTask: PollForTaskInput;
  ReportTaskProgress: ReportTaskProgressInput;
  SetTaskStatus: SetTaskStatusInput;
  ReportTaskRunnerHeartbeat: ReportTaskRunnerHeartbeatInput;
}

export type Operation = keyof CallInputs;

/** What a scripted poll does: hand out a task, answer empty, or fail like a broken network. */
export type PollScript = { task: TaskObject } | { empty: true } | { error: Error };

type Answer<T> = T | Error;

const metadata = { $metadata: {} };

export function taskNotFound(): TaskNotFoundException {
  return new TaskNotFoundException({ message: "The specified task was not found.", $metadata: {} });
}

export function abortError(): Error {
  return Object.assign(new Error("Request aborted"), { name: "AbortError" });
}

let taskCounter = 0;

/** A task object shaped like the AWS example in https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_PollForTask.html: one attempt object with its fields. */
export function makeTask(fields: Field[], overrides: Partial<TaskObject> = {}): TaskObject & { taskId: string } {
  taskCounter += 1;
  const attemptId = overrides.attemptId ?? `@Job${taskCounter}_2024-01-01T00:00:00_Attempt=1`;
  return {
    taskId: `task-${taskCounter}`,
    pipelineId: "df-fake",
    attemptId,
    objects: { [attemptId]: { id: attemptId, name: attemptId, fields } },
    ...overrides,
  };
}

export function shellActivity(command: string, extra: Field[] = []): Field[] {
  return [{ key: "type", stringValue: "ShellCommandActivity" }, { key: "command", stringValue: command }, ...extra];
}

/**
 * An in-memory Data Pipeline for TaskRunner tests. Polls take scripted answers in order; once
 * the script runs out they block until a task is queued or the poll is aborted, like a long poll.
 * Progress, status and heartbeat answers come from overridable functions.
 */
export class FakeDataPipeline {
  /** Every call in order, as "Operation" or "Operation:taskId". */
  readonly calls: string[] = [];
  private readonly inputs: { [O in Operation]: Array<CallInputs[O]> } = {
    PollForTask: [],
    ReportTaskProgress: [],
    SetTaskStatus: [],
    ReportTaskRunnerHeartbeat: [],
  };
  private readonly polls: PollScript[] = [];
  private readonly waiters: Array<() => void> = [];

  progressAnswer: (input: ReportTaskProgressInput, callNumber: number) => Answer<{ canceled: boolean }> = () => ({
    canceled: false,
  });
  statusAnswer: (input: SetTaskStatusInput) => Answer<object> = () => ({});
  heartbeatAnswer: (input: ReportTaskRunnerHeartbeatInput, callNumber: number) => Answer<{ terminate: boolean }> =
    () => ({
      terminate: false,
    });

  readonly send: SendCommand = this.createSend();

  queue(...scripts: PollScript[]): void {
    this.polls.push(...scripts);
    for (const wake of this.waiters.splice(0)) wake();
  }

  queueTask(task: TaskObject): void {
    this.queue({ task });
  }

  callsOf<O extends Operation>(operation: O): Array<CallInputs[O]> {
    return this.inputs[operation];
  }

  private record<O extends Operation>(operation: O, input: CallInputs[O]): void {
    this.inputs[operation].push(input);
    this.calls.push("taskId" in input && input.taskId ? `${operation}:${input.taskId}` : operation);
  }

  statusOf(taskId: string): SetTaskStatusInput | undefined {
    return this.callsOf("SetTaskStatus").find((input) => input.taskId === taskId);
  }

  private createSend(): SendCommand {
    // Overloads mirror SendCommand, so the fake is a drop-in for DataPipelineClient.send.
    function send(command: PollForTaskCommand, options?: SendOptions): Promise<PollForTaskCommandOutput>;
    function send(command: ReportTaskProgressCommand, options?: SendOptions): Promise<ReportTaskProgressCommandOutput>;
    function send(command: SetTaskStatusCommand, options?: SendOptions): Promise<SetTaskStatusCommandOutput>;
    function send(
      command: ReportTaskRunnerHeartbeatCommand,
      options?: SendOptions,
    ): Promise<ReportTaskRunnerHeartbeatCommandOutput>;
    function send(this: void, command: RunnerCommand, options?: SendOptions): Promise<RunnerCommandOutput> {
      return handle(command, options);
    }
    const handle = (command: RunnerCommand, options?: SendOptions) => this.handle(command, options);
    return send;
  }

  private async handle(command: RunnerCommand, options?: SendOptions): Promise<RunnerCommandOutput> {
    // Answer on a later tick, as a real client would, so callers never see synchronous replies.
    await Promise.resolve();
    if (command instanceof PollForTaskCommand) {
      this.record("PollForTask", command.input);
      return this.poll(options?.abortSignal);
    }
    if (command instanceof ReportTaskProgressCommand) {
      this.record("ReportTaskProgress", command.input);
      const count = this.callsOf("ReportTaskProgress").filter((input) => input.taskId === command.input.taskId).length;
      return { ...metadata, ...unwrap(this.progressAnswer(command.input, count)) };
    }
    if (command instanceof SetTaskStatusCommand) {
      this.record("SetTaskStatus", command.input);
      return { ...metadata, ...unwrap(this.statusAnswer(command.input)) };
    }
    this.record("ReportTaskRunnerHeartbeat", command.input);
    const count = this.callsOf("ReportTaskRunnerHeartbeat").length;
    return { ...metadata, ...unwrap(this.heartbeatAnswer(command.input, count)) };
  }

  private async poll(signal: AbortSignal | undefined): Promise<PollForTaskCommandOutput> {
    for (;;) {
      if (signal?.aborted) throw abortError();
      const script = this.polls.shift();
      if (script) {
        if ("error" in script) throw script.error;
        return "task" in script ? { ...metadata, taskObject: script.task } : { ...metadata };
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        signal?.addEventListener("abort", () => resolve(), { once: true });
      });
    }
  }
}

function unwrap<T>(answer: Answer<T>): T {
  if (answer instanceof Error) throw answer;
  return answer;
}
