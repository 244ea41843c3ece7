import type { PipelineObject } from "@aws-sdk/client-data-pipeline";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SHARED_SERVER_ENV } from "./global-setup";
import { sdk, withDb } from "./helpers";
import { pollTask, startPipeline, uniqueGroup } from "./runner-helpers";
import { pipelineObject } from "./fixtures";

// The scheduler's state machine at the store level, as graphile-worker tests its SQL functions: rows
// are seeded through the API (a pipeline activated on the shared server), then this process calls a
// transition of lib/scheduler/state-machine.ts, or one of lib/store's fast paths, in a transaction of
// its own against the same database, and reads the rows it left. The test process reads the same
// settings as the server (retry delays and duration scale), so the plan it computes is the server's.

Object.assign(process.env, SHARED_SERVER_ENV, { DATABASE_URL: inject("databaseUrl") });

type Lib = {
  sm: typeof import("@/lib/scheduler/state-machine");
  runs: typeof import("@/lib/scheduler/runs");
  ctx: typeof import("@/lib/scheduler/scheduler-context");
  tasks: typeof import("@/lib/store/tasks");
  objects: typeof import("@/lib/store/runtime-objects");
  pipelines: typeof import("@/lib/store/pipelines");
  tx: typeof import("@/lib/store/transaction");
  db: typeof import("@/lib/store/db");
};
let lib: Lib;

beforeAll(async () => {
  // Imported after the environment above is set: lib/config/settings.ts reads it once.
  lib = {
    sm: await import("@/lib/scheduler/state-machine"),
    runs: await import("@/lib/scheduler/runs"),
    ctx: await import("@/lib/scheduler/scheduler-context"),
    tasks: await import("@/lib/store/tasks"),
    objects: await import("@/lib/store/runtime-objects"),
    pipelines: await import("@/lib/store/pipelines"),
    tx: await import("@/lib/store/transaction"),
    db: await import("@/lib/store/db"),
  };
});

afterAll(async () => {
  await lib?.db.closeDb();
});

const client = sdk();

const o = pipelineObject;

/** Step1 and, depending on it, Step2: on demand, one worker group, the given failure mode and retries. */
function twoSteps(group: string, opts: { cascade?: boolean; maximumRetries?: string } = {}): PipelineObject[] {
  return [
    o("Default", {
      scheduleType: "ondemand",
      workerGroup: group,
      maximumRetries: opts.maximumRetries ?? "0",
      retryDelay: "10 Minutes",
      ...(opts.cascade ? { failureAndRerunMode: "CASCADE" } : {}),
    }),
    o("Step1", { type: "ShellCommandActivity", command: "true" }),
    o("Step2", { type: "ShellCommandActivity", command: "true", dependsOn: { ref: "Step1" } }),
  ];
}

/** One activity nothing depends on, without onSuccess: the case the FINISHED fast path takes. */
function leaf(group: string): PipelineObject[] {
  return [
    o("Default", { scheduleType: "ondemand", workerGroup: group }),
    o("Only", { type: "ShellCommandActivity", command: "true" }),
  ];
}

interface TaskRow {
  pk: bigint;
  taskId: string | null;
  accountId: string;
  attemptId: string;
  instanceId: string;
  state: string;
  readyAt: Date;
}

async function tasksOf(pipelineId: string): Promise<TaskRow[]> {
  return withDb(async (db) => {
    const { rows } = await db.query(
      `SELECT pk, task_id, account_id, attempt_id, instance_id, state, ready_at FROM tasks WHERE pipeline_id = $1 ORDER BY pk`,
      [pipelineId],
    );
    return rows.map((r) => ({
      pk: BigInt(r.pk),
      taskId: r.task_id,
      accountId: r.account_id,
      attemptId: r.attempt_id,
      instanceId: r.instance_id,
      state: r.state,
      readyAt: r.ready_at,
    }));
  });
}

