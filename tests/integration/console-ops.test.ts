import {
  PollForTaskCommand,
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
  type PipelineObject,
} from "@aws-sdk/client-data-pipeline";
import { describe, expect, it } from "vitest";
import { consoleCall } from "./console-helpers";
import { sdk, withDb } from "./helpers";
import { describe1, instanceIds, pollTask, startPipeline, str, uniqueGroup, waitForStatus } from "./runner-helpers";

// The console's operations views over HTTP: force-cancel / mark failed fence the runner's lease,
// and the Worker groups view sees hosts that only poll.

const client = sdk();

function definition(group: string, maximumRetries: number): PipelineObject[] {
  return [
    {
      id: "Default",
      name: "Default",
      fields: [
        { key: "scheduleType", stringValue: "ondemand" },
        { key: "workerGroup", stringValue: group },
        { key: "maximumRetries", stringValue: String(maximumRetries) },
      ],
    },
    {
      id: "Long",
      name: "Long",
      fields: [
        { key: "type", stringValue: "ShellCommandActivity" },
        { key: "command", stringValue: "sleep 3600" },
      ],
    },
  ];
}

async function heldTask(maximumRetries: number) {
  const group = uniqueGroup("force");
  const pipelineId = await startPipeline(client, definition(group, maximumRetries));
  const task = await pollTask(client, group);
  await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }));
  const [instanceId] = await instanceIds(client, pipelineId, "RUNNING");
  return { pipelineId, taskId: task.taskId!, attemptId: task.attemptId!, instanceId: instanceId! };
}

describe("force-cancel and mark failed", () => {
  it("force-cancel ends the work at once, audits it, and refuses the runner's late calls", async () => {
    const { pipelineId, taskId, attemptId, instanceId } = await heldTask(2);

    const res = await consoleCall("POST", `/pipelines/${pipelineId}/force-end`, {
      instanceIds: [instanceId],
      outcome: "CANCELED",
      reason: "host lost",
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      outcome: "CANCELED",
      ended: [{ instanceId, attemptId, hostname: "test-host" }],
      notHeld: [],
    });

    expect(await str(await describe1(client, pipelineId, instanceId), "@status")).toBe("CANCELED");
    const attempt = await describe1(client, pipelineId, attemptId);
    expect(str(attempt, "@status")).toBe("CANCELED");
    expect(str(attempt, "cancellationReason")).toMatch(
      /^Force-canceled by an operator: the runner on test-host was gone/,
    );

    // The lease is fenced: the runner coming back is told the task is gone, and changes nothing.
    await expect(client.send(new SetTaskStatusCommand({ taskId, taskStatus: "FINISHED" }))).rejects.toMatchObject({
      name: "TaskNotFoundException",
    });
    await expect(client.send(new ReportTaskProgressCommand({ taskId }))).rejects.toMatchObject({
      name: "TaskNotFoundException",
    });
    expect(str(await describe1(client, pipelineId, instanceId), "@status")).toBe("CANCELED");

    const audit = await withDb((db) =>
      db.query<{ actor: string; details: { reason?: string; ended: { hostname: string }[] } }>(
        `SELECT actor, details FROM audit_log WHERE pipeline_id = $1 AND action = 'Console:FORCE_CANCEL'`,
        [pipelineId],
      ),
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.details.reason).toBe("host lost");
    expect(audit.rows[0]!.details.ended[0]!.hostname).toBe("test-host");
  });

  it("mark failed fails the instance without a retry and refuses a late FAILED from the runner", async () => {
    const { pipelineId, taskId, attemptId, instanceId } = await heldTask(2);
    const res = await consoleCall("POST", `/pipelines/${pipelineId}/force-end`, {
      instanceIds: [instanceId],
      outcome: "FAILED",
    });
    expect(res.status).toBe(200);
    await waitForStatus(client, pipelineId, instanceId, "FAILED");
    const attempt = await describe1(client, pipelineId, attemptId);
    expect(str(attempt, "errorId")).toBe("Service_RunnerLost");
    await expect(
      client.send(new SetTaskStatusCommand({ taskId, taskStatus: "FAILED", errorId: "Late", errorMessage: "late" })),
    ).rejects.toMatchObject({
      name: "TaskNotFoundException",
    });
    // No retry was queued: nothing left to hand out for this pipeline's group.
    expect(
      await withDb(async (db) => (await db.query(`SELECT 1 FROM tasks WHERE pipeline_id = $1`, [pipelineId])).rowCount),
    ).toBe(0);
  });

  it("refuses work nobody holds and bad input with a 4xx, changing nothing", async () => {
    const { pipelineId, instanceId } = await heldTask(0);
    await consoleCall("POST", `/pipelines/${pipelineId}/force-end`, { instanceIds: [instanceId], outcome: "CANCELED" });
    const again = await consoleCall("POST", `/pipelines/${pipelineId}/force-end`, {
      instanceIds: [instanceId],
      outcome: "CANCELED",
    });
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: { code: "INVALID_REQUEST" } });
    expect((again.json.error as { message: string }).message).toMatch(/No runner holds/);
    expect(
      (await consoleCall("POST", `/pipelines/${pipelineId}/force-end`, { instanceIds: [instanceId], outcome: "MAYBE" }))
        .status,
    ).toBe(400);
    expect(
      (await consoleCall("POST", `/pipelines/${pipelineId}/force-end`, { instanceIds: [], outcome: "FAILED" })).status,
    ).toBe(400);
    expect(
      (
        await consoleCall("POST", `/pipelines/df-NOSUCHPIPELINE0000000/force-end`, {
          instanceIds: ["x"],
          outcome: "FAILED",
        })
      ).status,
    ).toBe(404);
  });
});

