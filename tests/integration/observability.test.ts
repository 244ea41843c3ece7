import {
  ActivatePipelineCommand,
  CreatePipelineCommand,
  PollForTaskCommand,
  PutPipelineDefinitionCommand,
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
} from "@aws-sdk/client-data-pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sameOrigin } from "./console-helpers";
import { endpoint, rawCall, rootCredentials, sdk, uniqueName } from "./helpers";
import { uniqueGroup } from "./runner-helpers";
import { startTestServer, type TestServer } from "./test-server";
import { oneStepOnDemand } from "./fixtures";

// /metrics (values that move with a runner cycle, and who may read them) and the request log (one
// JSON line per API and console call, the request id in the header, the error body and the line).
// A server of its own, with METRICS_TOKEN; the shared server (no token) shows the loopback rule.

const TOKEN = "metrics-token-for-tests-0123456789";
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ METRICS_TOKEN: TOKEN, LONG_POLL_SECONDS: "2", LOG_LEVEL: "info" });
});

afterAll(async () => {
  await server?.stop();
});

async function scrape(base = server.endpoint, token: string | null = TOKEN): Promise<Response> {
  return fetch(`${base}/metrics`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
}

/** The value of one series, e.g. value(text, "pipelinehouse_task_handouts_total") or with labels. */
function value(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels);
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = new Map([...(m[3] ?? "").matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
    if (want.every(([k, v]) => have.get(k) === v)) return Number(m[4]);
  }
  return 0;
}

async function metricsText(): Promise<string> {
  const res = await scrape();
  expect(res.status).toBe(200);
  return res.text();
}

/** Waits until the server's output holds a log line matching `pred` (lines are written as calls end). */
async function logLine(pred: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const raw of server.output().split("\n")) {
      if (!raw.startsWith("{")) continue;
      try {
        const line = JSON.parse(raw) as Record<string, unknown>;
        if (pred(line)) return line;
      } catch {
        // a line still being written
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no such log line; output ends:\n${server.output().slice(-3000)}`);
}

describe("/metrics access", () => {
  it("with METRICS_TOKEN: 401 without a token, 403 with a wrong one, 200 with it, in Prometheus text format", async () => {
    const none = await scrape(server.endpoint, null);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(((await none.json()) as { __type: string }).__type).toBe("AccessDeniedException");
    expect((await scrape(server.endpoint, "not-the-token-at-all-000000000")).status).toBe(403);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await ok.text();
    expect(text).toContain("# TYPE pipelinehouse_api_requests_total counter");
    expect(text).toContain("# TYPE pipelinehouse_api_request_duration_seconds histogram");
    expect(text).toContain("pipelinehouse_db_pool_in_use");
    expect(text).toContain("pipelinehouse_tick_duration_seconds_count");
  });

  it("without METRICS_TOKEN: loopback callers of npm start only, judged by the socket; nobody under next start", async () => {
    const base = endpoint(); // the shared server: no METRICS_TOKEN
    const res = await fetch(`${base}/metrics`);
    const forged = await fetch(`${base}/metrics`, {
      headers: { "x-pipelinehouse-peer": "forged 127.0.0.1", "x-forwarded-for": "127.0.0.1" },
    });
    if (process.env.TEST_SERVER_ENTRY === "next-start") {
      // No socket address reaches a route under next start, and a header a client writes proves nothing.
      expect(res.status).toBe(403);
      expect(forged.status).toBe(403);
    } else {
      // This test connects from 127.0.0.1, so npm start sees a loopback socket (a forged header changes nothing).
      expect(res.status).toBe(200);
      expect(forged.status).toBe(200);
    }
  });
});

describe("/metrics values move with a runner cycle", () => {
  it("queue gauges, hand-outs, acks, finishes, request counts and latency", async () => {
    const client = sdk({ endpoint: server.endpoint });
    const group = uniqueGroup("metrics");
    const name = uniqueName("metrics");
    const { pipelineId } = await client.send(new CreatePipelineCommand({ name, uniqueId: name }));
    await client.send(
      new PutPipelineDefinitionCommand({
        pipelineId: pipelineId!,
        pipelineObjects: oneStepOnDemand(group),
      }),
    );
    const before = await metricsText();
    await client.send(new ActivatePipelineCommand({ pipelineId: pipelineId! }));

    // The task is ready (and has an age) before anyone polls.
    const labels = { account: "000000000000", worker_group: group };
    let queued = before;
    const deadline = Date.now() + 20_000;
    while (value(queued, "pipelinehouse_tasks", { ...labels, state: "ready" }) !== 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      queued = await metricsText();
    }
    expect(value(queued, "pipelinehouse_tasks", { ...labels, state: "ready" })).toBe(1);
    expect(value(queued, "pipelinehouse_oldest_ready_task_age_seconds", labels)).toBeGreaterThanOrEqual(0);
    expect(queued).toMatch(
      new RegExp(`pipelinehouse_oldest_ready_task_age_seconds\\{account="000000000000",worker_group="${group}"\\}`),
    );

    const { taskObject } = await client.send(new PollForTaskCommand({ workerGroup: group, hostname: "metrics-host" }));
    expect(taskObject?.taskId).toBeTruthy();
    const leased = await metricsText();
    expect(value(leased, "pipelinehouse_tasks", { ...labels, state: "ready" })).toBe(0);
    expect(value(leased, "pipelinehouse_tasks", { ...labels, state: "leased" })).toBe(1);
    expect(value(leased, "pipelinehouse_task_handouts_total")).toBe(
      value(before, "pipelinehouse_task_handouts_total") + 1,
    );

    await client.send(new ReportTaskProgressCommand({ taskId: taskObject!.taskId! }));
    const running = await metricsText();
    expect(value(running, "pipelinehouse_tasks", { ...labels, state: "running" })).toBe(1);
    expect(value(running, "pipelinehouse_task_acks_total")).toBe(value(before, "pipelinehouse_task_acks_total") + 1);

    await client.send(new SetTaskStatusCommand({ taskId: taskObject!.taskId!, taskStatus: "FINISHED" }));
    const after = await metricsText();
    expect(value(after, "pipelinehouse_task_finishes_total")).toBe(
      value(before, "pipelinehouse_task_finishes_total") + 1,
    );
    expect(value(after, "pipelinehouse_tasks", { ...labels, state: "running" })).toBe(0);
    for (const op of ["PollForTask", "ReportTaskProgress", "SetTaskStatus", "ActivatePipeline"]) {
      expect(value(after, "pipelinehouse_api_requests_total", { operation: op, outcome: "ok" })).toBe(
        value(before, "pipelinehouse_api_requests_total", { operation: op, outcome: "ok" }) + 1,
      );
      expect(value(after, "pipelinehouse_api_request_duration_seconds_count", { operation: op })).toBeGreaterThan(
        value(before, "pipelinehouse_api_request_duration_seconds_count", { operation: op }),
      );
    }
    // A refused call counts under its error type.
    const bad = await rawCall(
      "DataPipeline.SetTaskStatus",
      JSON.stringify({ taskId: "no-such-task", taskStatus: "FINISHED" }),
      {},
      "/",
      { endpoint: server.endpoint },
    );
    expect(bad.status).toBe(400);
    const refused = await metricsText();
    expect(
      value(refused, "pipelinehouse_api_requests_total", {
        operation: "SetTaskStatus",
        outcome: "TaskNotFoundException",
      }),
    ).toBe(
      value(after, "pipelinehouse_api_requests_total", {
        operation: "SetTaskStatus",
        outcome: "TaskNotFoundException",
      }) + 1,
    );
    // The ticker runs (TICK_MS 1000 by default) and is timed.
    expect(value(after, "pipelinehouse_tick_duration_seconds_count")).toBeGreaterThan(0);
    expect(value(after, "pipelinehouse_task_listener_connected")).toBe(1);
  });
});

describe("request logs", () => {
  it("one JSON line per API call with its request id, operation, account, status, duration and bytes; no secrets", async () => {
    const body = JSON.stringify({});
    const res = await rawCall("DataPipeline.ListPipelines", body, {}, "/", { endpoint: server.endpoint });
    expect(res.status).toBe(200);
    const requestId = res.headers.get("x-amzn-requestid");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = await logLine((l) => l.requestId === requestId);
    expect(line).toMatchObject({
      kind: "api",
      operation: "ListPipelines",
      account: "000000000000",
      accessKeyId: rootCredentials.accessKeyId,
      status: 200,
      bytesIn: body.length,
      bytesOut: res.text.length,
    });
    expect(typeof line.durationMs).toBe("number");
    expect(line.msg).toBe("request");
    const out = server.output();
    expect(out).not.toContain(rootCredentials.secretAccessKey);
    expect(out).not.toMatch(/Signature=/);
  });

  it("every error the caller sees carries the request id, in the header, the body and the log line", async () => {
    const res = await rawCall(
      "DataPipeline.DescribePipelines",
      JSON.stringify({ pipelineIds: ["df-DOESNOTEXIST000000"] }),
      {},
      "/",
      { endpoint: server.endpoint },
    );
    expect(res.status).toBe(400);
    const requestId = res.headers.get("x-amzn-requestid");
    expect(res.json).toMatchObject({ __type: "PipelineNotFoundException", requestId });
    const line = await logLine((l) => l.requestId === requestId);
    expect(line).toMatchObject({
      kind: "api",
      operation: "DescribePipelines",
      status: 400,
      errorType: "PipelineNotFoundException",
    });

    // Refused before the signature is known: still an id, and the line has no account.
    const unsigned = await rawCall("DataPipeline.ListPipelines", "{}", {}, "/", {
      endpoint: server.endpoint,
      credentials: false,
    });
    expect(unsigned.status).toBe(403);
    const unsignedId = unsigned.headers.get("x-amzn-requestid");
    expect(unsigned.json).toMatchObject({ __type: "MissingAuthenticationTokenException", requestId: unsignedId });
    const refused = await logLine((l) => l.requestId === unsignedId);
    expect(refused.account).toBeUndefined();
    expect(refused).toMatchObject({ status: 403, errorType: "MissingAuthenticationTokenException" });
  });

  it("one line per console call, and console errors carry the request id; the password is never logged", async () => {
    const password = `wrong-password-${uniqueName()}`;
    const res = await fetch(`${server.endpoint}/api/console/session`, {
      method: "POST",
      headers: sameOrigin(server.endpoint),
      body: JSON.stringify({ email: "nobody@example.test", password }),
    });
    expect(res.status).toBe(401);
    const requestId = res.headers.get("x-amzn-requestid");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await res.json()) as { error: { requestId: string } };
    expect(body.error.requestId).toBe(requestId);
    const line = await logLine((l) => l.requestId === requestId);
    expect(line).toMatchObject({ kind: "console", method: "POST", path: "/api/console/session", status: 401 });
    expect(server.output()).not.toContain(password);

    const anonymous = await fetch(`${server.endpoint}/api/console/pipelines`);
    expect(anonymous.status).toBe(401);
    const anonId = anonymous.headers.get("x-amzn-requestid");
    await logLine((l) => l.requestId === anonId && l.kind === "console" && l.status === 401);
  });
});
