// The client side of scripts/docker-smoke.sh: the AWS SDK, signing with the container's root key
// (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), against a server at ENDPOINT.
//   cycle ENDPOINT           creates and activates an on-demand pipeline, runs its task as a runner
//                            does (poll, progress, FINISHED) and prints the pipeline id once the run
//                            is FINISHED
//   verify ENDPOINT ID       the pipeline and its FINISHED run are there (after a restart)
import { randomBytes } from "node:crypto";
import {
  ActivatePipelineCommand,
  CreatePipelineCommand,
  DataPipelineClient,
  DescribeObjectsCommand,
  DescribePipelinesCommand,
  PollForTaskCommand,
  PutPipelineDefinitionCommand,
  QueryObjectsCommand,
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
} from "@aws-sdk/client-data-pipeline";

const [command, endpoint, pipelineIdArg] = process.argv.slice(2);
if (!endpoint || (command !== "cycle" && command !== "verify") || (command === "verify" && !pipelineIdArg)) {
  console.error("usage: docker-smoke-client.ts cycle ENDPOINT | verify ENDPOINT PIPELINE_ID");
  process.exit(2);
}
// PollForTask holds up to 90 s: the SDK's default socket timeouts are longer, retries are ours.
const client = new DataPipelineClient({ endpoint, region: "us-east-1", maxAttempts: 1 });

async function instanceStatuses(pipelineId: string): Promise<string[]> {
  const ids = (await client.send(new QueryObjectsCommand({ pipelineId, sphere: "INSTANCE" }))).ids ?? [];
  if (ids.length === 0) return [];
  const objects = (await client.send(new DescribeObjectsCommand({ pipelineId, objectIds: ids }))).pipelineObjects ?? [];
  return objects.map((o) => o.fields?.find((f) => f.key === "@status")?.stringValue ?? "?");
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function cycle(): Promise<void> {
  const workerGroup = `smoke-${randomBytes(4).toString("hex")}`;
  const { pipelineId } = await client.send(new CreatePipelineCommand({ name: "docker-smoke", uniqueId: workerGroup }));
  if (!pipelineId) throw new Error("CreatePipeline returned no pipelineId");
  const put = await client.send(
    new PutPipelineDefinitionCommand({
      pipelineId,
      pipelineObjects: [
        {
          id: "Default",
          name: "Default",
          fields: [
            { key: "scheduleType", stringValue: "ondemand" },
            { key: "workerGroup", stringValue: workerGroup },
          ],
        },
        {
          id: "Hello",
          name: "Hello",
          fields: [
            { key: "type", stringValue: "ShellCommandActivity" },
            { key: "command", stringValue: "echo hello" },
          ],
        },
      ],
    }),
  );
  if (put.errored) throw new Error(`definition refused: ${JSON.stringify(put.validationErrors)}`);
  await client.send(new ActivatePipelineCommand({ pipelineId }));
  // The task is ready once activation has planned the run; a poll that finds nothing holds, then returns empty.
  const task = await waitFor(
    "a task",
    async () => (await client.send(new PollForTaskCommand({ workerGroup, hostname: "docker-smoke" }))).taskObject,
  );
  if (task.pipelineId !== pipelineId || !task.taskId) throw new Error(`unexpected task ${JSON.stringify(task)}`);
  const progress = await client.send(new ReportTaskProgressCommand({ taskId: task.taskId }));
  if (progress.canceled) throw new Error("the task was canceled");
  await client.send(new SetTaskStatusCommand({ taskId: task.taskId, taskStatus: "FINISHED" }));
  await waitFor("the run to finish", async () =>
    (await instanceStatuses(pipelineId)).includes("FINISHED") ? true : undefined,
  );
  console.log(pipelineId);
}

async function verify(pipelineId: string): Promise<void> {
  const described = await client.send(new DescribePipelinesCommand({ pipelineIds: [pipelineId] }));
  if (described.pipelineDescriptionList?.[0]?.pipelineId !== pipelineId) throw new Error("the pipeline is gone");
  const statuses = await instanceStatuses(pipelineId);
  if (!statuses.includes("FINISHED"))
    throw new Error(`the finished run is gone (instances: ${statuses.join(", ") || "none"})`);
}

(command === "cycle" ? cycle() : verify(pipelineIdArg!)).catch((err: unknown) => {
  console.error(`docker-smoke-client ${command}:`, err instanceof Error ? err.message : err);
  process.exit(1);
});