interface ObjectState {
  status: string | null;
  attemptNumber: number | null;
  actualStartTime: Date | null;
  actualEndTime: Date | null;
  errorId: string | null;
  cascadeFailedOn: string | null;
  fields: { key: string; stringValue?: string; refValue?: string }[];
}

/** The runtime objects of a pipeline by id, with the object ids' component part (`@Step1_...` -> `Step1`) as key prefix. */
async function objectsOf(pipelineId: string): Promise<Map<string, ObjectState>> {
  return withDb(async (db) => {
    const { rows } = await db.query(
      `SELECT object_id, status, attempt_number, actual_start_time, actual_end_time, error_id, cascade_failed_on, fields
       FROM pipeline_objects WHERE pipeline_id = $1 AND sphere IN ('INSTANCE', 'ATTEMPT')`,
      [pipelineId],
    );
    return new Map(
      rows.map((r) => [
        r.object_id as string,
        {
          status: r.status,
          attemptNumber: r.attempt_number,
          actualStartTime: r.actual_start_time,
          actualEndTime: r.actual_end_time,
          errorId: r.error_id,
          cascadeFailedOn: r.cascade_failed_on,
          fields: r.fields,
        },
      ]),
    );
  });
}

/** The instance (not an attempt) whose id starts with `prefix`. */
function find(objects: Map<string, ObjectState>, prefix: string): [string, ObjectState] {
  const hit = [...objects].find(([id]) => id.startsWith(prefix) && !id.includes("_Attempt="));
  if (!hit) throw new Error(`no instance ${prefix}* among ${[...objects.keys()].join(", ")}`);
  return hit;
}

/** Runs a transition the way the operations do: the pipeline's scheduler context, one transaction. */
async function transition(
  pipelineId: string,
  fn: (
    tx: import("@/lib/store/db").Tx,
    ctx: import("@/lib/scheduler/scheduler-context").SchedulerContext,
  ) => Promise<unknown>,
): Promise<void> {
  await lib.tx.runInTransaction(async (tx) => {
    const pipeline = await lib.pipelines.findPipelineById(tx, pipelineId);
    const ctx = pipeline ? await lib.ctx.loadSchedulerContext(tx, pipeline) : null;
    if (!ctx) throw new Error(`pipeline ${pipelineId} has no scheduler context`);
    await fn(tx, ctx);
  });
}

/** The queued task of Step1, taken off the queue as SetTaskStatus does before it calls a transition. */
async function takeStep1Task(pipelineId: string): Promise<TaskRow> {
  const [task] = (await tasksOf(pipelineId)).filter((t) => t.instanceId.startsWith("@Step1_"));
  if (!task) throw new Error("Step1 has no task");
  await transition(pipelineId, (tx) => lib.tasks.deleteTask(tx, task.pk));
  return task;
}

