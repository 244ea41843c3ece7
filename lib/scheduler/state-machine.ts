import { enqueueOutcomeActions } from "@/lib/actions/enqueue-actions";
import { MAX_WORKER_GROUP_LENGTH } from "@/lib/definition/definition-size";
import { ExpressionError } from "@/lib/expressions";
import { attemptIdOf } from "@/lib/objects/present-runtime";
import { rowToObject } from "@/lib/objects/runtime-row";
import { FAILED_LIKE_STATUSES, isTerminalStatus } from "@/lib/objects/statuses";
import type { Field } from "@/lib/protocol/types";
import { writeAudit } from "@/lib/store/audit";
import type { ObjectRow } from "@/lib/store/objects";
import {
  extraFieldsOf,
  findDependenciesOf,
  findDependentsOf,
  findRuntimeObjects,
  insertRuntimeObjects,
  lockRuntimeObjects,
  setInstancesWaitingForRunner,
  updateRuntimeObject,
  withFields,
} from "@/lib/store/runtime-objects";
import { deleteTasks, enqueueTasks, lockTasksOfInstances, requestCancel, type NewTask } from "@/lib/store/tasks";
import type { Tx } from "@/lib/store/db";
import { onCommit } from "@/lib/store/transaction";
import { metrics } from "@/lib/metrics/registry";
import type { SchedulerContext } from "./scheduler-context";
import { buildTaskPayload } from "./task-payload";

// The scheduler's state machine: every transition of instances and attempts, in one module because
// they call each other (a finish releases dependents, which may cascade a failure, which cancels
// preconditions, ...). Callers above it (operator actions, the tick, SetTaskStatus, force-end) only
// import from here; nothing here imports them.
//
// Instance (one per component and scheduled period):
//   WAITING_ON_DEPENDENCIES --every dependency FINISHED, runnable--> WAITING_FOR_RUNNER (attempt n, queued task)
//   (a new instance that waits on nothing and can run is inserted WAITING_FOR_RUNNER with attempt 1
//   queued, in the same transaction: queueFirstAttempts, lib/scheduler/runs.ts)
//   WAITING_ON_DEPENDENCIES --every dependency FINISHED, data node--> FINISHED
//   WAITING_ON_DEPENDENCIES --a dependency failed, cascade mode--> CASCADE_FAILED (pending preconditions CANCELED)
//   WAITING_ON_DEPENDENCIES --component paused--> PAUSED --resumed--> WAITING_ON_DEPENDENCIES
//   WAITING_FOR_RUNNER --first acknowledgement--> RUNNING (lib/store: markObjectsRunning, or renewLeases on the fast path)
//   RUNNING --attempt FINISHED--> FINISHED (onSuccess actions; dependents released)
//   RUNNING --attempt FAILED/TIMEDOUT, tries left--> WAITING_FOR_RUNNER (attempt n+1 after retryDelay)
//   RUNNING --attempt FAILED/TIMEDOUT, no tries left--> FAILED/TIMEDOUT (onFail actions; dependents released)
//   RUNNING --precondition FALSE--> WAITING_FOR_RUNNER (until preconditionTimeout), then FAILED
//   any non-terminal --cancel--> CANCELED (a leased attempt is flagged and CANCELED when its runner stops)
// Attempt (one per try): WAITING_FOR_RUNNER --ack--> RUNNING --> FINISHED | FAILED | TIMEDOUT | CANCELED.
// Operator actions (lib/scheduler/operator-actions.ts) add rerun (terminal --> WAITING_ON_DEPENDENCIES)
// and mark finished (any --> FINISHED). Status names and sets: lib/objects/statuses.ts.
//
// FINISHED has a fast path for leaf tasks in lib/store/tasks.ts (finishLeafTasks), and the first
// acknowledgement one too (renewLeases); tests/integration/state-machine.test.ts checks that each
// writes the same rows as its general path, and tests these transitions at the store level.

/** Bounds one transaction's cascade walk; anything left is picked up by the next tick. */
const MAX_ADVANCE_ROUNDS = 50;

