import type { Pool } from "pg";
import type { Tx } from "./db";
import { toJson } from "./json";

// The task queue runners lease from. A row is READY (waiting), LEASED (handed out under a taskId)
// or PAUSED (its component is paused). Finished rows are deleted, so the table only holds live
// work and its ready index stays small. Waiting polls are woken through NOTIFY on TASK_CHANNEL.

export const TASK_CHANNEL = "ph_task_ready";

export interface NewTask {
  pipelineId: string;
  attemptId: string;
  instanceId: string;
  workerGroup: string;
  readyAt: Date;
  payload: unknown;
  isPrecondition: boolean;
  progressTimeoutSeconds: number | null;
  attemptTimeoutSeconds: number | null;
  paused?: boolean;
}

/** Queues an attempt; the NOTIFY is delivered when the caller's transaction commits, never before. */
export async function enqueueTask(tx: Tx, t: NewTask, now: Date): Promise<void> {
  await tx.task.create({
    data: {
      pipelineId: t.pipelineId,
      attemptId: t.attemptId,
      instanceId: t.instanceId,
      workerGroup: t.workerGroup,
      state: t.paused ? "PAUSED" : "READY",
      readyAt: t.readyAt,
      payload: toJson(t.payload),
      isPrecondition: t.isPrecondition,
      progressTimeoutSeconds: t.progressTimeoutSeconds,
      attemptTimeoutSeconds: t.attemptTimeoutSeconds,
    },
  });
  if (!t.paused && t.readyAt <= now) await notifyTaskReady(tx, t.workerGroup);
}

