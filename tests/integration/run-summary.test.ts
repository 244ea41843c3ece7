import {
  ActivatePipelineCommand,
  DeletePipelineCommand,
  DescribePipelinesCommand,
  ReportTaskProgressCommand,
  SetStatusCommand,
} from "@aws-sdk/client-data-pipeline";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SHARED_SERVER_ENV } from "./global-setup";
import { ageRun, sdk, withDb } from "./helpers";
import { pollTask, runCycle, startPipeline, uniqueGroup } from "./runner-helpers";
import { pipelineObject } from "./fixtures";

// A pipeline's run summary (latest run, latest completed, last outcome: DescribePipelines' @healthStatus
// and @latestRunTime, the console's health and last run) is read from pipeline_run_summaries, which
// triggers on pipeline_objects keep (migration 20261204000000_pipeline_run_summaries). After every kind
// of change below it must equal what the read computed before from the whole history: that query is
// kept here as the oracle.

Object.assign(process.env, SHARED_SERVER_ENV, { DATABASE_URL: inject("databaseUrl") });

type Lib = {
  retention: typeof import("@/lib/scheduler/retention");
  db: typeof import("@/lib/store/db");
  summary: typeof import("@/lib/store/run-summary");
};
let lib: Lib;

beforeAll(async () => {
  lib = {
    retention: await import("@/lib/scheduler/retention"),
    db: await import("@/lib/store/db"),
    summary: await import("@/lib/store/run-summary"),
  };
});

afterAll(async () => {
  await lib?.db.closeDb();
});

const client = sdk();
const instanceOf = (attemptId: string) => attemptId.replace(/_Attempt=\d+$/, "");

/** The run summary as computed before the summary table: every instance (and rerun's previous attempt) of the pipeline. */
const ORACLE = `
  WITH outcomes AS (
    SELECT o.pipeline_id, o.object_id, o.status, o.actual_end_time AS ended
    FROM pipeline_objects o
    WHERE o.pipeline_id = $1 AND o.sphere = 'INSTANCE'
      AND o.status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND o.actual_end_time IS NOT NULL
    UNION ALL
    SELECT i.pipeline_id, i.object_id, a.status, a.actual_end_time AS ended
    FROM pipeline_objects i
    JOIN pipeline_objects a ON a.pipeline_id = i.pipeline_id AND a.sphere = 'ATTEMPT'
      AND a.instance_id = i.object_id AND a.attempt_number = i.run_start_attempt - 1
    WHERE i.pipeline_id = $1 AND i.sphere = 'INSTANCE' AND i.run_start_attempt > 1
      AND coalesce(i.status, '') NOT IN ('FINISHED', 'FAILED', 'TIMEDOUT', 'CASCADE_FAILED')
      AND a.status IN ('FINISHED', 'FAILED', 'TIMEDOUT') AND a.actual_end_time IS NOT NULL
  ),
  latest AS (
    SELECT DISTINCT ON (pipeline_id) pipeline_id, object_id, status, ended FROM outcomes ORDER BY pipeline_id, ended DESC, object_id
  )
  SELECT p.id AS pipeline_id,
    (SELECT max(actual_start_time) FROM pipeline_objects o WHERE o.pipeline_id = p.id AND o.sphere = 'INSTANCE') AS latest_run,
    (SELECT max(actual_end_time) FROM pipeline_objects o WHERE o.pipeline_id = p.id AND o.sphere = 'INSTANCE' AND o.status = 'FINISHED') AS latest_completed,
    l.status AS last_status, l.object_id AS last_instance, l.ended AS last_end
  FROM pipelines p
  LEFT JOIN latest l ON l.pipeline_id = p.id
  WHERE p.id = $1`;

type Summary = Record<string, string | null>;
const plain = (row: Record<string, unknown>): Summary =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v == null ? null : String(v)]),
  );

/** The summary the server reads equals the oracle's; returns it. */
async function expectExact(pipelineId: string): Promise<Summary> {
  const want = await withDb(async (db) => plain((await db.query(ORACLE, [pipelineId])).rows[0]!));
  const prisma = await lib.db.getPrisma();
  const rows = await lib.summary.findRunSummaryRows(prisma as unknown as import("@/lib/store/db").Tx, [pipelineId]);
  expect(rows.length).toBe(1);
  expect(plain(rows[0]! as unknown as Record<string, unknown>)).toEqual(want);
  return want;
}