export function isRunnable(ctx: SchedulerContext, componentId: string | null): boolean {
  const kind = componentId ? ctx.plan.settings.get(componentId)?.kind : undefined;
  return kind === "activity" || kind === "precondition";
}

/** Records the actions on the instance (onSuccess/onFail) and queues their delivery (lib/actions). */
async function recordActions(
  tx: Tx,
  ctx: SchedulerContext,
  row: ObjectRow,
  key: "onSuccess" | "onFail",
  now: Date,
): Promise<Field[]> {
  const actions = row.componentId ? (ctx.plan.settings.get(row.componentId)?.[key] ?? []) : [];
  if (actions.length === 0) return extraFieldsOf(row);
  await writeAudit(tx, {
    actor: "scheduler",
    action: key === "onSuccess" ? "OnSuccessAction" : "OnFailAction",
    pipelineId: ctx.pipelineId,
    objectIds: [row.objectId, ...actions],
    details: { at: now.toISOString() },
  });
  await enqueueOutcomeActions(tx, ctx, row, key, actions, now);
  return withFields(
    extraFieldsOf(row),
    actions.map((a) => ({ key: `@${key}Action`, refValue: a })),
  );
}

export async function finishInstance(tx: Tx, ctx: SchedulerContext, row: ObjectRow, now: Date): Promise<void> {
  const extra = await recordActions(tx, ctx, row, "onSuccess", now);
  await updateRuntimeObject(tx, ctx.pipelineId, row.objectId, {
    status: "FINISHED",
    actualStartTime: row.actualStartTime ?? now,
    actualEndTime: now,
    extra: extra.filter((f) => f.key !== "@waitingOn"),
  });
}

export async function failInstance(
  tx: Tx,
  ctx: SchedulerContext,
  row: ObjectRow,
  status: "FAILED" | "CASCADE_FAILED" | "TIMEDOUT" | "CANCELED",
  now: Date,
  detail: { cascadeFailedOn?: string; errorId?: string; errorMessage?: string } = {},
): Promise<void> {
  const extra = status === "CANCELED" ? extraFieldsOf(row) : await recordActions(tx, ctx, row, "onFail", now);
  await updateRuntimeObject(tx, ctx.pipelineId, row.objectId, {
    status,
    actualEndTime: now,
    ...(detail.cascadeFailedOn ? { cascadeFailedOn: detail.cascadeFailedOn } : {}),
    ...(detail.errorId ? { errorId: detail.errorId } : {}),
    ...(detail.errorMessage ? { errorMessage: detail.errorMessage } : {}),
    extra,
  });
}

/** The worker group of each instance's tasks: its own, or for a precondition, its consumer's. */
async function workerGroupsFor(
  tx: Tx,
  ctx: SchedulerContext,
  rows: ObjectRow[],
): Promise<Map<string, string | undefined>> {
  const own = (r: ObjectRow) => (r.componentId ? ctx.plan.settings.get(r.componentId)?.workerGroup : undefined);
  const nodeIds = [...new Set(rows.filter((r) => !own(r) && r.nodeId).map((r) => r.nodeId as string))];
  const nodes = new Map((await findRuntimeObjects(tx, ctx.pipelineId, nodeIds)).map((n) => [n.objectId, n]));
  return new Map(
    rows.map((r) => {
      const node = r.nodeId ? nodes.get(r.nodeId) : undefined;
      return [
        r.objectId,
        own(r) || (node?.componentId ? ctx.plan.settings.get(node.componentId)?.workerGroup : undefined),
      ];
    }),
  );
}

/**
 * What an instance of this component becomes once nothing holds it back (its dependencies FINISHED,
 * or none): a data node or other non-runnable object finishes; in a pipeline that is not SCHEDULED
 * it stays as it is; a paused component's instance is PAUSED; otherwise its next attempt is queued.
 * advanceInstances acts on it, and lib/scheduler/runs.ts inserts new instances that would be queued
 * already WAITING_FOR_RUNNER, so both decide through this one function.
 */
