import { RERUNNABLE_STATUSES } from "@/lib/objects/statuses";
import { setComponentStatus } from "@/lib/store/objects";
import type { ObjectRow } from "@/lib/store/objects";
import {
  extraFieldsOf,
  findDependenciesOf,
  findDependentsOf,
  findInstancesByStatus,
  findRuntimeObjects,
  lockRuntimeObjects,
  updateRuntimeObject,
} from "@/lib/store/runtime-objects";
import {
  deleteTasks,
  lockTasksOfInstances,
  lockTasksOfPipeline,
  notifyTaskReady,
  queueKey,
  requestCancel,
  setTasksState,
} from "@/lib/store/tasks";
import type { Tx } from "@/lib/store/db";
import type { SchedulerContext } from "./scheduler-context";
import { advanceInstances, cancelAttempt, failInstance } from "./state-machine";

// SetStatus and pipeline-level effects, built on the transitions of ./state-machine.ts: rerun, mark
// finished, pause and resume, and the cancellation that deactivation and deletion cause. A leased attempt is never taken from its runner
// silently: it is flagged, and the runner's next ReportTaskProgress answers `canceled: true`.

/**
 * The instances a rerun of `instanceIds` resets: the instances themselves, the preconditions of
 * theirs that did not pass, and (for cascade components) the CASCADE_FAILED consumers downstream.
 */
export async function collectRerunSet(tx: Tx, ctx: SchedulerContext, instanceIds: string[]): Promise<string[]> {
  const out = new Set<string>();
  let frontier = [...instanceIds];
  while (frontier.length > 0 && out.size < 10_000) {
    frontier.forEach((id) => out.add(id));
    const deps = await findDependenciesOf(tx, ctx.pipelineId, frontier);
    const preconditions = deps.filter((e) => e.kind === "precondition").map((e) => e.dependsOnId);
    const preRows = await findRuntimeObjects(tx, ctx.pipelineId, preconditions);
    const failedPre = preRows
      .filter((r) => r.status !== "FINISHED" && RERUNNABLE_STATUSES.has(r.status ?? ""))
      .map((r) => r.objectId);
    const dependents = await findDependentsOf(tx, ctx.pipelineId, frontier);
    const rows = await findRuntimeObjects(
      tx,
      ctx.pipelineId,
      dependents.map((e) => e.instanceId),
    );
    const cascaded = rows
      .filter((r) => r.status === "CASCADE_FAILED" && r.componentId && ctx.plan.settings.get(r.componentId)?.cascade)
      .map((r) => r.objectId);
    frontier = [...failedPre, ...cascaded].filter((id) => !out.has(id));
  }
  return [...out];
}

export async function rerunInstances(
  tx: Tx,
  ctx: SchedulerContext,
  instanceIds: string[],
  now: Date,
): Promise<string[]> {
  const ids = await collectRerunSet(tx, ctx, instanceIds);
  const rows = (await lockRuntimeObjects(tx, ctx.pipelineId, ids)).filter(
    (r) => r.sphere === "INSTANCE" && RERUNNABLE_STATUSES.has(r.status ?? ""),
  );
  const runtimeKeys = new Set(["@waitingOn", "@triesLeft", "@onFailAction", "@onSuccessAction"]);
  for (const row of rows) {
    await updateRuntimeObject(tx, ctx.pipelineId, row.objectId, {
      status: "WAITING_ON_DEPENDENCIES",
      actualStartTime: null,
      actualEndTime: null,
      errorId: null,
      errorMessage: null,
      errorStackTrace: null,
      cascadeFailedOn: null,
      runStartAttempt: (row.attemptNumber ?? 0) + 1,
      extra: extraFieldsOf(row).filter((f) => !runtimeKeys.has(f.key)),
    });
  }
  await advanceInstances(
    tx,
    ctx,
    rows.map((r) => r.objectId),
    now,
  );
  return rows.map((r) => r.objectId);
}

export async function markInstancesFinished(
  tx: Tx,
  ctx: SchedulerContext,
  instanceIds: string[],
  now: Date,
): Promise<string[]> {
  const rows = (await lockRuntimeObjects(tx, ctx.pipelineId, instanceIds)).filter(
    (r) => r.sphere === "INSTANCE" && r.status !== "FINISHED",
  );
  const tasks = await lockTasksOfInstances(
    tx,
    ctx.pipelineId,
    rows.map((r) => r.objectId),
  );
  await requestCancel(
    tx,
    tasks.filter((t) => t.state === "LEASED").map((t) => t.pk),
  );
  const queued = tasks.filter((t) => t.state !== "LEASED");
  await deleteTasks(
    tx,
    queued.map((t) => t.pk),
  );
  for (const t of queued)
    await updateRuntimeObject(tx, ctx.pipelineId, t.attemptId, { status: "CANCELED", actualEndTime: now });
  for (const row of rows) {
    await updateRuntimeObject(tx, ctx.pipelineId, row.objectId, {
      status: "FINISHED",
      actualEndTime: now,
      extra: [
        ...extraFieldsOf(row).filter((f) => f.key !== "@waitingOn"),
        { key: "@markedFinished", stringValue: "true" },
      ],
    });
  }
  const dependents = await findDependentsOf(
    tx,
    ctx.pipelineId,
    rows.map((r) => r.objectId),
  );
  await advanceInstances(
    tx,
    ctx,
    dependents.map((e) => e.instanceId),
    now,
  );
  return rows.map((r) => r.objectId);
}

