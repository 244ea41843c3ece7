// Upgrading a database that already has pipelines and runs: the previous release's schema and data
// (tests/integration/upgrade/: a pg_dump made by that release's server, see README.md there) are
// restored into a fresh database, the current server starts on it (applying the newer migrations),
// and everything the old release wrote must read the same and keep running.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  ActivatePipelineCommand,
  DescribePipelinesCommand,
  GetPipelineDefinitionCommand,
  ListPipelinesCommand,
  PollForTaskCommand,
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
  type DataPipelineClient,
  type PipelineObject,
} from "@aws-sdk/client-data-pipeline";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdk, withDb } from "./helpers";
import { instanceIds } from "./runner-helpers";
import { startTestServer, type TestServer } from "./test-server";
import { UPGRADE_DEFINITIONS, type UpgradeFixture } from "./upgrade/definitions";

const dir = path.resolve("tests/integration/upgrade");
const fixture = JSON.parse(readFileSync(path.join(dir, "previous-release.json"), "utf8")) as UpgradeFixture & {
  release: string;
};

/** Restores the plain-SQL dump (pg_dump --inserts) with node-postgres: no psql needed. */
async function restore(databaseUrl: string): Promise<void> {
  // psql meta-commands (pg_dump 17.6+ writes \restrict lines) are not SQL.
  const sql = readFileSync(path.join(dir, "previous-release.sql"), "utf8")
    .split("\n")
    .filter((l) => !l.startsWith("\\"))
    .join("\n");
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

let server: TestServer;
let client: DataPipelineClient;

beforeAll(async () => {
  server = await startTestServer(
    // Timings of tests (the abandoned hand-out is long past its acknowledgement deadline anyway).
    { LONG_POLL_SECONDS: "3", DEFAULT_RETRY_DELAY_SECONDS: "1", DURATION_SCALE: "0.01", TICK_MS: "200" },
    undefined,
    { prepare: restore },
  );
  client = sdk({ endpoint: server.endpoint });
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

const byId = (objects: PipelineObject[] | undefined) => [...(objects ?? [])].sort((a, b) => a.id!.localeCompare(b.id!));

async function runOne(workerGroup: string, pipelineId: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { taskObject } = await client.send(new PollForTaskCommand({ workerGroup }));
    if (taskObject) {
      expect(taskObject.pipelineId).toBe(pipelineId);
      await client.send(new ReportTaskProgressCommand({ taskId: taskObject.taskId! }));
      await client.send(new SetTaskStatusCommand({ taskId: taskObject.taskId!, taskStatus: "FINISHED" }));
      return taskObject.attemptId!;
    }
    if (Date.now() > deadline) throw new Error(`no task for ${workerGroup}`);
  }
}

async function waitForInstances(pipelineId: string, status: string, n: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const seen = (await instanceIds(client, pipelineId, status)).length;
    if (seen >= n) return;
    if (Date.now() > deadline) throw new Error(`${pipelineId}: ${seen} ${status} instances, expected ${n}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`upgrade from the previous release (${fixture.release})`, () => {
  it("applied only the newer migrations to the old schema", async () => {
    const names = await withDb(
      async (c) =>
        (
          await c.query<{ migration_name: string }>(
            `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
          )
        ).rows.map((r) => r.migration_name),
      server.databaseUrl,
    );
    const onDisk = readdirSync("prisma/migrations", { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(names).toEqual(onDisk);
    expect(names.filter((n) => n <= "20261124020000_waiting_instances_idx")).toHaveLength(5);
  });

  it("reads every pipeline, tag and definition the old release stored", async () => {
    const listed = (await client.send(new ListPipelinesCommand({}))).pipelineIdList?.map((p) => p.id) ?? [];
    const ids = {
      finished: fixture.finished,
      failed: fixture.failed,
      handedOut: fixture.handedOut,
      waiting: fixture.waiting,
      pending: fixture.pending,
    };
    expect(listed).toEqual(expect.arrayContaining(Object.values(ids)));
    const described = (await client.send(new DescribePipelinesCommand({ pipelineIds: [fixture.finished] })))
      .pipelineDescriptionList?.[0];
    expect(described?.name).toBe("upgrade-finished");
    expect(described?.tags).toEqual([{ key: "team", value: "data" }]);
    for (const [role, pipelineId] of Object.entries(ids)) {
      const def = await client.send(new GetPipelineDefinitionCommand({ pipelineId }));
      expect(byId(def.pipelineObjects), role).toEqual(
        byId(UPGRADE_DEFINITIONS[role as keyof typeof UPGRADE_DEFINITIONS]),
      );
    }
  });

  it("keeps the runs' statuses", async () => {
    expect(await instanceIds(client, fixture.finished, "FINISHED")).toHaveLength(1);
    expect(await instanceIds(client, fixture.failed, "FAILED")).toHaveLength(1);
    expect(await instanceIds(client, fixture.waiting, "WAITING_FOR_RUNNER")).toHaveLength(1);
    expect(await instanceIds(client, fixture.pending)).toHaveLength(0);
  });

  it("summarizes the runs the old release made (the run summary's backfill)", async () => {
    const healthOf = async (pipelineId: string) =>
      (
        await client.send(new DescribePipelinesCommand({ pipelineIds: [pipelineId] }))
      ).pipelineDescriptionList?.[0]?.fields?.find((f) => f.key === "@healthStatus")?.stringValue;
    expect(await healthOf(fixture.finished)).toBe("HEALTHY");
    expect(await healthOf(fixture.failed)).toBe("ERROR");
    const rows = await withDb(async (db) => {
      const { rows } = await db.query<{ pipeline_id: string; last_status: string }>(
        `SELECT pipeline_id, last_status FROM pipeline_run_summaries WHERE pipeline_id = ANY($1::text[])`,
        [[fixture.finished, fixture.failed, fixture.pending]],
      );
      return Object.fromEntries(rows.map((r) => [r.pipeline_id, r.last_status]));
    }, server.databaseUrl);
    expect(rows).toEqual({ [fixture.finished]: "FINISHED", [fixture.failed]: "FAILED" });
  });

  it("hands out the task the old release queued, and runs it to the end", async () => {
    await runOne("upg-waiting", fixture.waiting);
    await waitForInstances(fixture.waiting, "FINISHED", 1);
  });

  it("gives the abandoned hand-out again, refuses its old task id, and runs the rest of that pipeline", async () => {
    await runOne("upg-handed-out", fixture.handedOut); // Step1, requeued past its acknowledgement deadline
    await expect(
      client.send(new SetTaskStatusCommand({ taskId: fixture.handedOutTaskId, taskStatus: "FINISHED" })),
    ).rejects.toMatchObject({ name: "TaskNotFoundException" });
    await runOne("upg-handed-out", fixture.handedOut); // Step2, after Step1
    await waitForInstances(fixture.handedOut, "FINISHED", 2);
  });

  it("activates and runs a pipeline the old release only defined", async () => {
    await client.send(new ActivatePipelineCommand({ pipelineId: fixture.pending }));
    await runOne("upg-pending", fixture.pending);
    await waitForInstances(fixture.pending, "FINISHED", 1);
  });
});