describe("state-machine transitions (store level)", () => {
  it("a finished attempt finishes its instance and releases the dependent, which gets attempt 1 and a queued task", async () => {
    const pipelineId = await startPipeline(client, twoSteps(uniqueGroup()));
    const task = await takeStep1Task(pipelineId);
    const now = new Date();
    await transition(pipelineId, (tx, ctx) => lib.sm.completeAttempt(tx, ctx, task.attemptId, task.instanceId, now));

    const objects = await objectsOf(pipelineId);
    expect(objects.get(task.attemptId)).toMatchObject({ status: "FINISHED", actualEndTime: now });
    expect(objects.get(task.instanceId)).toMatchObject({ status: "FINISHED", actualEndTime: now });
    const [step2Id, step2] = find(objects, "@Step2_");
    expect(step2).toMatchObject({ status: "WAITING_FOR_RUNNER", attemptNumber: 1 });
    expect(step2.fields.some((f) => f.key === "@waitingOn")).toBe(false);
    const queued = await tasksOf(pipelineId);
    expect(queued.map((t) => [t.instanceId, t.state])).toEqual([[step2Id, "READY"]]);
  });

  it("a failed attempt with tries left creates the next attempt, queued after retryDelay; the instance keeps waiting for a runner", async () => {
    const pipelineId = await startPipeline(client, twoSteps(uniqueGroup(), { maximumRetries: "1" }));
    const task = await takeStep1Task(pipelineId);
    const now = new Date();
    await transition(pipelineId, (tx, ctx) =>
      lib.sm.failAttempt(
        tx,
        ctx,
        task.attemptId,
        task.instanceId,
        { status: "FAILED", errorId: "Boom", errorMessage: "it broke" },
        now,
      ),
    );

    const objects = await objectsOf(pipelineId);
    expect(objects.get(task.attemptId)).toMatchObject({ status: "FAILED", errorId: "Boom", actualEndTime: now });
    expect(objects.get(task.instanceId)).toMatchObject({ status: "WAITING_FOR_RUNNER", attemptNumber: 2 });
    const second = task.attemptId.replace(/Attempt=1$/, "Attempt=2");
    expect(objects.get(second)).toMatchObject({ status: "WAITING_FOR_RUNNER", attemptNumber: 2 });
    expect(find(objects, "@Step2_")[1].status).toBe("WAITING_ON_DEPENDENCIES");
    const [queued] = await tasksOf(pipelineId);
    expect(queued).toMatchObject({ attemptId: second, state: "READY" });
    // retryDelay 10 minutes at DURATION_SCALE 0.01: 6 s after the failure.
    expect(queued!.readyAt.getTime() - now.getTime()).toBe(6_000);
  });

  it("a failure without tries left fails the instance; a CASCADE dependent fails with it, another keeps waiting", async () => {
    for (const cascade of [true, false]) {
      const pipelineId = await startPipeline(client, twoSteps(uniqueGroup(), { cascade }));
      const task = await takeStep1Task(pipelineId);
      const now = new Date();
      await transition(pipelineId, (tx, ctx) =>
        lib.sm.failAttempt(tx, ctx, task.attemptId, task.instanceId, { status: "FAILED", errorId: "Boom" }, now),
      );

      const objects = await objectsOf(pipelineId);
      expect(objects.get(task.instanceId)).toMatchObject({ status: "FAILED", errorId: "Boom", actualEndTime: now });
      const step2 = find(objects, "@Step2_")[1];
      if (cascade)
        expect(step2).toMatchObject({ status: "CASCADE_FAILED", cascadeFailedOn: task.instanceId, actualEndTime: now });
      else expect(step2).toMatchObject({ status: "WAITING_ON_DEPENDENCIES", cascadeFailedOn: null });
      expect(await tasksOf(pipelineId)).toEqual([]);
    }
  });

  it("cancelling instances deletes a queued task and cancels its attempt with a reason; a waiting instance is cancelled outright", async () => {
    const pipelineId = await startPipeline(client, twoSteps(uniqueGroup()));
    const [task] = await tasksOf(pipelineId);
    const before = await objectsOf(pipelineId);
    const [step2Id] = find(before, "@Step2_");
    const now = new Date();
    await transition(pipelineId, (tx, ctx) => lib.sm.cancelInstances(tx, ctx, [task!.instanceId, step2Id], now));

    const objects = await objectsOf(pipelineId);
    expect(objects.get(task!.attemptId)).toMatchObject({ status: "CANCELED", actualEndTime: now });
    expect(objects.get(task!.attemptId)!.fields).toContainEqual({
      key: "cancellationReason",
      stringValue: "Canceled before a runner took it",
    });
    expect(objects.get(task!.instanceId)).toMatchObject({ status: "CANCELED", actualEndTime: now });
    expect(objects.get(step2Id)).toMatchObject({ status: "CANCELED", actualEndTime: now });
    expect(await tasksOf(pipelineId)).toEqual([]);
  });
});

/**
 * Every row of a pipeline's instances and attempts, comparable across two pipelines activated a few
 * seconds apart: the scheduled start (in object ids, references and times) is replaced by a marker.
 * updated_at is left out: the general path stamps the wall clock there, the fast path its `now`.
 */
