import type { Pool } from "pg";
import type { Tx } from "./db";
import { getSettings } from "@/lib/config/settings";
import { statementName } from "./connections";
import { metrics } from "@/lib/metrics/registry";

// The task queue runners lease from. A row is READY (waiting), LEASED (handed out under a taskId)
// or PAUSED (its component is paused). Finished rows are deleted, so the table only holds live
// work and its ready index stays small. Waiting polls are woken through NOTIFY on TASK_CHANNEL.

export const TASK_CHANNEL = "ph_task_ready";

// The statements of the runner cycle (claim, renew, finish) and of the re-checks are named prepared
// statements (`name:` below): node-postgres has each parsed once per connection and Postgres then
// reuses a cached plan, instead of parsing and planning these CTEs on every call. Through a
// transaction-mode pooler they go unnamed (statementName, lib/store/connections.ts).
//
// Their lookups are written so that the key lookup is the only index the planner can use, whatever
// the statistics say: a database nobody has analyzed yet (a fresh one, or a server with autovacuum
// off) makes every equality look equally selective, and the planner then broke the tie for the
// smaller index: pipeline_objects (pipeline_id, sphere, status), which reads every attempt of the
// pipeline to find one, and on tasks the partial lease indexes, which it read in full to AND with
// the task_id lookup. Hence `sphere IS NOT DISTINCT FROM ...` and `state IS NOT DISTINCT FROM
// 'LEASED'` below: the same test as `=` on these never-null columns, but not one an index (or a
// partial index predicate) can take, so (pipeline_id, object_id) and task_id stay the only ways in.
//
// The batched ack and finish take their taskIds as `ANY(ARRAY(SELECT unnest($1::text[])))`, not
// `ANY($1::text[])`. A prepared statement is planned afresh for its parameters ("custom" plans)
// until the one plan made without them ("generic") costs no more; with the array visible the
// planner costs a custom plan by the batch's length (a few taskIds) and the generic one by a guessed
// 10, so these two statements were re-planned on every call: planning was 65% of the finish
// statement's time and 53% of the ack's (pg_stat_statements, issue #16). Behind the sub-select
// both plans guess the same length, so after five calls each connection keeps the generic plan,
// which is the same plan (the task_id index, then the pk and (pipeline_id, object_id) lookups).

/**
 * The in-memory name of one account's worker group: waiting polls, claim batches and wake-ups are
 * per queue, so accounts that use the same group name never wake or serve each other. Account ids
 * are 12 digits, so the first ':' splits it.
 */
export function queueKey(accountId: string, workerGroup: string): string {
  return `${accountId}:${workerGroup}`;
}

export function splitQueueKey(key: string): { accountId: string; workerGroup: string } {
  const colon = key.indexOf(":");
  return { accountId: key.slice(0, colon), workerGroup: key.slice(colon + 1) };
}

/**
 * A NOTIFY on TASK_CHANNEL says which account's worker group has new ready tasks and how many, so
 * the listener can wake that many waiting polls at once. (Postgres folds identical notifications
 * of one transaction into one, so one per task would wake a single poll for a whole activation.)
 * Every statement here sends this JSON form; the forms servers before it sent during a rolling
 * upgrade (no account: `{"g", "n"}`, or a bare group name, which counts as one) still decode, with
 * no account.
 */
export function encodeReadyPayload(accountId: string, workerGroup: string, count: number): string {
  return JSON.stringify({ a: accountId, g: workerGroup, n: count });
}

export function decodeReadyPayload(payload: string): { accountId?: string; workerGroup: string; count: number } {
  if (payload.startsWith("{")) {
    try {
      const p = JSON.parse(payload) as { a?: unknown; g?: unknown; n?: unknown };
      if (typeof p.g === "string" && typeof p.n === "number" && Number.isInteger(p.n) && p.n > 0) {
        return typeof p.a === "string"
          ? { accountId: p.a, workerGroup: p.g, count: p.n }
          : { workerGroup: p.g, count: p.n };
      }
    } catch {
      // not ours: a group name that happens to look like JSON
    }
  }
  return { workerGroup: payload, count: 1 };
}

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
  /** The active version under which FINISHED can take the one-statement path (see finishLeafTasks); null: never. */
  plainFinishVersion: number | null;
  paused?: boolean;
}

