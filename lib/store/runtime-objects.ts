import { offCycleStatuses, TERMINAL_STATUSES } from "@/lib/objects/statuses";
import type { Field } from "@/lib/protocol/types";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "./db";
import { fieldsFromJson, toJson } from "./json";
import type { ObjectRow } from "./objects";

// Instances, attempts and the dependency edges between instances.

export interface NewRuntimeObject {
  pipelineId: string;
  objectId: string;
  sphere: "INSTANCE" | "ATTEMPT";
  version: number;
  componentId: string;
  instanceId?: string | null;
  nodeId?: string | null;
  status: string;
  attemptNumber?: number | null;
  scheduledStartTime: Date | null;
  scheduledEndTime: Date | null;
  workerGroup?: string | null;
  extra?: Field[];
}

/**
 * Inserts the objects that do not exist yet (ids are deterministic, so a re-plan is a no-op) and
 * returns the ids it created. One statement with the rows as one JSON parameter: an activation
 * inserts a whole run's instances and attempts this way, and going through the ORM's createMany
 * cost more CPU than the database spent on the insert.
 */
export async function insertRuntimeObjects(tx: Tx, objects: NewRuntimeObject[]): Promise<string[]> {
  if (objects.length === 0) return [];
  const rows = JSON.stringify(
    objects.map((o) => ({
      pipeline_id: o.pipelineId,
      version: o.version,
      object_id: o.objectId,
      sphere: o.sphere,
      component_id: o.componentId,
      instance_id: o.instanceId ?? null,
      node_id: o.nodeId ?? null,
      status: o.status,
      attempt_number: o.attemptNumber ?? null,
      scheduled_start_time: o.scheduledStartTime,
      scheduled_end_time: o.scheduledEndTime,
      worker_group: o.workerGroup ?? null,
      fields: o.extra ?? [],
    })),
  );
  const created = await tx.$queryRaw<{ object_id: string }[]>`
    INSERT INTO pipeline_objects (pipeline_id, version, object_id, name, sphere, component_id, instance_id, node_id, status,
                                  attempt_number, scheduled_start_time, scheduled_end_time, worker_group, fields)
    SELECT x.pipeline_id, x.version, x.object_id, x.object_id, x.sphere, x.component_id, x.instance_id, x.node_id, x.status,
           x.attempt_number, x.scheduled_start_time, x.scheduled_end_time, x.worker_group, x.fields
    FROM jsonb_to_recordset(${rows}::jsonb) AS x(pipeline_id text, version int, object_id text, sphere text, component_id text,
      instance_id text, node_id text, status text, attempt_number int, scheduled_start_time timestamptz, scheduled_end_time timestamptz,
      worker_group text, fields jsonb)
    ON CONFLICT DO NOTHING
    RETURNING object_id`;
  return created.map((c) => c.object_id);
}

export interface DependencyEdge {
  instanceId: string;
  dependsOnId: string;
  kind: "dependsOn" | "precondition" | "input" | "output";
}

export async function insertDependencies(tx: Tx, pipelineId: string, edges: DependencyEdge[]): Promise<void> {
  if (edges.length === 0) return;
  await tx.instanceDependency.createMany({ data: edges.map((e) => ({ pipelineId, ...e })), skipDuplicates: true });
}

export async function findDependenciesOf(tx: Tx, pipelineId: string, instanceIds: string[]): Promise<DependencyEdge[]> {
  if (instanceIds.length === 0) return [];
  const rows = await tx.instanceDependency.findMany({ where: { pipelineId, instanceId: { in: instanceIds } } });
  return rows.map((r) => ({
    instanceId: r.instanceId,
    dependsOnId: r.dependsOnId,
    kind: r.kind as DependencyEdge["kind"],
  }));
}

/** The edges pointing at these instances: who waits on them. */
export async function findDependentsOf(tx: Tx, pipelineId: string, targetIds: string[]): Promise<DependencyEdge[]> {
  if (targetIds.length === 0) return [];
  const rows = await tx.instanceDependency.findMany({ where: { pipelineId, dependsOnId: { in: targetIds } } });
  return rows.map((r) => ({
    instanceId: r.instanceId,
    dependsOnId: r.dependsOnId,
    kind: r.kind as DependencyEdge["kind"],
  }));
}