async function comparableRows(pipelineId: string): Promise<string> {
  return withDb(async (db) => {
    const { rows } = await db.query(
      `SELECT to_jsonb(o) - 'pk' - 'pipeline_id' - 'created_at' - 'updated_at' AS row,
              to_char(o.scheduled_start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS start
       FROM pipeline_objects o WHERE pipeline_id = $1 AND sphere IN ('INSTANCE', 'ATTEMPT') ORDER BY sphere, object_id`,
      [pipelineId],
    );
    const start = rows[0]?.start as string;
    const tasks = await db.query(
      `SELECT state, acked_at IS NOT NULL AS acked, extract(epoch FROM lease_expires_at - last_progress_at) AS lease_seconds
       FROM tasks WHERE pipeline_id = $1 ORDER BY pk`,
      [pipelineId],
    );
    const text = JSON.stringify({ objects: rows.map((r) => r.row), tasks: tasks.rows });
    // to_jsonb writes timestamps with the session's offset; the ids use the plain UTC form.
    const startJson = JSON.stringify(rows[0]?.row.scheduled_start_time).slice(1, -1);
    return text.split(startJson).join("<start>").split(start).join("<start>");
  });
}

describe("fast paths write the rows their general paths write", () => {
  it("first acknowledgement (renewLeases vs renewLease + markObjectsRunning + touchReportedProgress), then FINISHED (finishLeafTasks vs completeAttempt)", async () => {
    const fast = await startPipeline(client, leaf(uniqueGroup()));
    const general = await startPipeline(client, leaf(uniqueGroup()));
    const fastTask = await pollTask(client, (await groupOf(fast))!);
    const generalTask = await pollTask(client, (await groupOf(general))!);
    // The hand-out stamps each attempt's start with the database clock, a moment apart; the same
    // start for both makes everything else comparable. This instant and those below are far from
    // the scheduled starts comparableRows replaces by a marker, so none is taken for one.
    await withDb((db) =>
      db.query(
        `UPDATE pipeline_objects SET actual_start_time = '2000-01-01T00:00:00Z' WHERE pipeline_id = ANY($1) AND sphere = 'ATTEMPT'`,
        [[fast, general]],
      ),
    );
    expect(await comparableRows(fast)).toBe(await comparableRows(general));
    const [{ accountId }] = (await tasksOf(fast)) as [TaskRow];
    const pool = await lib.db.getPool();
    const timeout = Number(process.env.PROGRESS_TIMEOUT_SECONDS ?? 900);

    // ReportTaskProgress without fields, first acknowledgement.
    const ackedAt = new Date("2001-01-01T00:00:00Z");
    expect(await lib.tasks.renewLeases(pool, accountId, [fastTask.taskId!], timeout, ackedAt)).toEqual(
      new Set([fastTask.taskId]),
    );
    await lib.tx.runInTransaction(async (tx) => {
      const task = await lib.tasks.lockLeasedTask(tx, accountId, generalTask.taskId!);
      if (!task) throw new Error("the general path's task is not leased");
      await lib.tasks.renewLease(tx, task.pk, task.progressTimeoutSeconds ?? timeout);
      await lib.objects.markObjectsRunning(tx, task.pipelineId, [task.attemptId, task.instanceId], ackedAt);
      await lib.objects.touchReportedProgress(tx, task.pipelineId, task.attemptId, ackedAt);
    });
    const runningFast = await comparableRows(fast);
    expect(runningFast).toContain('"status":"RUNNING"');
    expect(runningFast).toBe(await comparableRows(general));

    // SetTaskStatus FINISHED.
    const finishedAt = new Date(ackedAt.getTime() + 1_000);
    expect(await lib.tasks.finishLeafTasks(pool, accountId, [fastTask.taskId!], finishedAt)).toEqual(
      new Set([fastTask.taskId]),
    );
    await lib.tx.runInTransaction(async (tx) => {
      const task = await lib.tasks.lockLeasedTask(tx, accountId, generalTask.taskId!);
      if (!task) throw new Error("the general path's task is not leased");
      await lib.tasks.deleteTask(tx, task.pk);
      const pipeline = await lib.pipelines.findPipelineById(tx, task.pipelineId);
      const ctx = await lib.ctx.loadSchedulerContext(tx, pipeline!);
      await lib.sm.completeAttempt(tx, ctx!, task.attemptId, task.instanceId, finishedAt);
    });
    const finishedFast = await comparableRows(fast);
    expect(finishedFast).not.toContain("RUNNING");
    expect(finishedFast).toBe(await comparableRows(general));
  });
});