export function readyStep(ctx: SchedulerContext, componentId: string | null): "finish" | "hold" | "pause" | "queue" {
  if (!isRunnable(ctx, componentId)) return "finish";
  if (ctx.pipelineState !== "SCHEDULED") return "hold";
  if (componentId && ctx.pausedComponents.has(componentId)) return "pause";
  return "queue";
}

/** An instance's fields once attempt `n` is queued: no @waitingOn, and the tries left after it. */
export function waitingForRunnerFields(
  ctx: SchedulerContext,
  extra: Field[],
  componentId: string | null,
  runStartAttempt: number,
  n: number,
): Field[] {
  const settings = componentId ? ctx.plan.settings.get(componentId) : undefined;
  const triesLeft = settings ? Math.max(0, settings.maximumRetries + runStartAttempt - n) : 0;
  return withFields(
    extra.filter((f) => f.key !== "@waitingOn"),
    [{ key: "@triesLeft", stringValue: String(triesLeft) }],
  );
}

/**
 * Attempt 1 of new instances that were inserted already WAITING_FOR_RUNNER with their attempt
 * number and fields (lib/scheduler/runs.ts: an instance that waits on nothing is written once,
 * not inserted and then updated). Returns the instances to re-evaluate, as createAttempts does.
 */
export async function queueFirstAttempts(
  tx: Tx,
  ctx: SchedulerContext,
  instanceIds: string[],
  now: Date,
): Promise<string[]> {
  if (instanceIds.length === 0) return [];
  const rows = (await findRuntimeObjects(tx, ctx.pipelineId, instanceIds))
    .filter((r) => r.sphere === "INSTANCE")
    .sort((a, b) => (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0));
  return createAttempts(
    tx,
    ctx,
    rows.map((instance) => ({ instance, n: 1, readyAt: now })),
    now,
    { instancesWritten: true },
  );
}

export interface AttemptToCreate {
  instance: ObjectRow;
  /** The attempt number. */
  n: number;
  /** Now, or after a retry delay. */
  readyAt: Date;
}

/**
 * Creates attempt `n` of an instance and queues its task, ready at `readyAt`. A definition that
 * cannot be evaluated for this attempt fails it as a service error. Returns the instances to
 * re-evaluate because of such a failure.
 */
export async function createAttempt(
  tx: Tx,
  ctx: SchedulerContext,
  instance: ObjectRow,
  n: number,
  readyAt: Date,
  now: Date,
): Promise<string[]> {
  return createAttempts(tx, ctx, [{ instance, n, readyAt }], now);
}

/**
 * createAttempt for many instances with a fixed number of statements (insert the attempts, update
 * the instances, read what the task objects reference, insert the tasks), not a handful per
 * instance: an activation gives every activity of a run its first attempt at once.
 */