// Every column of pipeline_objects, by the field name the ORM's model gives it, so a raw read
// returns the same ObjectRow a findMany would (bigint pk, timestamptz as Date, jsonb parsed). Typed
// against the model's fields: a column added to the schema fails the type check here until it is
// listed, instead of going silently missing from the rows.
const OBJECT_ROW_COLUMNS: Record<Prisma.PipelineObjectScalarFieldEnum, string> = {
  pk: "pk",
  pipelineId: "pipeline_id",
  version: "version",
  objectId: "object_id",
  name: "name",
  sphere: "sphere",
  position: "position",
  componentId: "component_id",
  instanceId: "instance_id",
  status: "status",
  offCycleStatus: "off_cycle_status",
  attemptNumber: "attempt_number",
  scheduledStartTime: "scheduled_start_time",
  scheduledEndTime: "scheduled_end_time",
  actualStartTime: "actual_start_time",
  actualEndTime: "actual_end_time",
  fields: "fields",
  nodeId: "node_id",
  workerGroup: "worker_group",
  hostname: "hostname",
  errorId: "error_id",
  errorMessage: "error_message",
  errorStackTrace: "error_stack_trace",
  cascadeFailedOn: "cascade_failed_on",
  reportedProgressAt: "reported_progress_at",
  runStartAttempt: "run_start_attempt",
  createdAt: "created_at",
  updatedAt: "updated_at",
};
const OBJECT_ROW_SELECT = Prisma.raw(
  Object.entries(OBJECT_ROW_COLUMNS)
    .map(([field, column]) => `${column} AS "${field}"`)
    .join(", "),
);

/**
 * The instances and attempts with these ids. A raw statement rather than findMany: the scheduler
 * reads a whole run's rows this way on every activation (99 instances, then 198 instances and
 * attempts for the bench's pipeline), and the ORM's mapping of wide rows cost more CPU than the
 * raw read and its row conversion (198 rows, warmed up, in process: 2.9-3.3 ms against 1.7-2.0 ms).
 */
export async function findRuntimeObjects(tx: Tx, pipelineId: string, ids: string[]): Promise<ObjectRow[]> {
  if (ids.length === 0) return [];
  return tx.$queryRaw<ObjectRow[]>`
    SELECT ${OBJECT_ROW_SELECT} FROM pipeline_objects
    WHERE pipeline_id = ${pipelineId} AND object_id = ANY(${ids}::text[]) AND sphere IN ('INSTANCE', 'ATTEMPT')`;
}

/** Locks the rows for the rest of the transaction, so concurrent finishes and cancels serialise per object. */
export async function lockRuntimeObjects(tx: Tx, pipelineId: string, ids: string[]): Promise<ObjectRow[]> {
  if (ids.length === 0) return [];
  await tx.$executeRaw`SELECT 1 FROM pipeline_objects WHERE pipeline_id = ${pipelineId} AND object_id = ANY(${ids}::text[]) AND sphere <> 'COMPONENT' ORDER BY pk FOR UPDATE`;
  return findRuntimeObjects(tx, pipelineId, ids);
}

export type RuntimePatch = Partial<
  Pick<
    ObjectRow,
    | "status"
    | "attemptNumber"
    | "actualStartTime"
    | "actualEndTime"
    | "hostname"
    | "errorId"
    | "errorMessage"
    | "errorStackTrace"
    | "cascadeFailedOn"
    | "reportedProgressAt"
    | "runStartAttempt"
  >
> & { extra?: Field[] };

export async function updateRuntimeObject(
  tx: Tx,
  pipelineId: string,
  objectId: string,
  patch: RuntimePatch,
): Promise<void> {
  const { extra, ...rest } = patch;
  await tx.pipelineObject.updateMany({
    where: { pipelineId, objectId, sphere: { in: ["INSTANCE", "ATTEMPT"] } },
    data: { ...rest, ...(extra ? { fields: toJson(extra) } : {}), updatedAt: new Date() },
  });
}

