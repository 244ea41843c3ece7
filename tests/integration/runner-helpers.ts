import {
  ActivatePipelineCommand,
  CreatePipelineCommand,
  DescribeObjectsCommand,
  PollForTaskCommand,
  PutPipelineDefinitionCommand,
  QueryObjectsCommand,
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
  type DataPipelineClient,
  type PipelineObject,
  type SetTaskStatusCommandInput,
  type TaskObject,
} from "@aws-sdk/client-data-pipeline";
import { expect } from "vitest";
import { rootCredentials, uniqueName, type Credentials } from "./helpers";

/**
 * The environment a child process (the reference runner, the AWS CLI) needs to sign with these
 * credentials the way the AWS SDKs read them, and nothing from the user's own ~/.aws.
 */
export function runnerEnv(credentials: Credentials = rootCredentials): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_PAGER: "",
  };
}

export const field = (o: PipelineObject | undefined, key: string) => o?.fields?.find((f) => f.key === key);
export const str = (o: PipelineObject | undefined, key: string) => field(o, key)?.stringValue;
export const ref = (o: PipelineObject | undefined, key: string) => field(o, key)?.refValue;

/** Creates, puts and activates a pipeline; returns its id. Put errors fail the test with their messages. */
export async function startPipeline(
  client: DataPipelineClient,
  objects: PipelineObject[],
  extra: { parameterObjects?: never[] } = {},
): Promise<string> {
  const name = uniqueName("run");
  const { pipelineId } = await client.send(new CreatePipelineCommand({ name, uniqueId: name }));
  const put = await client.send(
    new PutPipelineDefinitionCommand({ pipelineId: pipelineId!, pipelineObjects: objects, ...extra }),
  );
  expect(put.validationErrors ?? []).toEqual([]);
  await client.send(new ActivatePipelineCommand({ pipelineId: pipelineId! }));
  return pipelineId!;
}

/** Polls until a task arrives (each poll long-polls on the server), up to `timeoutMs`. */
export async function pollTask(
  client: DataPipelineClient,
  workerGroup: string,
  timeoutMs = 20_000,
): Promise<TaskObject> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const out = await client.send(new PollForTaskCommand({ workerGroup, hostname: "test-host" }));
    if (out.taskObject) return out.taskObject;
  }
  throw new Error(`no task for worker group ${workerGroup} within ${timeoutMs} ms`);
}

/** How a task ended, as SetTaskStatus says it (FINISHED unless told). */
export type TaskEnd = Omit<SetTaskStatusCommandInput, "taskId">;

/**
 * What a runner does with a task it was handed: acknowledges it (ReportTaskProgress), then says how
 * it ended (SetTaskStatus). Returns the acknowledgement's `canceled`.
 */
export async function completeTask(
  client: DataPipelineClient,
  task: TaskObject,
  end: TaskEnd = { taskStatus: "FINISHED" },
): Promise<boolean> {
  const ack = await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }));
  await client.send(new SetTaskStatusCommand({ taskId: task.taskId!, ...end }));
  return ack.canceled ?? false;
}

/** One runner cycle: polls until a task arrives (pollTask), acknowledges it and sets its status; returns the task. */
export async function runCycle(
  client: DataPipelineClient,
  workerGroup: string,
  end: TaskEnd = { taskStatus: "FINISHED" },
): Promise<TaskObject> {
  const task = await pollTask(client, workerGroup);
  await completeTask(client, task, end);
  return task;
}

export async function describe1(
  client: DataPipelineClient,
  pipelineId: string,
  id: string,
): Promise<PipelineObject | undefined> {
  const out = await client.send(new DescribeObjectsCommand({ pipelineId, objectIds: [id] }));
  return out.pipelineObjects?.[0];
}

export async function statusOf(
  client: DataPipelineClient,
  pipelineId: string,
  id: string,
): Promise<string | undefined> {
  return str(await describe1(client, pipelineId, id), "@status");
}

/** Waits until the object's @status satisfies `want` (status changes are asynchronous only for background work). */
export async function waitForStatus(
  client: DataPipelineClient,
  pipelineId: string,
  id: string,
  want: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  while (Date.now() < deadline) {
    last = await statusOf(client, pipelineId, id);
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${id} stayed ${last}, expected ${want}`);
}

export async function instanceIds(client: DataPipelineClient, pipelineId: string, status?: string): Promise<string[]> {
  const out = await client.send(
    new QueryObjectsCommand({
      pipelineId,
      sphere: "INSTANCE",
      ...(status
        ? { query: { selectors: [{ fieldName: "@status", operator: { type: "EQ", values: [status] } }] } }
        : {}),
    }),
  );
  return out.ids ?? [];
}

/** A worker group name no other test uses. */
export const uniqueGroup = (prefix = "wg") => `${prefix}-${uniqueName()}`;