export async function createAttempts(
  tx: Tx,
  ctx: SchedulerContext,
  items: AttemptToCreate[],
  now: Date,
  /** The instances already hold their WAITING_FOR_RUNNER row (queueFirstAttempts). */
  opts: { instancesWritten?: boolean } = {},
): Promise<string[]> {
  if (items.length === 0) return [];
  const prepared = items.map(({ instance, n, readyAt }) => {
    const componentId = instance.componentId ?? "";
    const settings = ctx.plan.settings.get(componentId);
    // The instance's rewritten references (input -> the data node's instance...) travel with the attempt.
    const carried = extraFieldsOf(instance).filter((f) => f.refValue !== undefined && !f.key.startsWith("@"));
    return {
      instance,
      n,
      readyAt,
      componentId,
      settings,
      carried,
      attemptId: attemptIdOf(instance.objectId, n),
    };
  });
  await insertRuntimeObjects(
    tx,
    prepared.map((p) => ({
      pipelineId: ctx.pipelineId,
      objectId: p.attemptId,
      sphere: "ATTEMPT" as const,
      version: ctx.version,
      componentId: p.componentId,
      instanceId: p.instance.objectId,
      nodeId: p.instance.nodeId,
      status: "WAITING_FOR_RUNNER",
      attemptNumber: p.n,
      scheduledStartTime: p.instance.scheduledStartTime,
      scheduledEndTime: p.instance.scheduledEndTime,
      extra: p.carried,
    })),
  );
  if (!opts.instancesWritten)
    await setInstancesWaitingForRunner(
      tx,
      ctx.pipelineId,
      prepared.map((p) => ({
        objectId: p.instance.objectId,
        attemptNumber: p.n,
        fields: waitingForRunnerFields(
          ctx,
          extraFieldsOf(p.instance),
          p.instance.componentId,
          p.instance.runStartAttempt,
          p.n,
        ),
      })),
      now,
    );

  const groups = await workerGroupsFor(
    tx,
    ctx,
    prepared.map((p) => p.instance),
  );
  const relatedOf = (p: (typeof prepared)[number]) => [
    ...new Set([
      p.attemptId,
      p.instance.objectId,
      ...(p.instance.nodeId ? [p.instance.nodeId] : []),
      ...p.carried.map((f) => f.refValue as string),
    ]),
  ];
  const rows = await findRuntimeObjects(tx, ctx.pipelineId, [...new Set(prepared.flatMap(relatedOf))]);
  const tasks: NewTask[] = [];
  const failed: { p: (typeof prepared)[number]; errorId: string; message: string }[] = [];
  for (const p of prepared) {
    const workerGroup = groups.get(p.instance.objectId);
    const related = new Set(relatedOf(p));
    try {
      if (!workerGroup)
        throw new ExpressionError(
          "no workerGroup or runsOn resolves for this object, so no runner can be asked to run it",
          0,
        );
      // PollForTask takes at most 1024 characters, and the ready NOTIFY carries the group (8000-byte payload limit).
      if (workerGroup.length > MAX_WORKER_GROUP_LENGTH)
        throw new ExpressionError(
          `workerGroup is longer than ${MAX_WORKER_GROUP_LENGTH} characters, so no runner could poll for it`,
          0,
        );
      const payload = buildTaskPayload(ctx, p.attemptId, rows.filter((r) => related.has(r.objectId)).map(rowToObject));
      tasks.push({
        pipelineId: ctx.pipelineId,
        attemptId: p.attemptId,
        instanceId: p.instance.objectId,
        workerGroup,
        readyAt: p.readyAt,
        payload,
        isPrecondition: p.settings?.kind === "precondition",
        progressTimeoutSeconds: p.settings?.reportProgressTimeoutMs
          ? Math.max(1, Math.round(p.settings.reportProgressTimeoutMs / 1000))
          : null,
        attemptTimeoutSeconds: p.settings?.attemptTimeoutMs
          ? Math.max(1, Math.round(p.settings.attemptTimeoutMs / 1000))
          : null,
        // FINISHED can skip the scheduler when the component has no onSuccess action under this version.
        plainFinishVersion: p.settings && p.settings.onSuccess.length === 0 ? ctx.version : null,
        paused: ctx.pausedComponents.has(p.componentId),
      });
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      failed.push({
        p,
        errorId: workerGroup ? "Service_ExpressionError" : "Service_NoWorkerGroup",
        message: err.message,
      });
    }
  }
  await enqueueTasks(tx, tasks, now);
  const reevaluate: string[] = [];
  for (const { p, errorId, message } of failed) {
    await updateRuntimeObject(tx, ctx.pipelineId, p.attemptId, {
      status: "FAILED",
      actualEndTime: now,
      errorId,
      errorMessage: message,
    });
    const [fresh] = await findRuntimeObjects(tx, ctx.pipelineId, [p.instance.objectId]);
    if (fresh) await failInstance(tx, ctx, fresh, "FAILED", now, { errorId, errorMessage: message });
    reevaluate.push(...(await dependentsOf(tx, ctx, [p.instance.objectId])));
  }
  return reevaluate;
}

async function dependentsOf(tx: Tx, ctx: SchedulerContext, ids: string[]): Promise<string[]> {
  return [...new Set((await findDependentsOf(tx, ctx.pipelineId, ids)).map((e) => e.instanceId))];
}

