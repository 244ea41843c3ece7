import {
  PollForTaskCommand,
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
  TaskNotFoundException,
  type PipelineObject,
} from "@aws-sdk/client-data-pipeline";
import type { DataPipelineClient } from "@aws-sdk/client-data-pipeline";
import { sdk } from "./helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./test-server";
import { completeTask, describe1, pollTask, runCycle, startPipeline, str, uniqueGroup } from "./runner-helpers";

// Lease expiry and crash recovery need short timings and a server this file can kill, so it runs
// its own server (on the same kind of database as the rest of the suite).

let server: TestServer;
let client: DataPipelineClient;

beforeAll(async () => {
  server = await startTestServer({
    LONG_POLL_SECONDS: "2",
    ACK_TIMEOUT_SECONDS: "1",
    PROGRESS_TIMEOUT_SECONDS: "2",
    DEFAULT_RETRY_DELAY_SECONDS: "0",
    DURATION_SCALE: "0.01",
    TICK_MS: "100",
  });
  client = sdk({ endpoint: server.endpoint });
});

afterAll(async () => {
  await server?.stop();
});

function oneStep(group: string, fields: { key: string; stringValue: string }[] = []): PipelineObject[] {
  return [
    {
      id: "Default",
      name: "Default",
      fields: [{ key: "scheduleType", stringValue: "ondemand" }, { key: "workerGroup", stringValue: group }, ...fields],
    },
    {
      id: "Work",
      name: "Work",
      fields: [
        { key: "type", stringValue: "ShellCommandActivity" },
        { key: "command", stringValue: "sleep 1" },
      ],
    },
  ];
}

describe("leases", () => {
  it("gives an unacknowledged hand-out to the next poller under a new taskId; the old one is dead", async () => {
    const group = uniqueGroup();
    await startPipeline(client, oneStep(group));
    const first = await pollTask(client, group);
    const second = await pollTask(client, group); // arrives once the 1 s ack timeout has passed
    expect(second.attemptId).toBe(first.attemptId);
    expect(second.taskId).not.toBe(first.taskId);
    await expect(client.send(new ReportTaskProgressCommand({ taskId: first.taskId! }))).rejects.toBeInstanceOf(
      TaskNotFoundException,
    );
    await expect(
      client.send(new SetTaskStatusCommand({ taskId: first.taskId!, taskStatus: "FINISHED" })),
    ).rejects.toBeInstanceOf(TaskNotFoundException);
    await completeTask(client, second);
  });

  it("fails a stalled attempt (no progress within the timeout) and retries it", async () => {
    const group = uniqueGroup();
    const pipelineId = await startPipeline(client, oneStep(group, [{ key: "maximumRetries", stringValue: "1" }]));
    const first = await pollTask(client, group);
    await client.send(new ReportTaskProgressCommand({ taskId: first.taskId! }));
    const retry = await pollTask(client, group); // after PROGRESS_TIMEOUT_SECONDS of silence
    expect(retry.attemptId).toBe(first.attemptId!.replace("_Attempt=1", "_Attempt=2"));
    const stalled = await describe1(client, pipelineId, first.attemptId!);
    expect(str(stalled, "@status")).toBe("FAILED");
    expect(str(stalled, "errorId")).toBe("Service_ProgressTimeout");
    await expect(client.send(new ReportTaskProgressCommand({ taskId: first.taskId! }))).rejects.toBeInstanceOf(
      TaskNotFoundException,
    );
  });

  it("keeps a lease alive while the runner reports progress", async () => {
    const group = uniqueGroup();
    await startPipeline(client, oneStep(group));
    const task = await pollTask(client, group);
    await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }));
    // Reports every 0.7 s against a 2 s progress timeout while a competitor polls for 4 s: the lease must hold.
    const reporter = (async () => {
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 700));
        expect((await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }))).canceled).toBe(false);
      }
    })();
    const competitor = (async () => {
      for (let i = 0; i < 2; i++)
        expect((await client.send(new PollForTaskCommand({ workerGroup: group }))).taskObject).toBeUndefined();
    })();
    await Promise.all([reporter, competitor]);
    await client.send(new SetTaskStatusCommand({ taskId: task.taskId!, taskStatus: "FINISHED" }));
  });

  it("times out an attempt past attemptTimeout", async () => {
    const group = uniqueGroup();
    // 2 minutes scaled by 0.01 = 1.2 s; progress keeps coming, so only attemptTimeout can end it.
    const pipelineId = await startPipeline(
      client,
      oneStep(group, [
        { key: "attemptTimeout", stringValue: "2 minutes" },
        { key: "maximumRetries", stringValue: "0" },
      ]),
    );
    const task = await pollTask(client, group);
    const instanceId = task.attemptId!.replace("_Attempt=1", "");
    let status: string | undefined;
    for (let i = 0; i < 60 && status !== "TIMEDOUT"; i++) {
      await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! })).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
      status = str(await describe1(client, pipelineId, instanceId), "@status");
    }
    expect(status).toBe("TIMEDOUT");
    expect(str(await describe1(client, pipelineId, task.attemptId!), "errorId")).toBe("Service_AttemptTimeout");
  });
});

describe("crash safety", () => {
  it("delivers a leased task again after the server is killed mid-lease and restarted; finished work stays finished", async () => {
    const group = uniqueGroup();
    const pipelineId = await startPipeline(client, [
      ...oneStep(group),
      {
        id: "Other",
        name: "Other",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "command", stringValue: "true" },
        ],
      },
    ]);
    const done = await runCycle(client, group);
    const leased = await pollTask(client, group);
    expect(leased.attemptId).not.toBe(done.attemptId);

    await server.restart({ signal: "SIGKILL" });

    const again = await pollTask(client, group);
    expect(again.attemptId).toBe(leased.attemptId);
    expect(again.taskId).not.toBe(leased.taskId);
    await expect(client.send(new ReportTaskProgressCommand({ taskId: leased.taskId! }))).rejects.toBeInstanceOf(
      TaskNotFoundException,
    );
    expect(str(await describe1(client, pipelineId, done.attemptId!.replace("_Attempt=1", "")), "@status")).toBe(
      "FINISHED",
    );
    await client.send(new SetTaskStatusCommand({ taskId: again.taskId!, taskStatus: "FINISHED" }));
  });
});
