import { ActivatePipelineCommand, ReportTaskProgressCommand, SetStatusCommand } from "@aws-sdk/client-data-pipeline";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { consoleCall } from "./console-helpers";
import { SHARED_SERVER_ENV } from "./global-setup";
import { ageRun, sdk, withDb } from "./helpers";
import { completeTask, pollTask, runCycle, startPipeline, uniqueGroup } from "./runner-helpers";
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

interface Truth {
  counts: Record<string, number>;
  /** Every instance, in pk order (the Instances tab's order). */
  all: string[];
  /** The instances that are not settled (the default view), in pk order. */
  unsettled: string[];
  byComponent: Record<string, number>;
  statusById: Record<string, string>;
}

/** What the counts and lists must be, read from the table itself. */
async function truth(pipelineId: string): Promise<Truth> {
  return withDb(async (db) => {
    const { rows } = await db.query<{ object_id: string; status: string; component_id: string }>(
      `SELECT object_id, coalesce(status, 'PENDING') AS status, component_id FROM pipeline_objects
       WHERE pipeline_id = $1 AND sphere = 'INSTANCE' ORDER BY pk`,
      [pipelineId],
    );
    const counts: Record<string, number> = {};
    const byComponent: Record<string, number> = {};
    for (const r of rows) {
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      byComponent[r.component_id] = (byComponent[r.component_id] ?? 0) + 1;
    }
    const settled = new Set(["FINISHED", "MARK_FINISHED", "CANCELED", "SKIPPED"]);
    return {
      counts,
      all: rows.map((r) => r.object_id),
      unsettled: rows.filter((r) => !settled.has(r.status)).map((r) => r.object_id),
      byComponent,
      statusById: Object.fromEntries(rows.map((r) => [r.object_id, r.status])),
    };
  });
}

/**
 * Every page of an Instances view, `limit` at a time, following the cursor; `between` runs after
 * the first page (runs changing status while an operator pages).
 */
async function allPages(
  pipelineId: string,
  query: string,
  limit: number,
  between?: () => Promise<void>,
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    if (pages === 1 && between) await between();
    const url = `/pipelines/${encodeURIComponent(pipelineId)}/instances?${query}&limit=${limit}${after ? `&after=${after}` : ""}`;
    const res = await consoleCall("GET", url);
    expect(res.status).toBe(200);
    ids.push(...(res.json.instances as { id: string }[]).map((i) => i.id));
    after = res.json.nextAfter as string | null;
    if (!after) return ids;
  }
  throw new Error("more than 100 pages");
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
  expect((attention.json.instances as { id: string }[]).map((i) => i.id)).toEqual(want.unsettled);
  // Page by page (the keyset cursor): the same rows in the same order, none skipped or repeated.
  expect(await allPages(pipelineId, "status=all", 2)).toEqual(want.all);
  expect(await allPages(pipelineId, "status=attention", 1)).toEqual(want.unsettled);
  expect(await allPages(pipelineId, "status=not-finished", 1)).toEqual(
    want.unsettled.filter((id) => !["FAILED", "CASCADE_FAILED", "TIMEDOUT"].includes(want.statusById[id]!)),
  );
  expect(await allPages(pipelineId, "status=FINISHED,FAILED", 1)).toEqual(
    want.all.filter((id) => ["FINISHED", "FAILED"].includes(want.statusById[id]!)),
  );
  // A requested cancel its runner has not heard yet, per instance, as the queue says.
  const cancelRequested = await withDb(async (db) => {
    const { rows } = await db.query<{ instance_id: string }>(
      `SELECT DISTINCT instance_id FROM tasks WHERE pipeline_id = $1 AND cancel_requested`,
      [pipelineId],
    );
    return rows.map((r) => r.instance_id).sort();
  });
  expect(
    (all.json.instances as { id: string; cancelRequested: boolean }[])
      .filter((i) => i.cancelRequested)
      .map((i) => i.id)
      .sort(),
  ).toEqual(cancelRequested);
  // Instances per component (the pipeline overview).
  const overview = await consoleCall("GET", `/pipelines/${p}`);
  expect(overview.status).toBe(200);
  const perComponent = Object.fromEntries(
    (overview.json.components as { id: string; instanceCount: number }[])
      .filter((c) => c.instanceCount > 0)
      .map((c) => [c.id, c.instanceCount]),
  );
  expect(perComponent).toEqual(want.byComponent);
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
    await ageRun(pipelineId, runA, 200);
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

  it("pages by cursor without skipping or repeating an instance while runs change status between pages", async () => {
    const group = uniqueGroup("pg");
    const pipelineId = await startPipeline(client, twoStepsOnDemand(group));
    await runTask(group, "FINISHED");
    await runTask(group, "FINISHED");
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    await runTask(group, "FAILED");
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    const running = await pollTask(client, group); // run C's Step1, acknowledged: RUNNING, its Step2 waiting on it
    await client.send(new ReportTaskProgressCommand({ taskId: running.taskId! }));
    const before = await truth(pipelineId);
    expect(before.all).toHaveLength(6);

    // The first page is read, then run C's Step1 finishes (releasing its Step2 to the queue): the
    // instances are the same, only their statuses moved, so every page together is every instance once.
    const all = await allPages(pipelineId, "status=all", 2, async () => {
      await completeTask(client, running);
    });
    expect(all).toEqual(before.all);

    // The default view: run C's Step2 is handed out and finishes after the first page. Nothing is
    // repeated, and every instance unsettled both before and after is listed, in pk order.
    const attention = await allPages(pipelineId, "status=attention", 1, async () => {
      await runTask(group, "FINISHED");
    });
    const after = await truth(pipelineId);
    expect(new Set(attention).size).toBe(attention.length);
    const stayed = before.unsettled.filter((id) => after.unsettled.includes(id));
    expect(stayed.length).toBeGreaterThan(0);
    for (const id of stayed) expect(attention).toContain(id);
    for (const id of attention) expect([...before.unsettled, ...after.unsettled]).toContain(id);
    expect(attention).toEqual([...attention].sort((a, b) => before.all.indexOf(a) - before.all.indexOf(b)));
    await expectConsoleExact(pipelineId);
  });
});