describe("the runner cycle's updates can be HOT updates (issue #16)", () => {
  // Postgres writes no index entries for an update (HOT) only when no index reads a column whose
  // value it changes (key, expression or partial-index predicate), and the page has room.
  const changedAfterInsert: Record<string, string[]> = {
    // hand-out (attempt), first acknowledgement and later reports (attempt, instance), FINISHED (both)
    pipeline_objects: [
      "status",
      "hostname",
      "actual_start_time",
      "actual_end_time",
      "updated_at",
      "reported_progress_at",
      "fields",
    ],
    // acknowledgement and later reports (the hand-out itself moves the row out of the ready indexes)
    tasks: ["acked_at", "last_progress_at", "lease_expires_at"],
  };

  it("no index of pipeline_objects or tasks reads a column the cycle changes after the insert (tasks: after the hand-out)", async () => {
    const defs = await withDb(async (db) => {
      const { rows } = await db.query<{ table: string; def: string }>(
        `SELECT c.relname AS table, pg_get_indexdef(i.indexrelid) AS def
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
         WHERE c.relname = ANY($1) AND c.relnamespace = 'public'::regnamespace`,
        [Object.keys(changedAfterInsert)],
      );
      return rows;
    });
    expect(defs.length).toBeGreaterThan(5);
    for (const { table, def } of defs) {
      const columnsPart = def.slice(def.indexOf(" USING "));
      for (const column of changedAfterInsert[table]!)
        expect(new RegExp(`\\b${column}\\b`).test(columnsPart), `${def} reads ${column}`).toBe(false);
    }
  });

  it("off_cycle_status is NULL through hand-out, acknowledgement and FINISHED, and the status outside the cycle", async () => {
    const pipelineId = await startPipeline(client, twoSteps(uniqueGroup()));
    const offCycle = () =>
      withDb(async (db) => {
        const { rows } = await db.query<{ object_id: string; status: string; off: string | null }>(
          `SELECT object_id, status, off_cycle_status AS off FROM pipeline_objects WHERE pipeline_id = $1 AND sphere <> 'COMPONENT'`,
          [pipelineId],
        );
        return rows;
      });
    for (const r of await offCycle())
      expect(r.off).toBe(r.status === "WAITING_ON_DEPENDENCIES" ? "WAITING_ON_DEPENDENCIES" : null);
    const [step1] = (await tasksOf(pipelineId)).filter((t) => t.instanceId.startsWith("@Step1_"));
    const leased = await pollTask(client, (await groupOf(pipelineId))!);
    expect(leased.attemptId).toBe(step1!.attemptId);
    const pool = await lib.db.getPool();
    const timeout = Number(process.env.PROGRESS_TIMEOUT_SECONDS ?? 900);
    await lib.tasks.renewLeases(pool, step1!.accountId, [leased.taskId!], timeout, new Date());
    const running = await offCycle();
    expect(running.filter((r) => r.status === "RUNNING").map((r) => r.off)).toEqual([null, null]);
    await transition(pipelineId, async (tx, ctx) => {
      await lib.tasks.deleteTask(tx, step1!.pk);
      await lib.sm.completeAttempt(tx, ctx, step1!.attemptId, step1!.instanceId, new Date());
    });
    const after = await offCycle();
    expect(after.filter((r) => r.status === "FINISHED").map((r) => r.off)).toEqual([null, null]);
    // Step2 was released by the finish: waiting for a runner, also NULL.
    expect(after.every((r) => r.off === null)).toBe(true);
  });

  it("an on-demand run writes an instance that waits on nothing once, already WAITING_FOR_RUNNER with attempt 1 queued", async () => {
    const pipelineId = await startPipeline(client, twoSteps(uniqueGroup(), { maximumRetries: "2" }));
    const written = await (async () => {
      let delta: Record<string, number> = {};
      await transition(pipelineId, async (tx, ctx) => {
        const read = async () =>
          (
            await tx.$queryRaw<{ ins: number; upd: number }[]>`
              SELECT n_tup_ins::int AS ins, n_tup_upd::int AS upd FROM pg_stat_xact_user_tables WHERE relname = 'pipeline_objects'`
          )[0] ?? { ins: 0, upd: 0 };
        const before = await read();
        // A second run of the activation, a second later (instance ids carry the second).
        await lib.runs.startOnDemandRun(tx, ctx, new Date());
        const after = await read();
        delta = { inserts: after.ins - before.ins, updates: after.upd - before.upd };
      });
      return delta;
    })();
    // Step1's instance and attempt, Step2's instance; the one update is Step2's @waitingOn.
    expect(written).toEqual({ inserts: 3, updates: 1 });
    const objects = await objectsOf(pipelineId);
    const step1s = [...objects].filter(([id]) => id.startsWith("@Step1_") && !id.includes("_Attempt="));
    expect(step1s).toHaveLength(2);
    for (const [id, o] of step1s) {
      expect(o).toMatchObject({ status: "WAITING_FOR_RUNNER", attemptNumber: 1 });
      expect(o.fields).toEqual([{ key: "@triesLeft", stringValue: "2" }]);
      expect(objects.get(`${id}_Attempt=1`)).toMatchObject({ status: "WAITING_FOR_RUNNER", attemptNumber: 1 });
    }
    const step2s = [...objects].filter(([id]) => id.startsWith("@Step2_"));
    expect(step2s.map(([, o]) => o.status)).toEqual(["WAITING_ON_DEPENDENCIES", "WAITING_ON_DEPENDENCIES"]);
    const queued = await tasksOf(pipelineId);
    expect(queued.map((t) => t.instanceId).sort()).toEqual(step1s.map(([id]) => id).sort());
  });

  it("an acknowledgement on the general path is a HOT update of the task row", async () => {
    const pipelineId = await startPipeline(client, leaf(uniqueGroup()));
    const leased = await pollTask(client, (await groupOf(pipelineId))!);
    const [{ accountId }] = (await tasksOf(pipelineId)) as [TaskRow];
    const timeout = Number(process.env.PROGRESS_TIMEOUT_SECONDS ?? 900);
    const delta = await lib.tx.runInTransaction(async (tx) => {
      // This backend's counts not yet sent to the shared statistics (this transaction's among them).
      const read = async () =>
        (
          await tx.$queryRaw<{ upd: number; hot: number }[]>`
            SELECT n_tup_upd::int AS upd, n_tup_hot_upd::int AS hot FROM pg_stat_xact_user_tables WHERE relname = 'tasks'`
        )[0] ?? { upd: 0, hot: 0 };
      const task = await lib.tasks.lockLeasedTask(tx, accountId, leased.taskId!);
      if (!task) throw new Error("the task is not leased");
      const before = await read();
      await lib.tasks.renewLease(tx, task.pk, task.progressTimeoutSeconds ?? timeout);
      await lib.tasks.renewLease(tx, task.pk, task.progressTimeoutSeconds ?? timeout);
      const after = await read();
      return { updates: after.upd - before.upd, hot: after.hot - before.hot };
    });
    expect(delta).toEqual({ updates: 2, hot: 2 });
  });
});

async function groupOf(pipelineId: string): Promise<string | undefined> {
  return withDb(
    async (db) =>
      (await db.query(`SELECT worker_group FROM tasks WHERE pipeline_id = $1`, [pipelineId])).rows[0]?.worker_group,
  );
}
