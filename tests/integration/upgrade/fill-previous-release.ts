// Fills a server of the previous release with the pipelines and runs the upgrade test expects
// (tests/integration/upgrade.test.ts), and writes what it made to the JSON file given. Run against
// that release's server, then pg_dump its database: see README.md in this folder.
//   npx tsx tests/integration/upgrade/fill-previous-release.ts ENDPOINT OUT.json
import { writeFileSync } from "node:fs";
import {
  ActivatePipelineCommand,
  CreatePipelineCommand,
  DataPipelineClient,
  PollForTaskCommand,
  PutPipelineDefinitionCommand,
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
  type PipelineObject,
} from "@aws-sdk/client-data-pipeline";
import { UPGRADE_DEFINITIONS, type UpgradeFixture } from "./definitions";

const [endpoint, out] = process.argv.slice(2);
if (!endpoint || !out) throw new Error("usage: fill-previous-release.ts ENDPOINT OUT.json");
// That release did not check signatures; the SDK signs anyway, with any key.
const client = new DataPipelineClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "PHAKUPGRADEFIXTURE01", secretAccessKey: "x".repeat(40) },
  maxAttempts: 1,
});

async function create(
  role: string,
  objects: PipelineObject[],
  opts: { tags?: { key: string; value: string }[]; activate: boolean },
): Promise<string> {
  const { pipelineId } = await client.send(
    new CreatePipelineCommand({ name: `upgrade-${role}`, uniqueId: `upgrade-${role}`, tags: opts.tags }),
  );
  const put = await client.send(
    new PutPipelineDefinitionCommand({ pipelineId: pipelineId!, pipelineObjects: objects }),
  );
  if (put.errored) throw new Error(`${role}: ${JSON.stringify(put.validationErrors)}`);
  if (opts.activate) await client.send(new ActivatePipelineCommand({ pipelineId: pipelineId! }));
  return pipelineId!;
}

async function poll(workerGroup: string) {
  for (let i = 0; i < 40; i++) {
    const { taskObject } = await client.send(new PollForTaskCommand({ workerGroup, hostname: "upgrade-fixture" }));
    if (taskObject) return taskObject;
  }
  throw new Error(`no task for ${workerGroup}`);
}

const d = UPGRADE_DEFINITIONS;
const finished = await create("finished", d.finished, { tags: [{ key: "team", value: "data" }], activate: true });
const t1 = await poll("upg-finished");
await client.send(new ReportTaskProgressCommand({ taskId: t1.taskId! }));
await client.send(new SetTaskStatusCommand({ taskId: t1.taskId!, taskStatus: "FINISHED" }));

const failed = await create("failed", d.failed, { activate: true });
const t2 = await poll("upg-failed");
await client.send(new ReportTaskProgressCommand({ taskId: t2.taskId! }));
await client.send(
  new SetTaskStatusCommand({
    taskId: t2.taskId!,
    taskStatus: "FAILED",
    errorId: "ExitCode1",
    errorMessage: "exit code 1",
  }),
);

// Handed out and never acknowledged when the old release stopped: the new one gives it out again.
const handedOut = await create("handed-out", d.handedOut, { activate: true });
const t3 = await poll("upg-handed-out");

const waiting = await create("waiting", d.waiting, { activate: true });
const pending = await create("pending", d.pending, { activate: false });

const fixture: UpgradeFixture = {
  finished,
  failed,
  handedOut,
  handedOutTaskId: t3.taskId!,
  waiting,
  pending,
  madeAt: new Date().toISOString(),
};
writeFileSync(out, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(JSON.stringify(fixture));
