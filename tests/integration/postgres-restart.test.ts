import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase, withDatabaseName } from "../../lib/store/database-admin";
import { startEmbeddedPostgres, type RunningPostgres } from "../../lib/store/embedded-postgres";
import { rawCall } from "./helpers";
import { uniqueGroup } from "./runner-helpers";
import { startTestServer, type TestServer } from "./test-server";
import { oneStepOnDemand } from "./fixtures";

// Postgres restarts while runners poll: meanwhile every call is answered, ThrottlingException (which
// the SDKs retry) rather than a 500 or a hang; the pool and the LISTEN connection come back by
// themselves, and a task added after the restart wakes a held poll at once. The server runs on a
// Postgres of this test's own, so that it can be stopped and started whichever target the suite uses.

const TOKEN = "metrics-token-for-restart-test-0123";
const LONG_POLL_SECONDS = 3;
let pg: RunningPostgres;
let pgDir: string;
let server: TestServer;

beforeAll(async () => {
  pgDir = path.resolve(".test-data", `pg-restart-${randomBytes(4).toString("hex")}`);
  mkdirSync(pgDir, { recursive: true });
  pg = await startEmbeddedPostgres(pgDir, { quiet: true });
  const databaseUrl = withDatabaseName(pg.url, "ph_restart");
  await ensureDatabase(databaseUrl);
  server = await startTestServer(
    { METRICS_TOKEN: TOKEN, LONG_POLL_SECONDS: String(LONG_POLL_SECONDS), DB_POOL_WAIT_MS: "2000" },
    undefined,
    { databaseUrl },
  );
});

afterAll(async () => {
  await server?.stop();
  await pg?.stop().catch(() => undefined);
  if (pgDir) rmSync(pgDir, { recursive: true, force: true });
});

const call = (target: string, body: object) =>
  rawCall(`DataPipeline.${target}`, JSON.stringify(body), {}, "/", { endpoint: server.endpoint });

async function metric(name: string): Promise<number> {
  const res = await fetch(`${server.endpoint}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const text = await res.text();
  const m = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
  return m ? Number(m[1]) : NaN;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a Postgres restart under load", () => {
  it("answers ThrottlingException meanwhile, reconnects by itself, and LISTEN wakes held polls again", async () => {
    expect(await metric("pipelinehouse_task_listener_connected")).toBe(1);
    const connectsBefore = await metric("pipelinehouse_task_listener_connects_total");

    // Runners polling throughout; every answer is recorded with how long it took.
    const answers: { status: number; type?: unknown; ms: number; error?: string }[] = [];
    let running = true;
    const idleGroup = uniqueGroup("restart-idle");
    const runners = Array.from({ length: 8 }, async () => {
      while (running) {
        const t = performance.now();
        try {
          const r = await call("PollForTask", { workerGroup: idleGroup, hostname: "restart-test" });
          answers.push({ status: r.status, type: r.json?.__type, ms: performance.now() - t });
          if (r.status !== 200) await new Promise((res) => setTimeout(res, 100)); // a runner backs off
        } catch (err) {
          answers.push({ status: 0, ms: performance.now() - t, error: (err as Error).message });
        }
      }
    });

    await new Promise((r) => setTimeout(r, 500));
    await pg.stop();
    // While Postgres is down: every call is answered, in the AWS shape, as something to retry.
    const during: { status: number; type: unknown }[] = [];
    for (const target of ["ListPipelines", "PollForTask", "CreatePipeline"]) {
      const body =
        target === "PollForTask"
          ? { workerGroup: uniqueGroup("down") }
          : target === "CreatePipeline"
            ? { name: "x", uniqueId: `down-${Date.now()}` }
            : {};
      const r = await call(target, body);
      during.push({ status: r.status, type: r.json?.__type });
    }
    for (const d of during) expect(d).toEqual({ status: 400, type: "ThrottlingException" });
    const live = await fetch(`${server.endpoint}/api/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${server.endpoint}/api/health/ready`);
    expect(ready.status).toBe(503);
    // Down until the polling runners have felt it too (their held polls end, and the next claim cannot run).
    await until(
      "the runners to be throttled",
      async () => answers.some((a) => a.type === "ThrottlingException"),
      30_000,
    );

    pg = await startEmbeddedPostgres(pgDir, { quiet: true, port: pg.port });
    // It reconnects by itself: calls succeed again, and the LISTEN connection is back.
    await until("calls to succeed again", async () => (await call("ListPipelines", {})).status === 200);
    await until(
      "the LISTEN connection to come back",
      async () =>
        (await metric("pipelinehouse_task_listener_connected")) === 1 &&
        (await metric("pipelinehouse_task_listener_connects_total")) > connectsBefore,
    );
    expect((await fetch(`${server.endpoint}/api/health/ready`)).status).toBe(200);

    // A task that becomes ready after the restart wakes a poll held since before it was added.
    const group = uniqueGroup("restart-wake");
    const { json: created } = await call("CreatePipeline", { name: group, uniqueId: group });
    const pipelineId = created!.pipelineId as string;
    const put = await call("PutPipelineDefinition", {
      pipelineId,
      pipelineObjects: oneStepOnDemand(group),
    });
    expect(put.status).toBe(200);
    const held = call("PollForTask", { workerGroup: group, hostname: "restart-test" }).then((r) => ({
      ...r,
      at: performance.now(),
    }));
    await new Promise((r) => setTimeout(r, 300));
    const activated = await call("ActivatePipeline", { pipelineId });
    const activatedAt = performance.now();
    expect(activated.status).toBe(200);
    const got = await held;
    expect(got.status).toBe(200);
    expect((got.json?.taskObject as { pipelineId?: string } | undefined)?.pipelineId).toBe(pipelineId);
    expect(got.at - activatedAt).toBeLessThan(1_000);

    running = false;
    await Promise.all(runners);
    // Every runner call was answered: a task, empty, or ThrottlingException; never a 500, a reset or a hang.
    expect(answers.filter((a) => a.status === 0)).toEqual([]);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.filter((a) => a.status !== 200 && a.type !== "ThrottlingException")).toEqual([]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan((LONG_POLL_SECONDS + 10) * 1000);
  }, 180_000);
});
