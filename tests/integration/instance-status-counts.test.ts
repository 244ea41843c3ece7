import { ActivatePipelineCommand, ReportTaskProgressCommand, SetStatusCommand } from "@aws-sdk/client-data-pipeline";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { consoleCall } from "./console-helpers";
import { SHARED_SERVER_ENV } from "./global-setup";
import { sdk, withDb } from "./helpers";
import { pollTask, runCycle, startPipeline, uniqueGroup } from "./runner-helpers";
import { twoStepsOnDemand } from "./fixtures";

// The console's instance counts by status and its default Instances view no longer read every
// instance a pipeline ever had (lib/store/instance-status-counts.ts: a trigger-kept total, the
// off-cycle statuses from their index, WAITING_FOR_RUNNER / RUNNING from the live queue, FINISHED
// as the rest). After every kind of change below (runs finishing, failing and cascading, a run in
// flight, a rerun of an old instance, a cancel, a mark-finished, retention deleting a run) the
// counts of the pipeline list and of the Instances tab must equal a GROUP BY over pipeline_objects,
// and the default view must list exactly the instances that are not settled.

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
const instanceOf = (attemptId: string) => attemptId.replace(/_Attempt=\d+$/, "");

/** Hands out the group's next task, acknowledges it, and ends it with `status` (or leaves it RUNNING). */
async function runTask(group: string, status: "FINISHED" | "FAILED" | null): Promise<string> {
  if (status) return instanceOf((await runCycle(client, group, { taskStatus: status })).attemptId!);
  const task = await pollTask(client, group);
  await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }));
  return instanceOf(task.attemptId!);
}

/** What the counts must be: every instance of the pipeline by status, read from the table itself. */
async function truth(pipelineId: string): Promise<{ counts: Record<string, number>; unsettled: string[] }> {
  return withDb(async (db) => {
    const { rows } = await db.query<{ object_id: string; status: string }>(
      `SELECT object_id, coalesce(status, 'PENDING') AS status FROM pipeline_objects
       WHERE pipeline_id = $1 AND sphere = 'INSTANCE'`,
      [pipelineId],
    );
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
    const settled = new Set(["FINISHED", "MARK_FINISHED", "CANCELED", "SKIPPED"]);
    return {
      counts,
      unsettled: rows
        .filter((r) => !settled.has(r.status))
        .map((r) => r.object_id)
        .sort(),
    };
  });
}

/** The console's counts (pipeline list and Instances tab) and default view agree with the table. */
async function expectConsoleExact(pipelineId: string): Promise<Record<string, number>> {
  const want = await truth(pipelineId);
  const p = encodeURIComponent(pipelineId);
  const all = await consoleCall("GET", `/pipelines/${p}/instances?status=all`);
  expect(all.status).toBe(200);
  expect(all.json.counts).toEqual(want.counts);
  const attention = await consoleCall("GET", `/pipelines/${p}/instances`);
  expect(attention.status).toBe(200);
  expect(attention.json.counts).toEqual(want.counts);
  expect((attention.json.instances as { id: string }[]).map((i) => i.id).sort()).toEqual(want.unsettled);
  const list = await consoleCall("GET", `/pipelines?search=${p}`);
  expect(list.status).toBe(200);
  const item = (list.json.pipelines as { id: string; instanceCounts: Record<string, number> }[]).find(
    (x) => x.id === pipelineId,
  );
  expect(item?.instanceCounts).toEqual(want.counts);
  return want.counts;
}

describe("instance counts by status", () => {
  it("stay exact through finishes, failures, runs in flight, rerun, cancel, mark-finished and retention", async () => {
    const group = uniqueGroup("cnt");
    const pipelineId = await startPipeline(client, twoStepsOnDemand(group));
    // Run A: both steps finish.
    const runA = [await runTask(group, "FINISHED"), await runTask(group, "FINISHED")];
    expect(await expectConsoleExact(pipelineId)).toEqual({ FINISHED: 2 });

    // Run B: Step1 fails; Step2 keeps waiting on it (no cascade mode).
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    const failedB = await runTask(group, "FAILED");
    expect(await expectConsoleExact(pipelineId)).toEqual({ FINISHED: 2, FAILED: 1, WAITING_ON_DEPENDENCIES: 1 });

    // Run C: Step1 acknowledged and still running, Step2 waiting on it.
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    const runningC = await runTask(group, null);
    expect(await expectConsoleExact(pipelineId)).toEqual({
      FINISHED: 2,
      FAILED: 1,
      RUNNING: 1,
      WAITING_ON_DEPENDENCIES: 2,
    });

    // A rerun of run A's finished Step1: back to waiting for a runner (its queue row makes it live).
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [runA[0]!], status: "RERUN" }));
    const afterRerun = await expectConsoleExact(pipelineId);
    expect(afterRerun.RUNNING).toBe(1);
    expect(afterRerun.WAITING_FOR_RUNNER).toBe(1);
    expect(afterRerun.FINISHED).toBe(1);

    // Cancel the running Step1 of run C and the rerun; mark run B's failed Step1 finished.
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [runningC, runA[0]!], status: "CANCEL" }));
    await expectConsoleExact(pipelineId);
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [failedB], status: "MARK_FINISHED" }));
    await expectConsoleExact(pipelineId);

    // Retention deletes run A once it is old and settled: the total drops with it.
    await withDb((db) =>
      db.query(
        `UPDATE pipeline_objects
         SET scheduled_start_time = scheduled_start_time - interval '200 days',
             scheduled_end_time = scheduled_end_time - interval '200 days',
             updated_at = now() - interval '200 days'
         WHERE pipeline_id = $1 AND sphere IN ('INSTANCE', 'ATTEMPT')
           AND (object_id = ANY($2::text[]) OR instance_id = ANY($2::text[]))`,
        [pipelineId, runA],
      ),
    );
    await lib.retention.pruneRunHistory(new Date(), true);
    const afterRetention = await expectConsoleExact(pipelineId);
    // Run A (its rerun canceled while queued, its Step2 finished) is gone; run B's Step1 is marked
    // finished, which released its Step2 to the queue; run C's Step1 still runs (its runner has not
    // yet heard the cancel) with Step2 waiting on it.
    expect(afterRetention).toEqual({ FINISHED: 1, WAITING_FOR_RUNNER: 1, RUNNING: 1, WAITING_ON_DEPENDENCIES: 1 });
    const left = await withDb(async (db) => {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pipeline_objects WHERE pipeline_id = $1 AND object_id = ANY($2::text[])`,
        [pipelineId, runA],
      );
      return rows[0]!.n;
    });
    expect(left).toBe(0);
  });
});