async function statusOf(pipelineId: string, objectId: string): Promise<string | null> {
  return withDb(async (db) => {
    const { rows } = await db.query<{ status: string | null }>(
      `SELECT status FROM pipeline_objects WHERE pipeline_id = $1 AND object_id = $2`,
      [pipelineId, objectId],
    );
    return rows[0]?.status ?? null;
  });
}

async function health(pipelineId: string): Promise<string | undefined> {
  const out = await client.send(new DescribePipelinesCommand({ pipelineIds: [pipelineId] }));
  return out.pipelineDescriptionList?.[0]?.fields?.find((f) => f.key === "@healthStatus")?.stringValue;
}

/** Hands out the group's next task, acknowledges it, and ends it with `status` (or leaves it RUNNING). */
async function runTask(group: string, status: "FINISHED" | "FAILED" | null): Promise<string> {
  if (status) return instanceOf((await runCycle(client, group, { taskStatus: status })).attemptId!);
  const task = await pollTask(client, group);
  await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }));
  return instanceOf(task.attemptId!);
}

describe("run summary", () => {
  it("equals the full-history answer after finish, fail, retry, cascade, rerun, mark finished, cancel, retention and delete", async () => {
    const group = uniqueGroup("sum");
    // Step1 may retry once; Step2 depends on it and cascades a failure.
    const pipelineId = await startPipeline(client, [
      pipelineObject("Default", {
        scheduleType: "ondemand",
        workerGroup: group,
        maximumRetries: "0",
        failureAndRerunMode: "cascade",
      }),
      pipelineObject("Step1", { type: "ShellCommandActivity", command: "true", maximumRetries: "1" }),
      pipelineObject("Step2", { type: "ShellCommandActivity", command: "true", dependsOn: { ref: "Step1" } }),
    ]);
    expect(await expectExact(pipelineId)).toMatchObject({ latest_run: null, last_status: null });

    // Run A: Step1 fails once and is retried, then both finish.
    const retried = await runTask(group, "FAILED");
    expect((await expectExact(pipelineId)).last_status).toBeNull();
    expect(await runTask(group, "FINISHED")).toBe(retried);
    const runA2 = await runTask(group, "FINISHED");
    const a = await expectExact(pipelineId);
    expect(a).toMatchObject({ last_status: "FINISHED", last_instance: runA2 });
    expect(await health(pipelineId)).toBe("HEALTHY");

    // Run B: Step1 fails twice (its retry too); Step2 cascades.
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    const failedB = await runTask(group, "FAILED");
    await expectExact(pipelineId);
    expect(await runTask(group, "FAILED")).toBe(failedB);
    expect(await expectExact(pipelineId)).toMatchObject({ last_status: "FAILED", last_instance: failedB });
    expect(await health(pipelineId)).toBe("ERROR");

    // Run C: Step1 acknowledged and still running (a later start, no outcome).
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    const runningC = await runTask(group, null);
    expect((await expectExact(pipelineId)).last_instance).toBe(failedB);

    // A rerun of run B's failed Step1 keeps its previous outcome; finishing it is the new last outcome.
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [failedB], status: "RERUN" }));
    expect(await expectExact(pipelineId)).toMatchObject({ last_status: "FAILED", last_instance: failedB });
    // A rerun of the latest finished run takes away the latest completed time: computed again.
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [runA2], status: "RERUN" }));
    await expectExact(pipelineId);
    // The next task ends FINISHED, the one after FAILED (and its retries too, until its instance has failed).
    await runTask(group, "FINISHED");
    await expectExact(pipelineId);
    let failed = await runTask(group, "FAILED");
    await expectExact(pipelineId);
    while ((await statusOf(pipelineId, failed)) !== "FAILED") {
      failed = await runTask(group, "FAILED");
      await expectExact(pipelineId);
    }

    // Cancel the running Step1 of run C; mark the failed one finished.
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [runningC], status: "CANCEL" }));
    await expectExact(pipelineId);
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [failed], status: "MARK_FINISHED" }));
    await expectExact(pipelineId);

    // Retention deletes every run except each component's latest once they are old and settled.
    await ageRun(pipelineId, null, 200);
    await expectExact(pipelineId);
    await lib.retention.pruneRunHistory(new Date(), true);
    await expectExact(pipelineId);

    // Deleting the pipeline leaves nothing to summarize.
    await client.send(new DeletePipelineCommand({ pipelineId }));
    expect(await expectExact(pipelineId)).toMatchObject({
      latest_run: null,
      latest_completed: null,
      last_status: null,
    });
  });
});