export async function notifyTaskReady(tx: Tx, workerGroup: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${TASK_CHANNEL}, ${workerGroup})`;
}

export interface ClaimedTask {
  pk: string;
  pipelineId: string;
  attemptId: string;
  instanceId: string;
  taskId: string;
  payload: Record<string, unknown>;
  leasedAt: Date;
  firstStart: Date;
}

/**
 * Leases the oldest due task of a worker group to a new taskId, in one statement (one short
 * transaction). Why it is safe under concurrency: FOR UPDATE SKIP LOCKED makes each concurrent
 * claimer skip rows another claimer has locked, so two pollers can never take the same row, and
 * the UPDATE re-checks `state = 'READY'` under the row lock. The attempt's hostname and first start
 * time are recorded in the same statement.
 */
export async function claimTask(pool: Pool, workerGroup: string, hostname: string | null, taskId: string, ackTimeoutSeconds: number): Promise<ClaimedTask | null> {
  const res = await pool.query<{
    pk: string;
    pipeline_id: string;
    attempt_id: string;
    instance_id: string;
    payload: Record<string, unknown>;
    leased_at: Date;
    first_start: Date | null;
  }>(
    `WITH next AS (
       SELECT pk FROM tasks
       WHERE state = 'READY' AND worker_group = $1 AND ready_at <= now()
       ORDER BY ready_at, pk
       LIMIT 1
       FOR UPDATE SKIP LOCKED
     ), leased AS (
       UPDATE tasks t
       SET state = 'LEASED', task_id = $2, leased_at = now(), acked_at = NULL, last_progress_at = NULL,
           lease_expires_at = now() + make_interval(secs => $4), hostname = $3, handouts = t.handouts + 1,
           deadline_at = CASE WHEN t.attempt_timeout_seconds IS NULL THEN NULL
                              ELSE coalesce(t.deadline_at, now() + make_interval(secs => t.attempt_timeout_seconds)) END
       FROM next WHERE t.pk = next.pk AND t.state = 'READY'
       RETURNING t.pk, t.pipeline_id, t.attempt_id, t.instance_id, t.payload, t.leased_at
     ), attempt AS (
       UPDATE pipeline_objects o
       SET hostname = $3, actual_start_time = coalesce(o.actual_start_time, leased.leased_at), updated_at = now()
       FROM leased
       WHERE o.pipeline_id = leased.pipeline_id AND o.object_id = leased.attempt_id AND o.sphere = 'ATTEMPT'
       RETURNING o.actual_start_time
     )
     SELECT leased.pk::text AS pk, leased.pipeline_id, leased.attempt_id, leased.instance_id, leased.payload, leased.leased_at,
            (SELECT actual_start_time FROM attempt LIMIT 1) AS first_start
     FROM leased`,
    [workerGroup, taskId, hostname, ackTimeoutSeconds],
  );
  const row = res.rows[0];
  if (!row) return null;
  return {
    pk: row.pk,
    pipelineId: row.pipeline_id,
    attemptId: row.attempt_id,
    instanceId: row.instance_id,
    taskId,
    payload: row.payload,
    leasedAt: row.leased_at,
    firstStart: row.first_start ?? row.leased_at,
  };
}

/** Gives a hand-out back to the queue at once (its poller went away before receiving it). */
export async function releaseLease(pool: Pool, taskId: string): Promise<void> {
  await pool.query(
    `WITH r AS (
       UPDATE tasks SET state = 'READY', task_id = NULL, leased_at = NULL, lease_expires_at = NULL, hostname = NULL
       WHERE task_id = $1 AND state = 'LEASED' AND acked_at IS NULL RETURNING worker_group)
     SELECT pg_notify($2, worker_group) FROM r`,
    [taskId, TASK_CHANNEL],
  );
}

export interface LeasedTaskRow {
  pk: bigint;
  pipelineId: string;
  attemptId: string;
  instanceId: string;
  workerGroup: string;
  isPrecondition: boolean;
  ackedAt: Date | null;
  cancelRequested: boolean;
  progressTimeoutSeconds: number | null;
}

/** The live hand-out with this taskId, locked for the transaction; null for unknown, expired, replaced or finished ones. */
export async function lockLeasedTask(tx: Tx, taskId: string): Promise<LeasedTaskRow | null> {
  const rows = await tx.$queryRaw<
    { pk: bigint; pipeline_id: string; attempt_id: string; instance_id: string; worker_group: string; is_precondition: boolean; acked_at: Date | null; cancel_requested: boolean; progress_timeout_seconds: number | null }[]
  >`SELECT pk, pipeline_id, attempt_id, instance_id, worker_group, is_precondition, acked_at, cancel_requested, progress_timeout_seconds
    FROM tasks WHERE task_id = ${taskId} AND state = 'LEASED' FOR UPDATE`;
  const r = rows[0];
  if (!r) return null;
  return {
    pk: r.pk,
    pipelineId: r.pipeline_id,
    attemptId: r.attempt_id,
    instanceId: r.instance_id,
    workerGroup: r.worker_group,
    isPrecondition: r.is_precondition,
    ackedAt: r.acked_at,
    cancelRequested: r.cancel_requested,
    progressTimeoutSeconds: r.progress_timeout_seconds,
  };
}

/** Acknowledges or renews a lease: the runner has until now + progress timeout to report again. */
export async function renewLease(tx: Tx, pk: bigint, progressTimeoutSeconds: number): Promise<void> {
  await tx.$executeRaw`UPDATE tasks SET acked_at = coalesce(acked_at, now()), last_progress_at = now(),
    lease_expires_at = now() + make_interval(secs => ${progressTimeoutSeconds}) WHERE pk = ${pk}`;
}

export async function deleteTask(tx: Tx, pk: bigint): Promise<void> {
  await tx.$executeRaw`DELETE FROM tasks WHERE pk = ${pk}`;
}

/** Hand-outs nobody acknowledged in time go back to the queue; their old taskIds stop working. */
export async function requeueUnacknowledged(pool: Pool): Promise<number> {
  const res = await pool.query(
    `WITH expired AS (
       SELECT pk FROM tasks WHERE state = 'LEASED' AND acked_at IS NULL AND lease_expires_at < now() AND NOT cancel_requested
       FOR UPDATE SKIP LOCKED
     ), requeued AS (
       UPDATE tasks t SET state = 'READY', task_id = NULL, leased_at = NULL, lease_expires_at = NULL, hostname = NULL
       FROM expired WHERE t.pk = expired.pk RETURNING t.worker_group)
     SELECT pg_notify($1, worker_group) FROM requeued`,
    [TASK_CHANNEL],
  );
  return res.rowCount ?? 0;
}

export interface StalledTask {
  pk: bigint;
  pipelineId: string;
  attemptId: string;
  instanceId: string;
  /** progress: the runner went silent; attempt: attemptTimeout passed; canceled: cancelled work whose runner never came back. */
  reason: "progress" | "attempt" | "canceled";
}

/** Acknowledged hand-outs whose runner went silent, or whose attemptTimeout passed; locked for the caller's transaction. */
export async function lockStalledTasks(tx: Tx, limit: number): Promise<StalledTask[]> {
  const rows = await tx.$queryRaw<{ pk: bigint; pipeline_id: string; attempt_id: string; instance_id: string; reason: StalledTask["reason"] }[]>`
    SELECT pk, pipeline_id, attempt_id, instance_id,
      CASE WHEN cancel_requested AND lease_expires_at < now() THEN 'canceled'
           WHEN deadline_at IS NOT NULL AND deadline_at < now() THEN 'attempt' ELSE 'progress' END AS reason
    FROM tasks
    WHERE state = 'LEASED' AND ((acked_at IS NOT NULL AND lease_expires_at < now()) OR (deadline_at IS NOT NULL AND deadline_at < now())
      OR (cancel_requested AND lease_expires_at < now()))
    ORDER BY pk LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  return rows.map((r) => ({ pk: r.pk, pipelineId: r.pipeline_id, attemptId: r.attempt_id, instanceId: r.instance_id, reason: r.reason }));
}

