// `npm start` answers SDK calls on its direct path (lib/protocol/node-endpoint.ts); `next start` and
// Vercel answer them with the route handler. Clients must not be able to tell: the same calls get
// the same status, headers and bytes (request ids aside) from both, and a runner cycle works on both.
import {
  PollForTaskCommand,
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
  TaskNotFoundException,
} from "@aws-sdk/client-data-pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdk, signedFetch, uniqueName } from "./helpers";
import { startPipeline, uniqueGroup } from "./runner-helpers";
import { startTestServer, type TestServer } from "./test-server";
import { oneStepOnDemand } from "./fixtures";

const servers: Record<"serve" | "next-start", TestServer | undefined> = { serve: undefined, "next-start": undefined };

beforeAll(async () => {
  const env = { LONG_POLL_SECONDS: "20", TICK_MS: "200" };
  [servers.serve, servers["next-start"]] = await Promise.all([
    startTestServer(env, "serve"),
    startTestServer(env, "next-start"),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([servers.serve?.stop(), servers["next-start"]?.stop()]);
});

const client = (s: TestServer, path = "") => sdk({ endpoint: s.endpoint, path });

async function call(s: TestServer, path: string, headers: Record<string, string>, body: string) {
  const res = await signedFetch(`${s.endpoint}${path}`, { method: "POST", headers, body });
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    hasRequestId: /^[0-9a-f-]{36}$/.test(res.headers.get("x-amzn-requestid") ?? ""),
    // Each answer has its own request id (an error body carries it too): compared with it blanked.
    body: (await res.text()).replaceAll(res.headers.get("x-amzn-requestid") ?? "\u0000", "<request-id>"),
  };
}

const json = { "content-type": "application/x-amz-json-1.1" };
const name = uniqueName("entries");
// Calls whose answers do not depend on the database's contents, so both servers answer alike.
const CASES: { label: string; path: string; headers: Record<string, string>; body: string }[] = [
  {
    label: "a listing at /",
    path: "/",
    headers: { ...json, "x-amz-target": "DataPipeline.ListPipelines" },
    body: "{}",
  },
  {
    label: "the API path with its slash",
    path: "/api/datapipeline/",
    headers: { ...json, "x-amz-target": "DataPipeline.ListPipelines" },
    body: "{}",
  },
  {
    label: "the older target prefix",
    path: "/",
    headers: { ...json, "x-amz-target": "DataPipeline_20121129.ListPipelines" },
    body: "{}",
  },
  { label: "an unknown operation", path: "/", headers: { ...json, "x-amz-target": "DataPipeline.Nope" }, body: "{}" },
  {
    label: "another service's target",
    path: "/api/datapipeline",
    headers: { ...json, "x-amz-target": "DynamoDB_20120810.ListTables" },
    body: "{}",
  },
  {
    label: "a body that is not JSON",
    path: "/",
    headers: { ...json, "x-amz-target": "DataPipeline.ListPipelines" },
    body: "{not json",
  },
  {
    label: "a JSON array body",
    path: "/",
    headers: { ...json, "x-amz-target": "DataPipeline.ListPipelines" },
    body: "[]",
  },
  {
    label: "a missing member",
    path: "/",
    headers: { ...json, "x-amz-target": "DataPipeline.PollForTask" },
    body: "{}",
  },
  {
    label: "a wrongly typed member",
    path: "/",
    headers: { ...json, "x-amz-target": "DataPipeline.CreatePipeline" },
    body: `{"name":"${name}","uniqueId":5}`,
  },
  {
    label: "an unknown task id",
    path: "/",
    headers: { ...json, "x-amz-target": "DataPipeline.ReportTaskProgress" },
    body: `{"taskId":"no-such-task"}`,
  },
  { label: "an empty body", path: "/", headers: { ...json, "x-amz-target": "DataPipeline.ListPipelines" }, body: "" },
];

describe("npm start and next start answer alike", () => {
  for (const c of CASES) {
    it(`for ${c.label}`, async () => {
      const [direct, routed] = await Promise.all([
        call(servers.serve!, c.path, c.headers, c.body),
        call(servers["next-start"]!, c.path, c.headers, c.body),
      ]);
      expect(direct).toEqual(routed);
      expect(direct.contentType).toBe("application/x-amz-json-1.1");
      expect(direct.hasRequestId).toBe(true);
    });
  }

  it("for a body over the size cap, declared or streamed", async () => {
    const big = "x".repeat(10 * 1024 * 1024 + 10);
    for (const s of [servers.serve!, servers["next-start"]!]) {
      const r = await call(s, "/", { ...json, "x-amz-target": "DataPipeline.ListPipelines" }, big);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).__type).toBe("InvalidRequestException");
    }
  });

  it("and both run a whole runner cycle, rejecting the finished task's id afterwards", async () => {
    for (const s of [servers.serve!, servers["next-start"]!]) {
      const c = client(s, s === servers.serve ? "" : "/api/datapipeline/");
      const group = uniqueGroup("entries");
      await startPipeline(c, oneStepOnDemand(group, "Only"));
      let taskId: string | undefined;
      for (let i = 0; i < 20 && !taskId; i++)
        taskId = (await c.send(new PollForTaskCommand({ workerGroup: group }))).taskObject?.taskId;
      expect(taskId).toBeTruthy();
      expect((await c.send(new ReportTaskProgressCommand({ taskId: taskId! }))).canceled).toBe(false);
      await c.send(new SetTaskStatusCommand({ taskId: taskId!, taskStatus: "FINISHED" }));
      await expect(c.send(new ReportTaskProgressCommand({ taskId: taskId! }))).rejects.toBeInstanceOf(
        TaskNotFoundException,
      );
    }
  });

  it("and both give a held poll up when its client goes away", async () => {
    for (const s of [servers.serve!, servers["next-start"]!]) {
      const health = async () =>
        ((await (await fetch(`${s.endpoint}/api/health`)).json()) as { heldPolls: number }).heldPolls;
      const ac = new AbortController();
      const held = signedFetch(`${s.endpoint}/`, {
        method: "POST",
        headers: { ...json, "x-amz-target": "DataPipeline.PollForTask" },
        body: JSON.stringify({ workerGroup: uniqueGroup("gone") }),
        signal: ac.signal,
      }).catch(() => undefined);
      await expect.poll(health, { timeout: 5_000, interval: 50 }).toBe(1);
      ac.abort();
      await held;
      await expect.poll(health, { timeout: 5_000, interval: 50 }).toBe(0);
    }
  });
});