/**
 * Instances that just got attempt `attemptNumber` queued: WAITING_FOR_RUNNER with their new field
 * list, all in one statement (activation gives a whole run its attempts at once).
 */
export async function setInstancesWaitingForRunner(
  tx: Tx,
  pipelineId: string,
  rows: { objectId: string; attemptNumber: number; fields: Field[] }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map((r) => ({ id: r.objectId, n: r.attemptNumber, fields: r.fields })));
  await tx.$executeRaw`UPDATE pipeline_objects o
    SET status = 'WAITING_FOR_RUNNER', attempt_number = v.n, fields = v.fields, updated_at = ${now}
    FROM jsonb_to_recordset(${json}::jsonb) AS v(id text, n int, fields jsonb)
    WHERE o.pipeline_id = ${pipelineId} AND o.object_id = v.id AND o.sphere IN ('INSTANCE', 'ATTEMPT')`;
}

/**
 * Components of a version that are PAUSED (usually none: one index lookup, not the whole component
 * list; the index reads off_cycle_status, which is the status for PAUSED).
 */
export async function findPausedComponentIds(tx: Tx, pipelineId: string, version: number): Promise<string[]> {
  const rows = await tx.$queryRaw<{ object_id: string }[]>`
    SELECT object_id FROM pipeline_objects WHERE pipeline_id = ${pipelineId} AND sphere = 'COMPONENT'
      AND off_cycle_status = 'PAUSED' AND status = 'PAUSED' AND version = ${version}`;
  return rows.map((r) => r.object_id);
}

export const extraFieldsOf = (row: ObjectRow): Field[] => fieldsFromJson(row.fields);

/** Replaces the given keys in a field list (every old field with such a key goes), keeping the rest in order. */
export function withFields(fields: Field[], replacements: Field[]): Field[] {
  const keys = new Set(replacements.map((f) => f.key));
  return [...fields.filter((f) => !keys.has(f.key)), ...replacements];
}

/** Instances of these components that are not in a terminal status. */
export async function countActiveInstances(
  tx: Tx,
  pipelineId: string,
  componentIds: string[],
): Promise<Map<string, number>> {
  if (componentIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ component_id: string; n: number }[]>`
    SELECT component_id, count(*)::int AS n FROM pipeline_objects
    WHERE pipeline_id = ${pipelineId} AND sphere = 'INSTANCE' AND component_id = ANY(${componentIds}::text[])
      AND status NOT IN ('FINISHED','FAILED','CANCELED','CASCADE_FAILED','TIMEDOUT','SKIPPED')
    GROUP BY component_id`;
  return new Map(rows.map((r) => [r.component_id, r.n]));
}

/**
 * Scheduled start of each component's latest instance: the planner's cursor. One backward step into
 * pipeline_objects_component_schedule_idx per component, so its cost does not grow with the run
 * history (a GROUP BY over the pipeline's instances read every instance it ever had, on every
 * activation).
 */
export async function latestScheduledStarts(
  tx: Tx,
  pipelineId: string,
  componentIds: string[],
): Promise<Map<string, Date>> {
  if (componentIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ component_id: string; latest: Date | null }[]>`
    SELECT c.component_id,
           (SELECT o.scheduled_start_time FROM pipeline_objects o
             WHERE o.pipeline_id = ${pipelineId} AND o.sphere = 'INSTANCE' AND o.component_id = c.component_id
               AND o.scheduled_start_time IS NOT NULL
             ORDER BY o.scheduled_start_time DESC LIMIT 1) AS latest
    FROM unnest(${componentIds}::text[]) AS c(component_id)`;
  return new Map(rows.flatMap((r) => (r.latest ? [[r.component_id, r.latest] as const] : [])));
}