/**
 * Re-evaluates the given instances (and, transitively, whoever waits on the ones that change):
 * the single place where dependencies are resolved, so finishing, failing, cancelling and
 * planning all move instances the same way.
 */
export async function advanceInstances(tx: Tx, ctx: SchedulerContext, instanceIds: string[], now: Date): Promise<void> {
  let queue = [...new Set(instanceIds)];
  for (let round = 0; queue.length > 0 && round < MAX_ADVANCE_ROUNDS; round++) {
    const rows = (await lockRuntimeObjects(tx, ctx.pipelineId, queue)).filter((r) => r.sphere === "INSTANCE");
    const edges = await findDependenciesOf(
      tx,
      ctx.pipelineId,
      rows.map((r) => r.objectId),
    );
    const targets = await findRuntimeObjects(tx, ctx.pipelineId, [...new Set(edges.map((e) => e.dependsOnId))]);
    const statusOf = new Map(targets.map((t) => [t.objectId, t.status]));
    const next: string[] = [];
    const attempts: AttemptToCreate[] = [];
    for (const row of rows) {
      if (row.status !== "WAITING_ON_DEPENDENCIES" && row.status !== "PAUSED") continue;
      if (row.status === "PAUSED" && row.attemptNumber) continue; // paused with a queued task: RESUME moves it
      const mine = edges.filter((e) => e.instanceId === row.objectId);
      const settings = row.componentId ? ctx.plan.settings.get(row.componentId) : undefined;
      const failed = mine.find((e) => FAILED_LIKE_STATUSES.has(statusOf.get(e.dependsOnId) ?? ""));
      if (failed && settings?.cascade) {
        await failInstance(tx, ctx, row, "CASCADE_FAILED", now, { cascadeFailedOn: failed.dependsOnId });
        await cancelPendingPreconditions(tx, ctx, mine, statusOf, now);
        next.push(...(await dependentsOf(tx, ctx, [row.objectId])));
        continue;
      }
      const waitingOn = mine.filter((e) => statusOf.get(e.dependsOnId) !== "FINISHED").map((e) => e.dependsOnId);
      if (waitingOn.length > 0) {
        const current = extraFieldsOf(row)
          .filter((f) => f.key === "@waitingOn")
          .map((f) => f.refValue);
        if (current.join("\u0000") !== waitingOn.join("\u0000")) {
          await updateRuntimeObject(tx, ctx.pipelineId, row.objectId, {
            extra: [
              ...extraFieldsOf(row).filter((f) => f.key !== "@waitingOn"),
              ...waitingOn.map((id) => ({ key: "@waitingOn", refValue: id })),
            ],
          });
        }
        continue;
      }
      const step = readyStep(ctx, row.componentId);
      if (step === "finish") {
        await finishInstance(tx, ctx, row, now);
        next.push(...(await dependentsOf(tx, ctx, [row.objectId])));
        continue;
      }
      if (step === "hold") continue;
      if (step === "pause") {
        if (row.status !== "PAUSED") await updateRuntimeObject(tx, ctx.pipelineId, row.objectId, { status: "PAUSED" });
        continue;
      }
      attempts.push({ instance: row, n: (row.attemptNumber ?? 0) + 1, readyAt: now });
    }
    next.push(...(await createAttempts(tx, ctx, attempts, now)));
    queue = [...new Set(next)];
  }
}

/** A cascade cancels the preconditions the failed consumer was still waiting on. */
async function cancelPendingPreconditions(
  tx: Tx,
  ctx: SchedulerContext,
  edges: { dependsOnId: string; kind: string }[],
  statusOf: Map<string, string | null>,
  now: Date,
): Promise<void> {
  const pending = edges
    .filter((e) => e.kind === "precondition" && !isTerminalStatus(statusOf.get(e.dependsOnId) ?? null))
    .map((e) => e.dependsOnId);
  if (pending.length === 0) return;
  await cancelInstances(tx, ctx, pending, now);
}