async function tasksOfComponents(
  tx: Tx,
  ctx: SchedulerContext,
  componentIds: string[],
  statuses: string[],
): Promise<{ rows: ObjectRow[] }> {
  return { rows: await findInstancesByStatus(tx, ctx.pipelineId, statuses, componentIds) };
}

export async function pauseComponents(tx: Tx, ctx: SchedulerContext, componentIds: string[]): Promise<void> {
  await setComponentStatus(tx, ctx.pipelineId, componentIds, "PAUSED");
  const { rows } = await tasksOfComponents(tx, ctx, componentIds, ["WAITING_FOR_RUNNER"]);
  const tasks = await lockTasksOfInstances(
    tx,
    ctx.pipelineId,
    rows.map((r) => r.objectId),
  );
  await setTasksState(
    tx,
    tasks.filter((t) => t.state === "READY").map((t) => t.pk),
    "PAUSED",
  );
  const paused = new Set(tasks.filter((t) => t.state === "READY").map((t) => t.instanceId));
  for (const row of rows)
    if (paused.has(row.objectId)) await updateRuntimeObject(tx, ctx.pipelineId, row.objectId, { status: "PAUSED" });
}

export async function resumeComponents(
  tx: Tx,
  ctx: SchedulerContext,
  componentIds: string[],
  now: Date,
): Promise<void> {
  await setComponentStatus(
    tx,
    ctx.pipelineId,
    componentIds,
    ctx.pipelineState === "SCHEDULED" ? "SCHEDULED" : "PENDING",
  );
  const resumed: SchedulerContext = {
    ...ctx,
    pausedComponents: new Set([...ctx.pausedComponents].filter((c) => !componentIds.includes(c))),
  };
  const { rows } = await tasksOfComponents(tx, ctx, componentIds, ["PAUSED"]);
  const tasks = await lockTasksOfInstances(
    tx,
    ctx.pipelineId,
    rows.map((r) => r.objectId),
  );
  const pausedTasks = tasks.filter((t) => t.state === "PAUSED");
  await setTasksState(
    tx,
    pausedTasks.map((t) => t.pk),
    "READY",
  );
  const perGroup = new Map<string, { accountId: string; workerGroup: string; n: number }>();
  for (const t of pausedTasks) {
    const key = queueKey(t.accountId, t.workerGroup);
    const entry = perGroup.get(key) ?? { accountId: t.accountId, workerGroup: t.workerGroup, n: 0 };
    entry.n++;
    perGroup.set(key, entry);
  }
  for (const g of perGroup.values()) await notifyTaskReady(tx, g.accountId, g.workerGroup, g.n);
  const withTask = new Set(pausedTasks.map((t) => t.instanceId));
  for (const row of rows) {
    await updateRuntimeObject(tx, ctx.pipelineId, row.objectId, {
      status: withTask.has(row.objectId) ? "WAITING_FOR_RUNNER" : "WAITING_ON_DEPENDENCIES",
    });
  }
  await advanceInstances(
    tx,
    resumed,
    rows.filter((r) => !withTask.has(r.objectId)).map((r) => r.objectId),
    now,
  );
}

/**
 * Deactivation and deletion: queued work is cancelled; leased work is flagged for its runner
 * (`cancelLeased`) or left to finish. Returns how many leases are still out.
 */
export async function cancelPipelineWork(
  tx: Tx,
  ctx: SchedulerContext,
  cancelLeased: boolean,
  now: Date,
): Promise<number> {
  const tasks = await lockTasksOfPipeline(tx, ctx.pipelineId);
  const leased = tasks.filter((t) => t.state === "LEASED");
  if (cancelLeased)
    await requestCancel(
      tx,
      leased.map((t) => t.pk),
    );
  const queued = tasks.filter((t) => t.state !== "LEASED");
  await deleteTasks(
    tx,
    queued.map((t) => t.pk),
  );
  const stopped: SchedulerContext = { ...ctx, pipelineState: "DEACTIVATING" };
  for (const t of queued) await cancelAttempt(tx, stopped, t.attemptId, t.instanceId, now, "Pipeline deactivated");
  const waiting = await findInstancesByStatus(tx, ctx.pipelineId, ["WAITING_ON_DEPENDENCIES", "PAUSED"]);
  for (const row of waiting) await failInstance(tx, stopped, row, "CANCELED", now);
  return leased.length;
}