/**
 * Queues attempts in one INSERT, each under its pipeline's account, and sends one NOTIFY per
 * account and worker group with the number of tasks ready now; the notifications are delivered
 * when the caller's transaction commits, never before.
 */
export async function enqueueTasks(tx: Tx, tasks: NewTask[], now: Date): Promise<void> {
  if (tasks.length === 0) return;
  // The rows travel as one JSON parameter: the payloads are large, and the ORM's createMany spent
  // more CPU preparing them than the database spent inserting them.
  const rows = JSON.stringify(
    tasks.map((t) => ({
      pipeline_id: t.pipelineId,
      attempt_id: t.attemptId,
      instance_id: t.instanceId,
      worker_group: t.workerGroup,
      state: t.paused ? "PAUSED" : "READY",
      ready_at: t.readyAt,
      payload: t.payload,
      is_precondition: t.isPrecondition,
      progress_timeout_seconds: t.progressTimeoutSeconds,
      attempt_timeout_seconds: t.attemptTimeoutSeconds,
      plain_finish_version: t.plainFinishVersion,
    })),
  );
  await tx.$queryRaw`
    WITH queued AS (
      INSERT INTO tasks (account_id, pipeline_id, attempt_id, instance_id, worker_group, state, ready_at, payload, is_precondition,
                         progress_timeout_seconds, attempt_timeout_seconds, plain_finish_version)
      SELECT p.account_id, x.pipeline_id, x.attempt_id, x.instance_id, x.worker_group, x.state, x.ready_at, x.payload, x.is_precondition,
             x.progress_timeout_seconds, x.attempt_timeout_seconds, x.plain_finish_version
      FROM jsonb_to_recordset(${rows}::jsonb) AS x(pipeline_id text, attempt_id text, instance_id text, worker_group text, state text,
        ready_at timestamptz, payload jsonb, is_precondition boolean, progress_timeout_seconds int, attempt_timeout_seconds int,
        plain_finish_version int)
      JOIN pipelines p ON p.id = x.pipeline_id
      RETURNING account_id, worker_group, state, ready_at)
    -- (counted, not returned: pg_notify's void is not a column type the client reads)
    SELECT count(*)::int AS notified FROM (
      SELECT pg_notify(${TASK_CHANNEL}, json_build_object('a', account_id, 'g', worker_group, 'n', count(*))::text)
      FROM queued WHERE state = 'READY' AND ready_at <= ${now} GROUP BY account_id, worker_group) AS sent`;
}

