// A task runner driven step by step by a spec, through the AWS SDK's runner calls (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_PollForTask.html and the other runner calls):
// the spec decides when the work is picked up, acknowledged, finished or failed, and asserts what
// the service answers. Each spec uses worker groups of its own, so runners never take each
// other's work.
import {
  PollForTaskCommand,
  ReportTaskProgressCommand,
  ReportTaskRunnerHeartbeatCommand,
  SetTaskStatusCommand,
  type DataPipelineClient,
  type Field,
} from "@aws-sdk/client-data-pipeline";
import { dataPipeline } from "./data-pipeline";

export interface HandedOutTask {
  taskId: string;
  attemptId: string;
  pipelineId: string;
}

export class StepRunner {
  private readonly client: DataPipelineClient;

  constructor(
    baseURL: string,
    readonly workerGroup: string,
    readonly hostname: string,
  ) {
    this.client = dataPipeline(baseURL);
  }

  /** PollForTask; the work is expected to be ready (the service holds an empty poll up to 90 s, so this one gives up sooner). */
  async poll(timeoutMs = 30_000): Promise<HandedOutTask> {
    const out = await this.client.send(
      new PollForTaskCommand({ workerGroup: this.workerGroup, hostname: this.hostname }),
      {
        abortSignal: AbortSignal.timeout(timeoutMs),
      },
    );
    const task = out.taskObject;
    if (!task?.taskId || !task.attemptId || !task.pipelineId)
      throw new Error(`PollForTask on ${this.workerGroup} handed out nothing`);
    return { taskId: task.taskId, attemptId: task.attemptId, pipelineId: task.pipelineId };
  }

  /** ReportTaskProgress: the first one acknowledges the hand-out. Returns `canceled`. */
  async progress(taskId: string, fields?: Field[]): Promise<boolean> {
    const out = await this.client.send(new ReportTaskProgressCommand({ taskId, ...(fields ? { fields } : {}) }));
    return out.canceled ?? false;
  }

  async finish(taskId: string): Promise<void> {
    await this.client.send(new SetTaskStatusCommand({ taskId, taskStatus: "FINISHED" }));
  }

  async fail(
    taskId: string,
    error: { errorId: string; errorMessage: string; errorStackTrace?: string },
  ): Promise<void> {
    await this.client.send(new SetTaskStatusCommand({ taskId, taskStatus: "FAILED", ...error }));
  }

  /** ReportTaskRunnerHeartbeat; returns `terminate`. */
  async heartbeat(taskrunnerId: string): Promise<boolean> {
    const out = await this.client.send(
      new ReportTaskRunnerHeartbeatCommand({ taskrunnerId, workerGroup: this.workerGroup, hostname: this.hostname }),
    );
    return out.terminate ?? false;
  }
}