// What happens when an attempt ends: finished (dependents may start), failed or timed out (retry
// after retryDelay while tries are left, else the instance fails and may cascade), a precondition
// not met (retry until preconditionTimeout), or cancelled.

export interface AttemptFailure {
  status: "FAILED" | "TIMEDOUT";
  errorId?: string;
  errorMessage?: string;
  errorStackTrace?: string;
  /** An operator's "mark failed": the instance fails now, whatever retries are left. */
  noRetry?: boolean;
}

async function load(
  tx: Tx,
  ctx: SchedulerContext,
  attemptId: string,
  instanceId: string,
): Promise<{ attempt?: ObjectRow; instance?: ObjectRow }> {
  const rows = await lockRuntimeObjects(tx, ctx.pipelineId, [instanceId, attemptId]);
  return { attempt: rows.find((r) => r.objectId === attemptId), instance: rows.find((r) => r.objectId === instanceId) };
}

async function releaseDependents(tx: Tx, ctx: SchedulerContext, instanceId: string, now: Date): Promise<void> {
  const dependents = await findDependentsOf(tx, ctx.pipelineId, [instanceId]);
  await advanceInstances(
    tx,
    ctx,
    dependents.map((e) => e.instanceId),
    now,
  );
}

export async function completeAttempt(
  tx: Tx,
  ctx: SchedulerContext,
  attemptId: string,
  instanceId: string,
  now: Date,
): Promise<void> {
  const { attempt, instance } = await load(tx, ctx, attemptId, instanceId);
  if (attempt) await updateRuntimeObject(tx, ctx.pipelineId, attemptId, { status: "FINISHED", actualEndTime: now });
  if (!instance || instance.status === "FINISHED") return;
  await finishInstance(tx, ctx, instance, now);
  await releaseDependents(tx, ctx, instanceId, now);
}

/** Retries while `maximumRetries` allows (counted from the last rerun), else fails the instance. */
export async function failAttempt(
  tx: Tx,
  ctx: SchedulerContext,
  attemptId: string,
  instanceId: string,
  failure: AttemptFailure,
  now: Date,
): Promise<void> {
  const { attempt, instance } = await load(tx, ctx, attemptId, instanceId);
  if (attempt) {
    await updateRuntimeObject(tx, ctx.pipelineId, attemptId, {
      status: failure.status,
      actualEndTime: now,
      errorId: failure.errorId ?? null,
      errorMessage: failure.errorMessage ?? null,
      errorStackTrace: failure.errorStackTrace ?? null,
    });
  }
  if (!instance || instance.status === "FINISHED" || instance.status === "CANCELED") return;
  const settings = instance.componentId ? ctx.plan.settings.get(instance.componentId) : undefined;
  const n = instance.attemptNumber ?? 1;
  const triesUsed = n - instance.runStartAttempt + 1;
  if (!failure.noRetry && settings && ctx.pipelineState === "SCHEDULED" && triesUsed <= settings.maximumRetries) {
    await createAttempt(tx, ctx, instance, n + 1, new Date(now.getTime() + settings.retryDelayMs), now);
    onCommit(tx, () => metrics().retries.inc());
    return;
  }
  await failInstance(tx, ctx, instance, failure.status, now, {
    errorId: failure.errorId,
    errorMessage: failure.errorMessage,
  });
  await releaseDependents(tx, ctx, instanceId, now);
}