export async function notifyTaskReady(tx: Tx, accountId: string, workerGroup: string, count = 1): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${TASK_CHANNEL}, ${encodeReadyPayload(accountId, workerGroup, count)})`;
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

export interface ClaimRequest {
  /** The new hand-out's opaque token. */
  taskId: string;
  hostname: string | null;
}

/**
 * Leases up to one due task of an account's worker group per request, oldest first, each to its request's new
 * taskId, in one statement (one short transaction) for all the polls that arrived together
 * (lib/batching/claim-batcher.ts). Requests past the number of claimable tasks get nothing. Why it is
 * safe under concurrency: FOR UPDATE SKIP LOCKED makes each concurrent claimer skip rows another
 * claimer has locked, so two claims (of this server or another) can never take the same row, and
 * the UPDATE re-checks `state = 'READY'` under the row lock. The attempts' hostnames and first
 * start times are recorded in the same statement.
 */
export async function claimTasks(
  pool: Pool,
  accountId: string,
  workerGroup: string,
  requests: ClaimRequest[],
  ackTimeoutSeconds: number,
): Promise<ClaimedTask[]> {
  if (requests.length === 0) return [];
  const res = await pool.query<{
    pk: string;
    pipeline_id: string;
    attempt_id: string;
    instance_id: string;
    task_id: string;
    payload: Record<string, unknown>;
    leased_at: Date;
    first_start: Date | null;
  }>({
    name: statementName(getSettings(), "ph_claim_tasks"),
    text: `WITH picked AS (
       SELECT pk, ready_at FROM tasks
       WHERE state = 'READY' AND account_id = $5 AND worker_group = $1 AND ready_at <= now()
       ORDER BY ready_at, pk
       LIMIT cardinality($2::text[])
       FOR UPDATE SKIP LOCKED
     ), next AS (
       -- Numbered outside the locking query (window functions cannot sit beside FOR UPDATE).
       SELECT pk, row_number() OVER (ORDER BY ready_at, pk) AS n FROM picked
     ), req AS (
       SELECT r.task_id, r.hostname, r.n FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS r(task_id, hostname, n)
     ), leased AS (
       UPDATE tasks t
       SET state = 'LEASED', task_id = req.task_id, leased_at = now(), acked_at = NULL, last_progress_at = NULL,
           lease_expires_at = now() + make_interval(secs => $4), hostname = req.hostname, handouts = t.handouts + 1,
           deadline_at = CASE WHEN t.attempt_timeout_seconds IS NULL THEN NULL
                              ELSE coalesce(t.deadline_at, now() + make_interval(secs => t.attempt_timeout_seconds)) END
       FROM next JOIN req ON req.n = next.n
       WHERE t.pk = next.pk AND t.state = 'READY'
       RETURNING t.pk, t.pipeline_id, t.attempt_id, t.instance_id, t.task_id, t.payload, t.leased_at, t.hostname, req.n
     ), attempt AS (
       UPDATE pipeline_objects o
       SET hostname = leased.hostname, actual_start_time = coalesce(o.actual_start_time, leased.leased_at), updated_at = now()
       FROM leased
       WHERE o.pipeline_id = leased.pipeline_id AND o.object_id = leased.attempt_id AND o.sphere <> 'COMPONENT'
         AND o.sphere IS NOT DISTINCT FROM 'ATTEMPT'
       RETURNING o.pipeline_id, o.object_id, o.actual_start_time
     )
     SELECT leased.pk::text AS pk, leased.pipeline_id, leased.attempt_id, leased.instance_id, leased.task_id, leased.payload, leased.leased_at,
            attempt.actual_start_time AS first_start
     FROM leased LEFT JOIN attempt ON attempt.pipeline_id = leased.pipeline_id AND attempt.object_id = leased.attempt_id
     ORDER BY leased.n`,
    values: [workerGroup, requests.map((r) => r.taskId), requests.map((r) => r.hostname), ackTimeoutSeconds, accountId],
  });
  return res.rows.map((row) => ({
    pk: row.pk,
    pipelineId: row.pipeline_id,
    attemptId: row.attempt_id,
    instanceId: row.instance_id,
    taskId: row.task_id,
    payload: row.payload,
    leasedAt: row.leased_at,
    firstStart: row.first_start ?? row.leased_at,
  }));
}

/** Gives a hand-out back to the queue at once (its poller went away before receiving it). */
export async function releaseLease(pool: Pool, taskId: string): Promise<void> {
  await pool.query(
    `WITH r AS (
       UPDATE tasks SET state = 'READY', task_id = NULL, leased_at = NULL, lease_expires_at = NULL, hostname = NULL
       WHERE task_id = $1 AND state = 'LEASED' AND acked_at IS NULL RETURNING account_id, worker_group)
     SELECT pg_notify($2, json_build_object('a', account_id, 'g', worker_group, 'n', 1)::text) FROM r`,
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

/**
 * The account's live hand-out with this taskId, locked for the transaction; null for unknown,
 * expired, replaced or finished ones, and for another account's.
 */
export async function lockLeasedTask(tx: Tx, accountId: string, taskId: string): Promise<LeasedTaskRow | null> {
  const rows = await tx.$queryRaw<
    {
      pk: bigint;
      pipeline_id: string;
      attempt_id: string;
      instance_id: string;
      worker_group: string;
      is_precondition: boolean;
      acked_at: Date | null;
      cancel_requested: boolean;
      progress_timeout_seconds: number | null;
    }[]
  >`SELECT pk, pipeline_id, attempt_id, instance_id, worker_group, is_precondition, acked_at, cancel_requested, progress_timeout_seconds
    FROM tasks WHERE task_id = ${taskId} AND state = 'LEASED' AND account_id = ${accountId} FOR UPDATE`;
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

/**
 * ReportTaskProgress without reported fields, for many hand-outs in one statement (one round trip,
 * one commit): renews each live, not cancelled lease, and on the first acknowledgement marks the
 * attempt and its instance RUNNING, as the general path does (lockLeasedTask, renewLease,
 * markObjectsRunning, touchReportedProgress). The task rows are locked in pk order first, so
 * concurrent batches and the general path serialise per task without deadlocking each other.
 * Returns the taskIds it renewed; the others (unknown, expired, cancelled) go the general way.
 */
export async function renewLeases(
  pool: Pool,
  accountId: string,
  taskIds: string[],
  defaultProgressTimeoutSeconds: number,
  now: Date,
): Promise<Set<string>> {
  if (taskIds.length === 0) return new Set();
  const res = await pool.query<{ task_id: string; first_ack: boolean }>({
    name: statementName(getSettings(), "ph_renew_leases"),
    text: `WITH t AS (
       SELECT pk, pipeline_id, attempt_id, instance_id, acked_at IS NULL AS first_ack,
              coalesce(progress_timeout_seconds::float8, $2::float8) AS timeout
       FROM tasks
       WHERE task_id = ANY(ARRAY(SELECT unnest($1::text[]))) AND state IS NOT DISTINCT FROM 'LEASED' AND NOT cancel_requested AND account_id = $4
       ORDER BY pk
       FOR UPDATE
     ), renewed AS (
       UPDATE tasks SET acked_at = coalesce(tasks.acked_at, now()), last_progress_at = now(),
              lease_expires_at = now() + make_interval(secs => t.timeout)
       FROM t WHERE tasks.pk = t.pk
       RETURNING tasks.task_id, t.first_ack
     ), targets AS (
       -- One row per object to touch, so the update below is an index lookup on (pipeline_id,
       -- object_id); an OR of the two ids would scan every runtime object of the pipeline.
       SELECT pipeline_id, attempt_id AS object_id, 'ATTEMPT' AS sphere, first_ack FROM t
       UNION ALL
       SELECT pipeline_id, instance_id, 'INSTANCE', true FROM t WHERE first_ack
     ), objects AS (
       UPDATE pipeline_objects o
       SET status = CASE WHEN x.first_ack AND o.status = 'WAITING_FOR_RUNNER' THEN 'RUNNING' ELSE o.status END,
           actual_start_time = CASE WHEN x.first_ack AND o.status = 'WAITING_FOR_RUNNER' THEN coalesce(o.actual_start_time, $3) ELSE o.actual_start_time END,
           updated_at = CASE WHEN x.first_ack AND o.status = 'WAITING_FOR_RUNNER' THEN $3 ELSE o.updated_at END,
           reported_progress_at = CASE WHEN x.sphere = 'ATTEMPT' THEN $3 ELSE o.reported_progress_at END
       FROM targets x
       WHERE o.pipeline_id = x.pipeline_id AND o.object_id = x.object_id AND o.sphere <> 'COMPONENT' AND o.sphere IS NOT DISTINCT FROM x.sphere
         AND (x.sphere = 'ATTEMPT' OR o.status = 'WAITING_FOR_RUNNER')
       RETURNING 1
     )
     SELECT task_id, first_ack FROM renewed`,
    values: [taskIds, defaultProgressTimeoutSeconds, now, accountId],
  });
  // Counted here, after the statement committed: the first report on a hand-out is its acknowledgement.
  const acks = res.rows.filter((r) => r.first_ack).length;
  if (acks > 0) metrics().acks.inc(acks);
  return new Set(res.rows.map((r) => r.task_id));
}

/**
 * SetTaskStatus FINISHED for many hand-outs in one statement, for "leaf" tasks only: a live, not
 * cancelled lease of a live pipeline whose instance nobody depends on and whose component has no
 * onSuccess action under the active version (plain_finish_version). Then finishing is exactly what
 * completeAttempt does with nothing to release: the queue row goes, the attempt is FINISHED, the
 * instance FINISHED (keeping its first start, dropping @waitingOn). Everything else (dependents,
 * actions, cancels, deleted pipelines) is left for the general path: the taskIds not returned.
 * Dependents are looked up here, at finish time, because a later run may add an edge to this instance.
 */
export async function finishLeafTasks(
  pool: Pool,
  accountId: string,
  taskIds: string[],
  now: Date,
): Promise<Set<string>> {
  if (taskIds.length === 0) return new Set();
  const res = await pool.query<{ task_id: string }>({
    name: statementName(getSettings(), "ph_finish_leaf_tasks"),
    // The pipeline test is a scalar subquery rather than a join: a join let the planner start from
    // pipelines and probe tasks per pipeline; this way it starts from the task_id lookup. The
    // subquery is NULL for a deleted or missing pipeline, and a NULL comparison keeps the row out,
    // just as the inner join did.
    text: `WITH t AS (
       SELECT tasks.pk, tasks.pipeline_id, tasks.attempt_id, tasks.instance_id
       FROM tasks
       WHERE tasks.task_id = ANY(ARRAY(SELECT unnest($1::text[]))) AND tasks.state IS NOT DISTINCT FROM 'LEASED' AND NOT tasks.cancel_requested AND tasks.account_id = $3
         AND tasks.plain_finish_version = (SELECT CASE WHEN p.deleted_at IS NULL THEN p.active_version END FROM pipelines p WHERE p.id = tasks.pipeline_id)
         AND NOT EXISTS (SELECT 1 FROM instance_dependencies d WHERE d.pipeline_id = tasks.pipeline_id AND d.depends_on_id = tasks.instance_id)
       ORDER BY tasks.pk
       FOR UPDATE OF tasks
     ), gone AS (
       DELETE FROM tasks USING t WHERE tasks.pk = t.pk RETURNING tasks.task_id
     ), targets AS (
       -- One row per object, so the update is an index lookup on (pipeline_id, object_id).
       SELECT pipeline_id, attempt_id AS object_id, 'ATTEMPT' AS sphere FROM t
       UNION ALL
       SELECT pipeline_id, instance_id, 'INSTANCE' FROM t
     ), objects AS (
       UPDATE pipeline_objects o
       SET status = 'FINISHED', actual_end_time = $2, updated_at = $2,
           actual_start_time = CASE WHEN o.sphere = 'INSTANCE' THEN coalesce(o.actual_start_time, $2) ELSE o.actual_start_time END,
           fields = CASE WHEN o.sphere = 'INSTANCE' AND o.fields @> '[{"key": "@waitingOn"}]'::jsonb
                         THEN (SELECT coalesce(jsonb_agg(f ORDER BY i), '[]'::jsonb) FROM jsonb_array_elements(o.fields) WITH ORDINALITY AS e(f, i)
                               WHERE f->>'key' IS DISTINCT FROM '@waitingOn')
                         ELSE o.fields END
       FROM targets x
       WHERE o.pipeline_id = x.pipeline_id AND o.object_id = x.object_id AND o.sphere <> 'COMPONENT' AND o.sphere IS NOT DISTINCT FROM x.sphere
         AND (x.sphere = 'ATTEMPT' OR o.status IS DISTINCT FROM 'FINISHED')
       RETURNING 1
     )
     SELECT task_id FROM gone`,
    values: [taskIds, now, accountId],
  });
  return new Set(res.rows.map((r) => r.task_id));
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
       FROM expired WHERE t.pk = expired.pk RETURNING t.account_id, t.worker_group)
     SELECT count(*)::int AS n, pg_notify($1, json_build_object('a', account_id, 'g', worker_group, 'n', count(*))::text) FROM requeued GROUP BY account_id, worker_group`,
    [TASK_CHANNEL],
  );
  return res.rows.reduce((n: number, r: { n: number }) => n + r.n, 0);
}

