import net from "node:net";
import {
  ActivatePipelineCommand,
  CreatePipelineCommand,
  GetPipelineDefinitionCommand,
  PollForTaskCommand,
  PutPipelineDefinitionCommand,
} from "@aws-sdk/client-data-pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helloObjects } from "./fixtures";
import { insertKey, rawCall, rootCredentials, sdk, uniqueName, withDb, type Credentials } from "./helpers";
import { uniqueGroup } from "./runner-helpers";
import { startTestServer, type TestServer } from "./test-server";

// Issue #11: limits answered the way AWS answers them. One server of its own with small limits, so
// the caps can be reached with a handful of calls.

let server: TestServer;

// Always `npm start` (scripts/serve.ts): the header, body and keep-alive timeouts are settings of its
// own HTTP server; under `next start` or on Vercel the host's server has its own.
beforeAll(async () => {
  server = await startTestServer(
    {
      // Long enough that the first polls are still held while the later ones are opened on a loaded machine.
      LONG_POLL_SECONDS: "12",
      TICK_MS: "200",
      MAX_HELD_POLLS: "5",
      MAX_HELD_POLLS_PER_KEY: "3",
      DB_POOL_SIZE: "2",
      DB_POOL_WAIT_MS: "200",
      DEFINITION_VERSIONS_KEPT: "2",
      TASK_RUNNER_RETENTION_HOURS: "0.0005",
      HEADERS_TIMEOUT_SECONDS: "2",
      REQUEST_BODY_TIMEOUT_SECONDS: "3",
    },
    "serve",
  );
});

afterAll(async () => {
  await server?.stop();
});

const client = (credentials?: Credentials) =>
  sdk({ endpoint: server.endpoint, ...(credentials ? { credentials } : {}) });
const db = <T>(fn: Parameters<typeof withDb<T>>[0]) => withDb(fn, server.databaseUrl);