/** SetTaskStatus FALSE: the precondition is not met yet; it is checked again after retryDelay until preconditionTimeout. */
export async function preconditionNotMet(
  tx: Tx,
  ctx: SchedulerContext,
  attemptId: string,
  instanceId: string,
  now: Date,
): Promise<void> {
  const { attempt, instance } = await load(tx, ctx, attemptId, instanceId);
  if (!instance) return;
  const settings = instance.componentId ? ctx.plan.settings.get(instance.componentId) : undefined;
  const timeout = settings?.preconditionTimeoutMs;
  if (timeout === undefined) {
    // Without a preconditionTimeout a precondition that is never met uses up its retries like a failure.
    return failAttempt(
      tx,
      ctx,
      attemptId,
      instanceId,
      { status: "FAILED", errorId: "Service_PreconditionNotMet", errorMessage: "Precondition was not met" },
      now,
    );
  }
  if (attempt) {
    await updateRuntimeObject(tx, ctx.pipelineId, attemptId, {
      status: "FAILED",
      actualEndTime: now,
      errorId: "Service_PreconditionNotMet",
      errorMessage: "Precondition was not met",
    });
  }
  const startedAt = (instance.actualStartTime ?? attempt?.actualStartTime ?? now).getTime();
  const retryAt = now.getTime() + (settings?.retryDelayMs ?? 0);
  if (ctx.pipelineState === "SCHEDULED" && retryAt < startedAt + timeout) {
    await createAttempt(tx, ctx, instance, (instance.attemptNumber ?? 1) + 1, new Date(retryAt), now);
    return;
  }
  await failInstance(tx, ctx, instance, "FAILED", now, {
    errorId: "Service_PreconditionTimeout",
    errorMessage: `Precondition was not met within preconditionTimeout (${Math.round(timeout / 1000)} s)`,
  });
  await releaseDependents(tx, ctx, instanceId, now);
}

/** The runner acknowledged a cancellation (or the work was cancelled before anyone ran it). */
export async function cancelAttempt(
  tx: Tx,
  ctx: SchedulerContext,
  attemptId: string,
  instanceId: string,
  now: Date,
  reason: string,
): Promise<void> {
  const { attempt, instance } = await load(tx, ctx, attemptId, instanceId);
  if (attempt && attempt.status !== "FINISHED") {
    // Why it stopped is AWS's `cancellationReason`, not an error: a cancel did not fail anything.
    await updateRuntimeObject(tx, ctx.pipelineId, attemptId, {
      status: "CANCELED",
      actualEndTime: now,
      extra: withFields(extraFieldsOf(attempt), [{ key: "cancellationReason", stringValue: reason }]),
    });
  }
  if (!instance || instance.status === "FINISHED" || instance.status === "CANCELED") return;
  await failInstance(tx, ctx, instance, "CANCELED", now);
  await releaseDependents(tx, ctx, instanceId, now);
}

// Cancelling instances: SetStatus CANCEL, a cascade's pending preconditions, a TerminateAction.

export interface CancelResult {
  canceled: string[];
  cancelRequested: string[];
}

export async function cancelInstances(
  tx: Tx,
  ctx: SchedulerContext,
  instanceIds: string[],
  now: Date,
): Promise<CancelResult> {
  const rows = (await lockRuntimeObjects(tx, ctx.pipelineId, instanceIds)).filter(
    (r) => r.sphere === "INSTANCE" && !isTerminalStatus(r.status),
  );
  const tasks = await lockTasksOfInstances(
    tx,
    ctx.pipelineId,
    rows.map((r) => r.objectId),
  );
  const result: CancelResult = { canceled: [], cancelRequested: [] };
  const leased = tasks.filter((t) => t.state === "LEASED");
  await requestCancel(
    tx,
    leased.map((t) => t.pk),
  );
  result.cancelRequested.push(...leased.map((t) => t.instanceId));
  const queued = tasks.filter((t) => t.state !== "LEASED");
  await deleteTasks(
    tx,
    queued.map((t) => t.pk),
  );
  for (const t of queued)
    await cancelAttempt(tx, ctx, t.attemptId, t.instanceId, now, "Canceled before a runner took it");
  const withTask = new Set(tasks.map((t) => t.instanceId));
  for (const row of rows) {
    if (withTask.has(row.objectId)) continue;
    await failInstance(tx, ctx, row, "CANCELED", now);
    const dependents = await findDependentsOf(tx, ctx.pipelineId, [row.objectId]);
    await advanceInstances(
      tx,
      ctx,
      dependents.map((e) => e.instanceId),
      now,
    );
  }
  result.canceled.push(
    ...queued.map((t) => t.instanceId),
    ...rows.filter((r) => !withTask.has(r.objectId)).map((r) => r.objectId),
  );
  return result;
}