export async function findInstancesByStatus(
  tx: Tx,
  pipelineId: string,
  statuses: string[],
  componentIds?: string[],
): Promise<ObjectRow[]> {
  // Statuses outside the runner cycle are index lookups through off_cycle_status (lib/objects/statuses.ts).
  const indexed = offCycleStatuses(statuses);
  const where: Prisma.PipelineObjectWhereInput = {
    pipelineId,
    sphere: "INSTANCE",
    status: { in: statuses },
    ...(indexed ? { offCycleStatus: { in: indexed } } : {}),
    ...(componentIds ? { componentId: { in: componentIds } } : {}),
  };
  return tx.pipelineObject.findMany({ where, orderBy: { pk: "asc" } });
}

export async function countNonTerminalInstances(tx: Tx, pipelineId: string): Promise<number> {
  return tx.pipelineObject.count({
    where: { pipelineId, sphere: "INSTANCE", status: { notIn: [...TERMINAL_STATUSES] } },
  });
}

export interface PipelineToTick {
  id: string;
  state: string;
  activeVersion: number | null;
  activationCount: number;
  /** Some instance waits on dependencies: the tick's safety net has something to look at. */
  hasWaiting: boolean;
}

/** Pipelines whose scheduler has work to look at: scheduled ones and those still draining. */
export async function findPipelinesToTick(tx: Tx): Promise<PipelineToTick[]> {
  const rows = await tx.$queryRaw<
    { id: string; state: string; active_version: number | null; activation_count: number; has_waiting: boolean }[]
  >`
    SELECT p.id, p.state, p.active_version, p.activation_count,
      EXISTS (SELECT 1 FROM pipeline_objects o WHERE o.pipeline_id = p.id AND o.sphere = 'INSTANCE'
        AND o.off_cycle_status = 'WAITING_ON_DEPENDENCIES' AND o.status = 'WAITING_ON_DEPENDENCIES') AS has_waiting
    FROM pipelines p WHERE p.deleted_at IS NULL AND p.state IN ('SCHEDULED', 'DEACTIVATING')`;
  return rows.map((r) => ({
    id: r.id,
    state: r.state,
    activeVersion: r.active_version,
    activationCount: r.activation_count,
    hasWaiting: r.has_waiting,
  }));
}

export async function findAttemptsOfInstance(tx: Tx, pipelineId: string, instanceId: string): Promise<ObjectRow[]> {
  return tx.pipelineObject.findMany({
    where: { pipelineId, sphere: "ATTEMPT", instanceId },
    orderBy: { attemptNumber: "asc" },
  });
}

/** First acknowledgement of a hand-out: the attempt and its instance are RUNNING (one statement, on the hot path). */
export async function markObjectsRunning(tx: Tx, pipelineId: string, objectIds: string[], now: Date): Promise<void> {
  await tx.$executeRaw`UPDATE pipeline_objects SET status = 'RUNNING', actual_start_time = coalesce(actual_start_time, ${now}), updated_at = ${now}
    WHERE pipeline_id = ${pipelineId} AND object_id = ANY(${objectIds}::text[]) AND sphere <> 'COMPONENT' AND status = 'WAITING_FOR_RUNNER'`;
}

/** Stores the fields a runner reported on its attempt (replacing earlier values of the same keys). */
export async function recordReportedFields(
  tx: Tx,
  pipelineId: string,
  attemptId: string,
  fields: Field[],
  now: Date,
): Promise<void> {
  const [row] = await findRuntimeObjects(tx, pipelineId, [attemptId]);
  if (!row) return;
  // Runners may not overwrite what the service owns.
  const allowed = fields.filter((f) => !f.key.startsWith("@"));
  await updateRuntimeObject(tx, pipelineId, attemptId, {
    reportedProgressAt: now,
    ...(allowed.length ? { extra: withFields(extraFieldsOf(row), allowed) } : {}),
  });
}

export async function touchReportedProgress(tx: Tx, pipelineId: string, attemptId: string, now: Date): Promise<void> {
  await tx.$executeRaw`UPDATE pipeline_objects SET reported_progress_at = ${now} WHERE pipeline_id = ${pipelineId} AND object_id = ${attemptId} AND sphere = 'ATTEMPT'`;
}