export interface StalledTask {
  pk: bigint;
  pipelineId: string;
  attemptId: string;
  instanceId: string;
  /** progress: the runner went silent; attempt: attemptTimeout passed; canceled: cancelled work whose runner never came back. */
  reason: "progress" | "attempt" | "canceled";
}

/** Whether any lease is stalled in the sense of lockStalledTasks (cheap: the partial lease and deadline indexes). */
export async function hasStalledTasks(pool: Pool): Promise<boolean> {
  const res = await pool.query<{ any: boolean }>({
    name: statementName(getSettings(), "ph_has_stalled_tasks"),
    text: `SELECT EXISTS (
             SELECT 1 FROM tasks WHERE state = 'LEASED' AND lease_expires_at < now() AND (acked_at IS NOT NULL OR cancel_requested)
           ) OR EXISTS (
             SELECT 1 FROM tasks WHERE state = 'LEASED' AND deadline_at IS NOT NULL AND deadline_at < now()
           ) AS any`,
  });
  return res.rows[0]?.any ?? false;
}

/** Acknowledged hand-outs whose runner went silent, or whose attemptTimeout passed; locked for the caller's transaction. */
export async function lockStalledTasks(tx: Tx, limit: number): Promise<StalledTask[]> {
  const rows = await tx.$queryRaw<
    { pk: bigint; pipeline_id: string; attempt_id: string; instance_id: string; reason: StalledTask["reason"] }[]
  >`
    SELECT pk, pipeline_id, attempt_id, instance_id,
      CASE WHEN cancel_requested AND lease_expires_at < now() THEN 'canceled'
           WHEN deadline_at IS NOT NULL AND deadline_at < now() THEN 'attempt' ELSE 'progress' END AS reason
    FROM tasks
    WHERE state = 'LEASED' AND ((acked_at IS NOT NULL AND lease_expires_at < now()) OR (deadline_at IS NOT NULL AND deadline_at < now())
      OR (cancel_requested AND lease_expires_at < now()))
    ORDER BY pk LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  return rows.map((r) => ({
    pk: r.pk,
    pipelineId: r.pipeline_id,
    attemptId: r.attempt_id,
    instanceId: r.instance_id,
    reason: r.reason,
  }));
}

/** Queues (queueKey, among those given) that have due ready tasks, with how many: used to wake waiting polls. */
export async function countDueTasksByGroup(pool: Pool, queues: string[]): Promise<Map<string, number>> {
  if (queues.length === 0) return new Map();
  const split = queues.map(splitQueueKey);
  const res = await pool.query<{ account_id: string; worker_group: string; n: number }>({
    name: statementName(getSettings(), "ph_count_due_tasks"),
    text: `SELECT account_id, worker_group, count(*)::int AS n FROM tasks
           WHERE state = 'READY' AND ready_at <= now() AND (account_id, worker_group) IN (SELECT * FROM unnest($1::text[], $2::text[]))
           GROUP BY account_id, worker_group`,
    values: [split.map((q) => q.accountId), split.map((q) => q.workerGroup)],
  });
  return new Map(res.rows.map((r) => [queueKey(r.account_id, r.worker_group), r.n]));
}

export interface TaskRef {
  pk: bigint;
  accountId: string;
  attemptId: string;
  instanceId: string;
  state: string;
  workerGroup: string;
}

/** The queue rows of these instances, locked. */
export async function lockTasksOfInstances(tx: Tx, pipelineId: string, instanceIds: string[]): Promise<TaskRef[]> {
  if (instanceIds.length === 0) return [];
  const rows = await tx.$queryRaw<
    { pk: bigint; account_id: string; attempt_id: string; instance_id: string; state: string; worker_group: string }[]
  >`
    SELECT pk, account_id, attempt_id, instance_id, state, worker_group FROM tasks
    WHERE pipeline_id = ${pipelineId} AND instance_id = ANY(${instanceIds}::text[]) ORDER BY pk FOR UPDATE`;
  return rows.map((r) => ({
    pk: r.pk,
    accountId: r.account_id,
    attemptId: r.attempt_id,
    instanceId: r.instance_id,
    state: r.state,
    workerGroup: r.worker_group,
  }));
}

export async function lockTasksOfPipeline(tx: Tx, pipelineId: string): Promise<TaskRef[]> {
  const rows = await tx.$queryRaw<
    { pk: bigint; account_id: string; attempt_id: string; instance_id: string; state: string; worker_group: string }[]
  >`
    SELECT pk, account_id, attempt_id, instance_id, state, worker_group FROM tasks WHERE pipeline_id = ${pipelineId} ORDER BY pk FOR UPDATE`;
  return rows.map((r) => ({
    pk: r.pk,
    accountId: r.account_id,
    attemptId: r.attempt_id,
    instanceId: r.instance_id,
    state: r.state,
    workerGroup: r.worker_group,
  }));
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

/** Live hand-outs of an account for the console: what each runner host is working on. */
export async function findLeasedTasks(tx: Tx, accountId: string, workerGroups?: string[]) {
  return tx.task.findMany({
    where: { accountId, state: "LEASED", ...(workerGroups ? { workerGroup: { in: workerGroups } } : {}) },
    select: {
      pipelineId: true,
      attemptId: true,
      instanceId: true,
      workerGroup: true,
      hostname: true,
      leasedAt: true,
      ackedAt: true,
      lastProgressAt: true,
      cancelRequested: true,
    },
    orderBy: { leasedAt: "asc" },
  });
}