/** Worker groups (among those given) that have due ready tasks, with how many: used to wake waiting polls. */
export async function countDueTasksByGroup(pool: Pool, groups: string[]): Promise<Map<string, number>> {
  if (groups.length === 0) return new Map();
  const res = await pool.query<{ worker_group: string; n: number }>(
    `SELECT worker_group, count(*)::int AS n FROM tasks WHERE state = 'READY' AND ready_at <= now() AND worker_group = ANY($1::text[]) GROUP BY worker_group`,
    [groups],
  );
  return new Map(res.rows.map((r) => [r.worker_group, r.n]));
}

export interface TaskRef {
  pk: bigint;
  attemptId: string;
  instanceId: string;
  state: string;
  workerGroup: string;
}

/** The queue rows of these instances, locked. */
export async function lockTasksOfInstances(tx: Tx, pipelineId: string, instanceIds: string[]): Promise<TaskRef[]> {
  if (instanceIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ pk: bigint; attempt_id: string; instance_id: string; state: string; worker_group: string }[]>`
    SELECT pk, attempt_id, instance_id, state, worker_group FROM tasks
    WHERE pipeline_id = ${pipelineId} AND instance_id = ANY(${instanceIds}::text[]) ORDER BY pk FOR UPDATE`;
  return rows.map((r) => ({ pk: r.pk, attemptId: r.attempt_id, instanceId: r.instance_id, state: r.state, workerGroup: r.worker_group }));
}

export async function lockTasksOfPipeline(tx: Tx, pipelineId: string): Promise<TaskRef[]> {
  const rows = await tx.$queryRaw<{ pk: bigint; attempt_id: string; instance_id: string; state: string; worker_group: string }[]>`
    SELECT pk, attempt_id, instance_id, state, worker_group FROM tasks WHERE pipeline_id = ${pipelineId} ORDER BY pk FOR UPDATE`;
  return rows.map((r) => ({ pk: r.pk, attemptId: r.attempt_id, instanceId: r.instance_id, state: r.state, workerGroup: r.worker_group }));
}

/** The runner's next ReportTaskProgress answers `canceled: true`. */
export async function requestCancel(tx: Tx, pks: bigint[]): Promise<void> {
  if (pks.length === 0) return;
  await tx.$executeRaw`UPDATE tasks SET cancel_requested = true WHERE pk = ANY(${pks}::bigint[])`;
}

export async function deleteTasks(tx: Tx, pks: bigint[]): Promise<void> {
  if (pks.length === 0) return;
  await tx.$executeRaw`DELETE FROM tasks WHERE pk = ANY(${pks}::bigint[])`;
}

export async function setTasksState(tx: Tx, pks: bigint[], state: "READY" | "PAUSED"): Promise<void> {
  if (pks.length === 0) return;
  await tx.$executeRaw`UPDATE tasks SET state = ${state} WHERE pk = ANY(${pks}::bigint[])`;
}

export async function countLeasedTasks(tx: Tx, pipelineId: string): Promise<number> {
  return tx.task.count({ where: { pipelineId, state: "LEASED" } });
}

/** Live hand-outs for the console: what each runner host is working on. */
export async function findLeasedTasks(tx: Tx, workerGroups?: string[]) {
  return tx.task.findMany({
    where: { state: "LEASED", ...(workerGroups ? { workerGroup: { in: workerGroups } } : {}) },
    select: { pipelineId: true, attemptId: true, instanceId: true, workerGroup: true, hostname: true, leasedAt: true, ackedAt: true, lastProgressAt: true, cancelRequested: true },
    orderBy: { leasedAt: "asc" },
  });
}
