// Serverless mode (README "Vercel"): the run's shared server is `next start` with BACKGROUND_TICKER=off,
// ticked by a cron-like caller, with DATABASE_URL through PgBouncer in transaction mode and
// DIRECT_DATABASE_URL for LISTEN and migrations (tests/integration/global-setup.ts,
// TEST_SERVERLESS=pgbouncer). This file checks what is particular to that mode, including a second
// server that has no direct connection at all.
import {
  PollForTaskCommand,
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
  type PipelineObject,
} from "@aws-sdk/client-data-pipeline";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sdk, withDb } from "./helpers";
import { startCronCaller, startPgBouncer, type RunningPgBouncer } from "./pgbouncer";
import { instanceIds, startPipeline, uniqueGroup } from "./runner-helpers";
import { startTestServer, type TestServer } from "./test-server";
import { oneStepOnDemand } from "./fixtures";

const serverless = inject("serverless") === "pgbouncer";

const onDemand = (workerGroup: string): PipelineObject[] => oneStepOnDemand(workerGroup, "Work");

/** Backends of `databaseUrl`'s database whose last statement was a LISTEN (the task listener's connection). */
async function listeners(databaseUrl: string): Promise<number> {
  const db = new URL(databaseUrl).pathname.slice(1);
  return withDb(async (c) => {
    const r = await c.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND query ILIKE 'LISTEN %'`,
      [db],
    );
    return Number(r.rows[0]!.n);
  }, databaseUrl);
}

/** Waits until the pipeline's (one-activity) run is FINISHED. */
async function waitForFinishedRun(client: ReturnType<typeof sdk>, pipelineId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await instanceIds(client, pipelineId, "FINISHED")).length === 0) {
    if (Date.now() > deadline) throw new Error(`the run of ${pipelineId} did not finish`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A poll held before any task exists gets the task activated while it waits. */
async function heldPollPicksUpNewWork(endpoint: string): Promise<number> {
  const client = sdk({ endpoint });
  const group = uniqueGroup("held");
  const started = Date.now();
  const held = client.send(new PollForTaskCommand({ workerGroup: group }));
  // Let the poll reach its wait (no task exists yet), then make one ready.
  await new Promise((r) => setTimeout(r, 500));
  const pipelineId = await startPipeline(client, onDemand(group));
  const readyAt = Date.now();
  const { taskObject } = await held;
  expect(taskObject?.pipelineId).toBe(pipelineId);
  expect(Date.now() - started).toBeLessThan(20_000);
  await client.send(new ReportTaskProgressCommand({ taskId: taskObject!.taskId! }));
  await client.send(new SetTaskStatusCommand({ taskId: taskObject!.taskId!, taskStatus: "FINISHED" }));
  await waitForFinishedRun(client, pipelineId);
  return Date.now() - readyAt;
}

/** `pollers` runners drain `tasks` on-demand runs: every task handed out exactly once, every run FINISHED. */
async function drainExactlyOnce(endpoint: string, pollers: number, tasks: number): Promise<void> {
  const client = sdk({ endpoint });
  const group = uniqueGroup("drain");
  const pipelines = await Promise.all(Array.from({ length: tasks }, () => startPipeline(client, onDemand(group))));
  const handedOut: string[] = [];
  const deadline = Date.now() + 90_000;
  await Promise.all(
    Array.from({ length: pollers }, async () => {
      while (handedOut.length < tasks && Date.now() < deadline) {
        const { taskObject } = await client.send(new PollForTaskCommand({ workerGroup: group }));
        if (!taskObject) continue;
        handedOut.push(taskObject.pipelineId!);
        await client.send(new ReportTaskProgressCommand({ taskId: taskObject.taskId! }));
        await client.send(new SetTaskStatusCommand({ taskId: taskObject.taskId!, taskStatus: "FINISHED" }));
      }
    }),
  );
  expect(handedOut.length).toBe(tasks);
  expect(new Set(handedOut).size).toBe(tasks);
  expect([...new Set(handedOut)].sort()).toEqual([...pipelines].sort());
  for (const p of pipelines) await waitForFinishedRun(client, p);
}

describe.runIf(serverless)("serverless mode: cron ticks, PgBouncer in transaction mode, DIRECT_DATABASE_URL", () => {
  it("listens on the direct connection and wakes a held poll through it", async () => {
    expect(await listeners(inject("databaseUrl"))).toBeGreaterThanOrEqual(1);
    // NOTIFY wakes the poll as soon as the run's task is ready; the 250 ms re-check is the safety net.
    expect(await heldPollPicksUpNewWork(inject("endpoint"))).toBeLessThan(15_000);
  });

  it("hands each task out exactly once to concurrent runners through the pooler", async () => {
    await drainExactlyOnce(inject("endpoint"), 12, 40);
  });

  it("refuses a tick without the token and runs one with it", async () => {
    const url = `${inject("endpoint")}/api/tick`;
    const refused = await fetch(url, { method: "POST" });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ __type: "AccessDeniedException" });
    const ok = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${inject("tickToken")}` } });
    expect(ok.status).toBe(200);
    expect(Object.keys((await ok.json()) as object).sort()).toEqual(["created", "pipelines", "requeued", "stalled"]);
  });
});

describe.runIf(serverless)("serverless mode without any direct connection", () => {
  let bouncer: RunningPgBouncer;
  let server: TestServer;
  let cron: ReturnType<typeof startCronCaller>;
  const tickToken = "pooler-only-tick-token-0123456789";

  beforeAll(async () => {
    bouncer = await startPgBouncer(process.env.TEST_DATABASE_URL!);
    // A fresh database reached only through the pooler: migrations and bootstrap run through it too.
    server = await startTestServer(
      // A host that kills functions after 18 s whatever maxDuration says: polls hold 8 s, not 60.
      {
        LONG_POLL_SECONDS: "60",
        FUNCTION_TIME_LIMIT_SECONDS: "18",
        TICK_MS: "200",
        BACKGROUND_TICKER: "off",
        TICK_TOKEN: tickToken,
        DATABASE_POOL_MODE: "transaction",
      },
      "next-start",
      { envFor: (db) => ({ DATABASE_URL: bouncer.pooledUrl(db) }) },
    );
    cron = startCronCaller(server.endpoint, tickToken, 200);
  }, 180_000);

  afterAll(async () => {
    const failures = cron?.failures() ?? [];
    await cron?.stop();
    await server?.stop();
    await bouncer?.stop();
    expect(failures).toEqual([]);
  });

  it("migrated the fresh database through the pooler and holds no LISTEN connection", async () => {
    const applied = await withDb(
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`)).rows[0]
          .n as number,
      server.databaseUrl,
    );
    expect(applied).toBeGreaterThan(0);
    expect(await listeners(server.databaseUrl)).toBe(0);
  });

  it("ends a held poll empty before the host's function limit, not after LONG_POLL_SECONDS", async () => {
    const started = Date.now();
    const { taskObject } = await sdk({ endpoint: server.endpoint }).send(
      new PollForTaskCommand({ workerGroup: uniqueGroup("idle") }),
    );
    const held = Date.now() - started;
    expect(taskObject).toBeUndefined();
    expect(held).toBeGreaterThanOrEqual(7_500);
    expect(held).toBeLessThan(30_000);
  });

  it("wakes a held poll by the periodic re-check", async () => {
    expect(await heldPollPicksUpNewWork(server.endpoint)).toBeLessThan(15_000);
  });

  it("hands each task out exactly once to concurrent runners", async () => {
    await drainExactlyOnce(server.endpoint, 12, 40);
  });
});
