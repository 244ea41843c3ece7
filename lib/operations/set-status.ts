// SetStatus: PAUSE/RESUME components, or TRY_CANCEL (CANCEL), RERUN, MARK_FINISHED instances.
import { invalidRequest } from "@/lib/protocol/errors";
import type { SetStatusInput } from "@/lib/protocol/schemas";
import { loadSchedulerContext, type SchedulerContext } from "@/lib/scheduler/scheduler-context";
import {
  collectRerunSet,
  markInstancesFinished,
  pauseComponents,
  rerunInstances,
  resumeComponents,
} from "@/lib/scheduler/operator-actions";
import { cancelInstances } from "@/lib/scheduler/state-machine";
import { writeAudit } from "@/lib/store/audit";
import { findComponentRows } from "@/lib/store/objects";
import { getPipelineOrThrow, type Pipeline } from "@/lib/store/pipelines";
import { findRuntimeObjects } from "@/lib/store/runtime-objects";
import { isTerminalStatus } from "@/lib/objects/statuses";
import { runInTransaction, withReader } from "@/lib/store/transaction";
import type { Tx } from "@/lib/store/db";
import type { OperationContext } from "./operation-context";

const COMPONENT_STATUSES = ["PAUSE", "RESUME"] as const;
const INSTANCE_STATUSES = ["TRY_CANCEL", "RERUN", "MARK_FINISHED"] as const;
type Action = (typeof COMPONENT_STATUSES)[number] | (typeof INSTANCE_STATUSES)[number];

/** Statuses are matched case-insensitively and CANCEL is the older name of TRY_CANCEL (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_SetStatus.html). */
export function parseStatus(status: string): Action {
  const upper = status.toUpperCase();
  const action = upper === "CANCEL" ? "TRY_CANCEL" : upper;
  if (
    (COMPONENT_STATUSES as readonly string[]).includes(action) ||
    (INSTANCE_STATUSES as readonly string[]).includes(action)
  )
    return action as Action;
  throw invalidRequest(
    `Invalid status '${status}': components take PAUSE or RESUME; instances take TRY_CANCEL, RERUN or MARK_FINISHED`,
  );
}

interface Target {
  pipeline: Pipeline;
  ctx: SchedulerContext;
  sphere: "COMPONENT" | "INSTANCE";
  ids: string[];
}

/** Checks the ids exist, are all components or all instances, and suit the status. */
async function resolveTarget(tx: Tx, input: SetStatusInput, ctx: OperationContext, action: Action): Promise<Target> {
  const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
  if (pipeline.state === "FINISHED")
    throw invalidRequest(`Pipeline ${pipeline.id} is FINISHED; SetStatus is not allowed on it`);
  const schedulerCtx = await loadSchedulerContext(tx, pipeline);
  if (!schedulerCtx)
    throw invalidRequest(`Pipeline ${pipeline.id} has never been activated, so it has no objects to set a status on`);
  const ids = [...new Set(input.objectIds)];
  const components = new Set(
    (await findComponentRows(tx, pipeline.id, schedulerCtx.version, ids)).map((c) => c.objectId),
  );
  const runtime = await findRuntimeObjects(
    tx,
    pipeline.id,
    ids.filter((id) => !components.has(id)),
  );
  const unknown = ids.filter((id) => !components.has(id) && !runtime.some((r) => r.objectId === id));
  if (unknown.length)
    throw invalidRequest(`Objects not found in pipeline ${pipeline.id}: ${unknown.slice(0, 10).join(", ")}`);
  if (runtime.some((r) => r.sphere === "ATTEMPT"))
    throw invalidRequest("SetStatus applies to components or instances, not to attempts");
  if (components.size > 0 && runtime.length > 0)
    throw invalidRequest("objectIds mix components and instances; send one kind per call");
  const sphere = components.size > 0 ? "COMPONENT" : "INSTANCE";
  const allowed: readonly string[] = sphere === "COMPONENT" ? COMPONENT_STATUSES : INSTANCE_STATUSES;
  if (!allowed.includes(action)) {
    throw invalidRequest(
      `${action} does not apply to ${sphere === "COMPONENT" ? "components" : "instances"}; use ${allowed.join(" or ")}`,
    );
  }
  if (action === "RERUN") {
    const notDone = runtime.filter((r) => !isTerminalStatus(r.status) || r.status === "SKIPPED");
    if (notDone.length) {
      throw invalidRequest(
        `Only finished, failed, cancelled or timed-out instances can be rerun; ${notDone[0]!.objectId} is ${notDone[0]!.status}`,
      );
    }
  }
  return { pipeline, ctx: schedulerCtx, sphere, ids };
}

export async function setStatus(input: SetStatusInput, ctx: OperationContext): Promise<undefined> {
  const action = parseStatus(input.status);
  await runInTransaction(async (tx) => {
    const target = await resolveTarget(tx, input, ctx, action);
    const now = new Date();
    let details: Record<string, unknown> = {};
    switch (action) {
      case "PAUSE":
        await pauseComponents(tx, target.ctx, target.ids);
        break;
      case "RESUME":
        await resumeComponents(tx, target.ctx, target.ids, now);
        break;
      case "TRY_CANCEL":
        details = { ...(await cancelInstances(tx, target.ctx, target.ids, now)) };
        break;
      case "RERUN":
        details = { reset: await rerunInstances(tx, target.ctx, target.ids, now) };
        break;
      case "MARK_FINISHED":
        details = { finished: await markInstancesFinished(tx, target.ctx, target.ids, now) };
        break;
    }
    await writeAudit(tx, {
      accountId: ctx.accountId,
      actor: ctx.actor,
      action: `SetStatus:${action}`,
      pipelineId: target.pipeline.id,
      objectIds: target.ids,
      details,
    });
  });
  return undefined;
}

/** What a RERUN would reset (the instances and, with cascade, their CASCADE_FAILED consumers), without changing anything. */
export async function previewRerun(
  input: { pipelineId: string; objectIds: string[] },
  ctx: OperationContext,
): Promise<{ instanceIds: string[] }> {
  return withReader(async (tx) => {
    const target = await resolveTarget(tx, { ...input, status: "RERUN" }, ctx, "RERUN");
    return { instanceIds: await collectRerunSet(tx, target.ctx, target.ids) };
  });
}
