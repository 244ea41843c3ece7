import {
  ActivatePipelineCommand,
  DescribeObjectsCommand,
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
} from "@aws-sdk/client-data-pipeline";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { consoleCall } from "./console-helpers";
import { SHARED_SERVER_ENV } from "./global-setup";
import { ageRun, sdk, withDb } from "./helpers";
import { instanceIds, pollTask, startPipeline, uniqueGroup } from "./runner-helpers";
import { pipelineObject, twoStepsOnDemand } from "./fixtures";

// Retention of finished runs (RUN_HISTORY_RETENTION_DAYS, default 90): runs are made and finished
// through the API on the shared server, aged in the database, then this process runs one retention
// pass (lib/scheduler/retention.ts) against the same database, as the server's ticker does. Old
// finished runs disappear from DescribeObjects, QueryObjects and the console with every row they
// own; recent runs, active runs and a component's latest run (the planner's cursor) stay.

Object.assign(process.env, SHARED_SERVER_ENV, { DATABASE_URL: inject("databaseUrl") });

type Lib = {
  retention: typeof import("@/lib/scheduler/retention");
  db: typeof import("@/lib/store/db");
};
let lib: Lib;

beforeAll(async () => {
  lib = { retention: await import("@/lib/scheduler/retention"), db: await import("@/lib/store/db") };
});

afterAll(async () => {
  await lib?.db.closeDb();
});

const client = sdk();

const o = pipelineObject;

/** Runs the next `n` tasks of the group to FINISHED; returns their instance ids. */
async function finishTasks(group: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const task = await pollTask(client, group);
    await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }));
    await client.send(new SetTaskStatusCommand({ taskId: task.taskId!, taskStatus: "FINISHED" }));
    ids.push(task.attemptId!.replace(/_Attempt=\d+$/, ""));
  }
  return ids;
}

async function rowsOf(pipelineId: string, instanceIds: string[]) {
  return withDb(async (db) => {
    const { rows } = await db.query<{ objects: number; edges: number }>(
      `SELECT (SELECT count(*)::int FROM pipeline_objects
                WHERE pipeline_id = $1 AND (object_id = ANY($2::text[]) OR instance_id = ANY($2::text[]))) AS objects,
              (SELECT count(*)::int FROM instance_dependencies
                WHERE pipeline_id = $1 AND (instance_id = ANY($2::text[]) OR depends_on_id = ANY($2::text[]))) AS edges`,
      [pipelineId, instanceIds],
    );
    return rows[0]!;
  });
}

describe("run history retention", () => {
  it("deletes old finished runs with their attempts and edges, and keeps recent, active and latest runs", async () => {
    const group = uniqueGroup("ret");
    const pipelineId = await startPipeline(client, twoStepsOnDemand(group));
    const runA = await finishTasks(group, 2);
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    const runB = await finishTasks(group, 2);
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    // Run C is active: Step1 waits for a runner, Step2 on Step1.
    const runC = (await instanceIds(client, pipelineId)).filter((id) => !runA.includes(id) && !runB.includes(id));
    expect(runC).toHaveLength(2);

    // A: finished 200 days ago. B: scheduled 150 days ago but changed 10 days ago (a rerun). C: active, 100 days old.
    await ageRun(pipelineId, runA, 200, 200);
    await ageRun(pipelineId, runB, 150, 10);
    await ageRun(pipelineId, runC, 100, 100);
    // A second pipeline whose only run finished long ago: it is its components' latest run, so it stays.
    const loneGroup = uniqueGroup("ret1");
    const lonePipeline = await startPipeline(client, [
      o("Default", { scheduleType: "ondemand", workerGroup: loneGroup }),
      o("Only", { type: "ShellCommandActivity", command: "true" }),
    ]);
    const lone = await finishTasks(loneGroup, 1);
    await ageRun(lonePipeline, lone, 200, 200);

    expect(await rowsOf(pipelineId, runA)).toEqual({ objects: 4, edges: 1 });
    // The shared server's own ticker may get there first, so what this call reports is not checked;
    // whoever ran the pass, run A and every row it owned are gone.
    await lib.retention.pruneRunHistory(new Date(), true);
    expect(await rowsOf(pipelineId, runA)).toEqual({ objects: 0, edges: 0 });

    // DescribeObjects finds nothing for the deleted ids, as AWS does for history it no longer keeps.
    const described = await client.send(
      new DescribeObjectsCommand({ pipelineId, objectIds: [...runA, ...runB, `${runA[0]}_Attempt=1`] }),
    );
    expect((described.pipelineObjects ?? []).map((x) => x.id).sort()).toEqual([...runB].sort());
    // QueryObjects lists the runs that stay, and their attempts.
    expect((await instanceIds(client, pipelineId)).sort()).toEqual([...runB, ...runC].sort());
    expect((await instanceIds(client, lonePipeline)).sort()).toEqual(lone);
    expect(await rowsOf(pipelineId, runB)).toEqual({ objects: 4, edges: 1 });
    expect(await rowsOf(pipelineId, runC)).toMatchObject({ edges: 1 });

    // The console agrees: the instances list and its counts, and the instance page.
    const list = await consoleCall("GET", `/pipelines/${encodeURIComponent(pipelineId)}/instances?status=all`);
    expect(list.status).toBe(200);
    const listed = (list.json.instances as { id: string }[]).map((i) => i.id).sort();
    expect(listed).toEqual([...runB, ...runC].sort());
    const counts = list.json.counts as Record<string, number>;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(4);
    expect(counts.FINISHED).toBe(2);
    const gone = await consoleCall(
      "GET",
      `/pipelines/${encodeURIComponent(pipelineId)}/instances/${encodeURIComponent(runA[0]!)}`,
    );
    expect(gone.status).toBe(404);
    const kept = await consoleCall(
      "GET",
      `/pipelines/${encodeURIComponent(pipelineId)}/instances/${encodeURIComponent(runB[0]!)}`,
    );
    expect(kept.status).toBe(200);

    // A second pass finds nothing more to delete here.
    await lib.retention.pruneRunHistory(new Date(), true);
    expect((await instanceIds(client, pipelineId)).sort()).toEqual([...runB, ...runC].sort());
    expect(await instanceIds(client, lonePipeline)).toEqual(lone);
  });
});