async function healthMs(): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${server.endpoint}/api/health`);
  expect(res.status).toBe(200);
  return performance.now() - t;
}

describe("held polls", () => {
  it("are capped per access key and per process with ThrottlingException, and health still answers", async () => {
    const group = uniqueGroup("held");
    const keyA = await insertKey("limits-a", "runner", server);
    const keyB = await insertKey("limits-b", "runner", server);
    const poll = (key: Credentials) => client(key).send(new PollForTaskCommand({ workerGroup: group }));
    const settle = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: Error) => e.name,
      );
    const a = [poll(keyA), poll(keyA), poll(keyA)].map(settle);
    await expect
      .poll(
        async () => ((await (await fetch(`${server.endpoint}/api/health`)).json()) as { heldPolls: number }).heldPolls,
        { timeout: 10_000 },
      )
      .toBe(3);
    expect(await settle(poll(keyA))).toBe("ThrottlingException");
    const b = [poll(keyB), poll(keyB)].map(settle);
    await expect
      .poll(
        async () => ((await (await fetch(`${server.endpoint}/api/health`)).json()) as { heldPolls: number }).heldPolls,
        { timeout: 10_000 },
      )
      .toBe(5);
    const raw = await rawCall("DataPipeline.PollForTask", JSON.stringify({ workerGroup: group }), {}, "/", {
      endpoint: server.endpoint,
    });
    expect(raw.status).toBe(400);
    expect(raw.json?.__type).toBe("ThrottlingException");
    expect(raw.json?.message).toMatch(/on this server \(limit 5\)/);
    expect(await healthMs()).toBeLessThan(1_000);
    // The held ones end normally (empty) at the long-poll deadline.
    expect(await Promise.all([...a, ...b])).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(await settle(poll(keyA).then(() => undefined))).toBe("ok");
  }, 60_000);
});

describe("a busy pool sheds load", () => {
  it("answers ThrottlingException instead of 500 when no connection frees up in time", async () => {
    const { pipelineId } = await client().send(
      new CreatePipelineCommand({ name: uniqueName("pool"), uniqueId: uniqueName("pool") }),
    );
    // About 1 MB: 100 objects with a 10,000-character value each.
    const big = Array.from({ length: 100 }, (_, i) => ({
      id: `O${i}`,
      name: `O${i}`,
      fields: [
        { key: "type", stringValue: "Schedule" },
        { key: "myBlob", stringValue: "x".repeat(10_000) },
      ],
    }));
    const body = JSON.stringify({ pipelineId, pipelineObjects: big });
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        rawCall("DataPipeline.PutPipelineDefinition", body, {}, "/", { endpoint: server.endpoint }),
      ),
    );
    const statuses = results.map((r) => (r.status === 200 ? "200" : `${r.status} ${String(r.json?.__type)}`));
    // Never a 5xx. Besides ThrottlingException, a body not received within REQUEST_BODY_TIMEOUT_SECONDS (3 s here) may get a 408.
    expect(
      results.filter((r) => r.status >= 500).map((r) => r.text.slice(0, 200)),
      statuses.join(", "),
    ).toEqual([]);
    expect(
      statuses.filter((s) => s !== "200" && s !== "400 ThrottlingException" && !s.startsWith("408")),
      statuses.join(", "),
    ).toEqual([]);
    console.log(
      `pool shedding: ${statuses.filter((s) => s === "200").length} stored, ${statuses.filter((s) => s !== "200").length} ThrottlingException`,
    );
    // Once the burst is over the server answers at once again.
    expect(await healthMs()).toBeLessThan(5_000);
  }, 60_000);
});

describe("retention", () => {
  it("keeps the latest, the active and DEFINITION_VERSIONS_KEPT more definition versions", async () => {
    const c = client();
    const { pipelineId } = await c.send(
      new CreatePipelineCommand({ name: uniqueName("keep"), uniqueId: uniqueName("keep") }),
    );
    await c.send(new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: helloObjects }));
    await c.send(new ActivatePipelineCommand({ pipelineId: pipelineId! })); // version 1 is active
    for (let i = 0; i < 6; i++)
      await c.send(new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: helloObjects }));
    const versions = await db(async (d) =>
      (
        await d.query<{ version: number }>(
          "SELECT version FROM pipeline_definitions WHERE pipeline_id = $1 ORDER BY version",
          [pipelineId],
        )
      ).rows.map((r) => r.version),
    );
    expect(versions).toEqual([1, 5, 6, 7]);
    const active = await c.send(new GetPipelineDefinitionCommand({ pipelineId, version: "active" }));
    expect(active.pipelineObjects).toHaveLength(helloObjects.length);
  });

  it("forgets task runners not seen for TASK_RUNNER_RETENTION_HOURS", async () => {
    const id = uniqueName("forged");
    const res = await rawCall(
      "DataPipeline.ReportTaskRunnerHeartbeat",
      JSON.stringify({ taskrunnerId: id, workerGroup: "g" }),
      {},
      "/",
      { endpoint: server.endpoint },
    );
    expect(res.status).toBe(200);
    const count = () =>
      db(async (d) =>
        Number(
          (await d.query<{ n: string }>("SELECT count(*)::text AS n FROM task_runners WHERE taskrunner_id = $1", [id]))
            .rows[0]?.n,
        ),
      );
    expect(await count()).toBe(1);
    // 0.0005 h = 1.8 s; the ticker looks every 0.9 s at most.
    await expect.poll(count, { timeout: 15_000, interval: 250 }).toBe(0);
  });
});

describe("server timeouts", () => {
  /** Opens a socket, sends `data`, and resolves with what the server said when it closed the connection. */
  function trickle(data: string): Promise<{ ms: number; reply: string }> {
    const url = new URL(server.endpoint);
    return new Promise((resolve, reject) => {
      const started = performance.now();
      let reply = "";
      const socket = net.connect(Number(url.port), url.hostname, () => socket.write(data));
      socket.setEncoding("utf8");
      socket.on("data", (d: string) => (reply += d));
      socket.on("close", () => resolve({ ms: performance.now() - started, reply }));
      socket.on("error", reject);
      setTimeout(() => socket.destroy(new Error("the server kept the connection open for 20 s")), 20_000).unref();
    });
  }

  it("cuts off a client that never finishes its headers", async () => {
    const { ms, reply } = await trickle("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DataPipeline.ListPipelines\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(ms).toBeLessThan(6_000);
  }, 30_000);

  it("cuts off a client that never finishes its body", async () => {
    // A well-formed, current signature header, so the server starts reading the body (the signature
    // itself is checked once the body is in, which it never is).
    const amzDate = new Date()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}/, "");
    const auth = `AWS4-HMAC-SHA256 Credential=${rootCredentials.accessKeyId}/${amzDate.slice(0, 8)}/us-east-1/datapipeline/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${"0".repeat(64)}`;
    const { ms, reply } = await trickle(
      `POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: DataPipeline.ListPipelines\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Date: ${amzDate}\r\nAuthorization: ${auth}\r\nContent-Length: 100\r\n\r\n{`,
    );
    expect(reply === "" || /^HTTP\/1\.1 (408|400)/.test(reply)).toBe(true);
    expect(ms).toBeLessThan(8_000);
  }, 30_000);
});
