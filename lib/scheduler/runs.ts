import { enqueueLateChecks } from "@/lib/actions/enqueue-actions";
import { instanceIdOf } from "@/lib/objects/present-runtime";
import type { Field } from "@/lib/protocol/types";
import {
  countActiveInstances,
  insertDependencies,
  insertRuntimeObjects,
  latestScheduledStarts,
  type DependencyEdge,
  type NewRuntimeObject,
} from "@/lib/store/runtime-objects";
import type { Tx } from "@/lib/store/db";
import { advanceInstances, queueFirstAttempts, readyStep, waitingForRunnerFields } from "./state-machine";
import type { SchedulerContext } from "./scheduler-context";
import { isOnDemand } from "./pipeline-plan";
import { nextDueIntervals, type Interval } from "./schedule-intervals";

// Turning schedules into runs: one run of an activity for one interval is its instance plus the
// instances it needs for that interval (its preconditions, its input data nodes and their
// preconditions, its output data nodes), linked by dependency edges.

/** Instances created per component per tick; a long backfill continues on the next tick. */
const MAX_NEW_PER_TICK = 50;

interface RunSpec {
  instances: NewRuntimeObject[];
  edges: DependencyEdge[];
}

function newInstance(
  ctx: SchedulerContext,
  componentId: string,
  interval: Interval,
  extra: Field[] = [],
  nodeId?: string,
): NewRuntimeObject {
  return {
    pipelineId: ctx.pipelineId,
    objectId: instanceIdOf(componentId, new Date(interval.start)),
    sphere: "INSTANCE",
    version: ctx.version,
    componentId,
    nodeId: nodeId ?? null,
    status: "WAITING_ON_DEPENDENCIES",
    scheduledStartTime: new Date(interval.start),
    scheduledEndTime: new Date(interval.end),
    extra,
  };
}

/** The instances and edges of one activity's run for one interval. */
export function describeRun(ctx: SchedulerContext, activityId: string, interval: Interval): RunSpec {
  const settings = ctx.plan.settings.get(activityId);
  const at = new Date(interval.start);
  const activityInstance = instanceIdOf(activityId, at);
  const instances: NewRuntimeObject[] = [];
  const edges: DependencyEdge[] = [];
  const rewritten: Field[] = [];
  const preconditionsOf = (componentId: string, consumerInstance: string): string[] =>
    (ctx.plan.settings.get(componentId)?.preconditionIds ?? []).map((p) => {
      const id = instanceIdOf(p, at);
      instances.push(newInstance(ctx, p, interval, [], consumerInstance));
      edges.push({ instanceId: consumerInstance, dependsOnId: id, kind: "precondition" });
      return id;
    });

  for (const p of preconditionsOf(activityId, activityInstance)) rewritten.push({ key: "precondition", refValue: p });
  for (const d of settings?.dependsOnIds ?? []) {
    const id = instanceIdOf(d, at);
    edges.push({ instanceId: activityInstance, dependsOnId: id, kind: "dependsOn" });
    rewritten.push({ key: "dependsOn", refValue: id });
  }
  for (const input of settings?.inputIds ?? []) {
    const id = instanceIdOf(input, at);
    instances.push(newInstance(ctx, input, interval));
    preconditionsOf(input, id);
    edges.push({ instanceId: activityInstance, dependsOnId: id, kind: "input" });
    rewritten.push({ key: "input", refValue: id });
  }
  for (const output of settings?.outputIds ?? []) {
    const id = instanceIdOf(output, at);
    instances.push(newInstance(ctx, output, interval));
    edges.push({ instanceId: id, dependsOnId: activityInstance, kind: "output" });
    rewritten.push({ key: "output", refValue: id });
  }
  instances.unshift(newInstance(ctx, activityId, interval, rewritten));
  return { instances, edges };
}