describe("worker groups", () => {
  it("lists a host that only polls, and warns when work waits on a group nobody polls", async () => {
    const polled = uniqueGroup("polled");
    await client.send(new PollForTaskCommand({ workerGroup: polled, hostname: "poll-only-host" }));
    const orphan = uniqueGroup("orphan");
    await startPipeline(client, definition(orphan, 0));

    // The sighting is written off the poll's path: wait for it rather than assume it.
    let page:
      | {
          groups: {
            workerGroup: string;
            hosts: { hostname: string | null; lastPollAt: string | null; lastHeartbeatAt: string | null }[];
            ready: number;
            warning: { kind: string; message: string } | null;
          }[];
        }
      | undefined;
    for (let i = 0; i < 50; i++) {
      page = (await consoleCall("GET", "/worker-groups")).json as typeof page;
      if (
        page?.groups.some((g) => g.workerGroup === polled && g.hosts.length > 0) &&
        page.groups.some((g) => g.workerGroup === orphan && g.ready > 0)
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const p = page!.groups.find((g) => g.workerGroup === polled)!;
    expect(p.hosts).toEqual([expect.objectContaining({ hostname: "poll-only-host", lastHeartbeatAt: null })]);
    expect(p.hosts[0]!.lastPollAt).not.toBeNull();
    expect(p.warning).toBeNull();
    const o = page!.groups.find((g) => g.workerGroup === orphan)!;
    expect(o.warning).toMatchObject({ kind: "never-polled" });
    expect(o.warning!.message).toContain(`No runner has ever polled worker group ${orphan}: 1 task waits`);
    // Groups that need attention come first.
    expect(page!.groups.findIndex((g) => g.workerGroup === orphan)).toBeLessThan(
      page!.groups.findIndex((g) => g.workerGroup === polled),
    );

    const one = await consoleCall("GET", `/worker-groups?workerGroup=${encodeURIComponent(orphan)}`);
    expect((one.json.groups as unknown[]).length).toBe(1);
  });
});

describe("runs", () => {
  it("lists runs, colours a run per component, builds the grid, and answers unknown runs and bad cursors with 4xx", async () => {
    const group = uniqueGroup("runs");
    const pipelineId = await startPipeline(client, definition(group, 0));
    const task = await pollTask(client, group);
    await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }));
    await client.send(
      new SetTaskStatusCommand({ taskId: task.taskId!, taskStatus: "FAILED", errorId: "E", errorMessage: "broke" }),
    );

    const runs = await consoleCall("GET", `/pipelines/${pipelineId}/runs`);
    expect(runs.status).toBe(200);
    const list = runs.json.runs as { key: string; status: string; counts: Record<string, number> }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: "FAILED", counts: { FAILED: 1 } });

    const latest = await consoleCall("GET", `/pipelines/${pipelineId}/run-status`);
    expect(latest.json).toMatchObject({
      run: { key: list[0]!.key },
      byComponent: { Long: { status: "FAILED" } },
      latestFailure: { componentId: "Long", status: "FAILED" },
    });
    const chosen = await consoleCall(
      "GET",
      `/pipelines/${pipelineId}/run-status?run=${encodeURIComponent(list[0]!.key)}`,
    );
    expect(chosen.status).toBe(200);

    const unknown = await consoleCall("GET", `/pipelines/${pipelineId}/run-status?run=2001-01-01T00:00:00.000Z`);
    expect(unknown.status).toBe(404);
    expect((unknown.json.error as { message: string }).message).toContain(
      "has no run scheduled at 2001-01-01T00:00:00.000Z",
    );
    expect((await consoleCall("GET", `/pipelines/${pipelineId}/run-status?run=yesterday`)).status).toBe(400);
    expect((await consoleCall("GET", `/pipelines/${pipelineId}/run-grid?before=nope`)).status).toBe(400);
    expect((await consoleCall("GET", `/pipelines/${pipelineId}/run-grid?limit=1000`)).status).toBe(400);

    const grid = await consoleCall("GET", `/pipelines/${pipelineId}/run-grid`);
    expect(grid.json).toMatchObject({
      rows: [{ componentId: "Long", kind: "activity" }],
      truncated: false,
      nextBefore: null,
    });
    expect((grid.json.cells as Record<string, Record<string, { status: string }>>).Long![list[0]!.key]).toMatchObject({
      status: "FAILED",
    });
    const older = await consoleCall(
      "GET",
      `/pipelines/${pipelineId}/run-grid?before=${encodeURIComponent(list[0]!.key)}`,
    );
    expect(older.json).toMatchObject({ runs: [], rows: [] });
  });
});