async function createRuns(
  tx: Tx,
  ctx: SchedulerContext,
  runs: { activityId: string; interval: Interval }[],
  now: Date,
): Promise<string[]> {
  const specs = runs.map((r) => describeRun(ctx, r.activityId, r.interval));
  // An instance that waits on nothing and can run now is inserted as advanceInstances would leave
  // it in this same transaction (WAITING_FOR_RUNNER, attempt 1, its fields): one row write instead
  // of an insert and an update that moves it out of the waiting index (issue #16).
  const waits = new Set(specs.flatMap((s) => s.edges.map((e) => e.instanceId)));
  const atOnce = new Set<string>();
  const rows = specs
    .flatMap((s) => s.instances)
    .map((i): NewRuntimeObject => {
      if (waits.has(i.objectId) || readyStep(ctx, i.componentId) !== "queue") return i;
      atOnce.add(i.objectId);
      return {
        ...i,
        status: "WAITING_FOR_RUNNER",
        attemptNumber: 1,
        extra: waitingForRunnerFields(ctx, i.extra ?? [], i.componentId, 1, 1),
      };
    });
  const created = await insertRuntimeObjects(tx, rows);
  await insertDependencies(
    tx,
    ctx.pipelineId,
    specs.flatMap((s) => s.edges),
  );
  const createdIds = new Set(created);
  await enqueueLateChecks(
    tx,
    ctx,
    specs.flatMap((s) => s.instances).filter((i) => createdIds.has(i.objectId)),
  );
  const reevaluate = await queueFirstAttempts(
    tx,
    ctx,
    created.filter((id) => atOnce.has(id)),
    now,
  );
  await advanceInstances(tx, ctx, [...created.filter((id) => !atOnce.has(id)), ...reevaluate], now);
  return created;
}

/** An on-demand activation: one run of every on-demand activity, scheduled at the activation time. */
export async function startOnDemandRun(tx: Tx, ctx: SchedulerContext, now: Date): Promise<string[]> {
  const activities = ctx.plan.activityIds.filter((id) => isOnDemand(ctx.plan, ctx.plan.settings.get(id)!));
  if (activities.length === 0) return [];
  // Instance ids carry the time to the second; a second activation within the same second runs a second later.
  let start = Math.floor(now.getTime() / 1000) * 1000;
  const latest = await latestScheduledStarts(tx, ctx.pipelineId, activities);
  for (const d of latest.values()) if (d.getTime() >= start) start = d.getTime() + 1000;
  const interval: Interval = { index: 0, start, end: start };
  return createRuns(
    tx,
    ctx,
    activities.map((activityId) => ({ activityId, interval })),
    now,
  );
}

/** Creates every due, not yet created run of the scheduled activities; reports whether every schedule is exhausted. */
export async function planDueRuns(
  tx: Tx,
  ctx: SchedulerContext,
  now: Date,
): Promise<{ created: string[]; exhausted: boolean }> {
  const scheduled = ctx.plan.activityIds.filter((id) => !isOnDemand(ctx.plan, ctx.plan.settings.get(id)!));
  if (scheduled.length === 0) return { created: [], exhausted: true };
  const latest = await latestScheduledStarts(tx, ctx.pipelineId, scheduled);
  const active = await countActiveInstances(tx, ctx.pipelineId, scheduled);
  const runs: { activityId: string; interval: Interval }[] = [];
  let exhausted = true;
  for (const activityId of scheduled) {
    const s = ctx.plan.settings.get(activityId)!;
    const spec = s.scheduleId ? ctx.plan.schedules.get(s.scheduleId) : undefined;
    const origin = spec?.start ?? ctx.firstActivatedAt?.getTime() ?? null;
    if (!spec || origin === null) continue; // validation reports a missing or unusable schedule
    const room = Math.min(MAX_NEW_PER_TICK, s.maxActiveInstances - (active.get(activityId) ?? 0));
    const next = nextDueIntervals({
      spec,
      scheduleType: s.scheduleType,
      origin,
      lastStart: latest.get(activityId)?.getTime() ?? null,
      resumeFrom: ctx.resumeFrom?.getTime() ?? null,
      now: now.getTime(),
      room: Math.max(0, room),
    });
    exhausted = exhausted && next.exhausted;
    runs.push(...next.due.map((interval) => ({ activityId, interval })));
  }
  return { created: runs.length ? await createRuns(tx, ctx, runs, now) : [], exhausted };
}
