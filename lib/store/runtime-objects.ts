import type { Field } from "@/lib/protocol/types";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "./db";
import { fieldsFromJson, toJson } from "./json";
import type { ObjectRow } from "./objects";

// Instances, attempts and the dependency edges between instances.

export const TERMINAL_STATUSES = ["FINISHED", "FAILED", "CANCELED", "CASCADE_FAILED", "TIMEDOUT", "SKIPPED"] as const;
export const isTerminal = (status: string | null) => status !== null && (TERMINAL_STATUSES as readonly string[]).includes(status);

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

/** Inserts the objects that do not exist yet (ids are deterministic, so a re-plan is a no-op) and returns the ids it created. */
export async function insertRuntimeObjects(tx: Tx, objects: NewRuntimeObject[]): Promise<string[]> {
  if (objects.length === 0) return [];
  const created = await tx.pipelineObject.createManyAndReturn({
    data: objects.map((o) => ({
      pipelineId: o.pipelineId,
      version: o.version,
      objectId: o.objectId,
      name: o.objectId,
      sphere: o.sphere,
      componentId: o.componentId,
      instanceId: o.instanceId ?? null,
      nodeId: o.nodeId ?? null,
      status: o.status,
      attemptNumber: o.attemptNumber ?? null,
      scheduledStartTime: o.scheduledStartTime,
      scheduledEndTime: o.scheduledEndTime,
      workerGroup: o.workerGroup ?? null,
      fields: toJson(o.extra ?? []),
    })),
    skipDuplicates: true,
    select: { objectId: true },
  });
  return created.map((c) => c.objectId);
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
  return rows.map((r) => ({ instanceId: r.instanceId, dependsOnId: r.dependsOnId, kind: r.kind as DependencyEdge["kind"] }));
}

/** The edges pointing at these instances: who waits on them. */
export async function findDependentsOf(tx: Tx, pipelineId: string, targetIds: string[]): Promise<DependencyEdge[]> {
  if (targetIds.length === 0) return [];
  const rows = await tx.instanceDependency.findMany({ where: { pipelineId, dependsOnId: { in: targetIds } } });
  return rows.map((r) => ({ instanceId: r.instanceId, dependsOnId: r.dependsOnId, kind: r.kind as DependencyEdge["kind"] }));
}

export async function findRuntimeObjects(tx: Tx, pipelineId: string, ids: string[]): Promise<ObjectRow[]> {
  if (ids.length === 0) return [];
  return tx.pipelineObject.findMany({ where: { pipelineId, objectId: { in: ids }, sphere: { in: ["INSTANCE", "ATTEMPT"] } } });
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

export async function updateRuntimeObject(tx: Tx, pipelineId: string, objectId: string, patch: RuntimePatch): Promise<void> {
  const { extra, ...rest } = patch;
  await tx.pipelineObject.updateMany({
    where: { pipelineId, objectId, sphere: { in: ["INSTANCE", "ATTEMPT"] } },
    data: { ...rest, ...(extra ? { fields: toJson(extra) } : {}), updatedAt: new Date() },
  });
}

export const extraFieldsOf = (row: ObjectRow): Field[] => fieldsFromJson(row.fields);

/** Replaces the given keys in a field list (every old field with such a key goes), keeping the rest in order. */
export function withFields(fields: Field[], replacements: Field[]): Field[] {
  const keys = new Set(replacements.map((f) => f.key));
  return [...fields.filter((f) => !keys.has(f.key)), ...replacements];
}

/** Instances of these components that are not in a terminal status. */
export async function countActiveInstances(tx: Tx, pipelineId: string, componentIds: string[]): Promise<Map<string, number>> {
  if (componentIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ component_id: string; n: number }[]>`
    SELECT component_id, count(*)::int AS n FROM pipeline_objects
    WHERE pipeline_id = ${pipelineId} AND sphere = 'INSTANCE' AND component_id = ANY(${componentIds}::text[])
      AND status NOT IN ('FINISHED','FAILED','CANCELED','CASCADE_FAILED','TIMEDOUT','SKIPPED')
    GROUP BY component_id`;
  return new Map(rows.map((r) => [r.component_id, r.n]));
}

/** Scheduled start of each component's latest instance: the planner's cursor. */
export async function latestScheduledStarts(tx: Tx, pipelineId: string, componentIds: string[]): Promise<Map<string, Date>> {
  if (componentIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ component_id: string; latest: Date }[]>`
    SELECT component_id, max(scheduled_start_time) AS latest FROM pipeline_objects
    WHERE pipeline_id = ${pipelineId} AND sphere = 'INSTANCE' AND component_id = ANY(${componentIds}::text[])
    GROUP BY component_id`;
  return new Map(rows.map((r) => [r.component_id, r.latest]));
}

export async function findInstancesByStatus(tx: Tx, pipelineId: string, statuses: string[], componentIds?: string[]): Promise<ObjectRow[]> {
  const where: Prisma.PipelineObjectWhereInput = {
    pipelineId,
    sphere: "INSTANCE",
    status: { in: statuses },
    ...(componentIds ? { componentId: { in: componentIds } } : {}),
  };
  return tx.pipelineObject.findMany({ where, orderBy: { pk: "asc" } });
}

export async function countNonTerminalInstances(tx: Tx, pipelineId: string): Promise<number> {
  return tx.pipelineObject.count({
    where: { pipelineId, sphere: "INSTANCE", status: { notIn: [...TERMINAL_STATUSES] } },
  });
}

/** Pipelines whose scheduler has work to look at: scheduled ones and those still draining. */
export async function findPipelinesToTick(tx: Tx): Promise<{ id: string; state: string }[]> {
  return tx.pipeline.findMany({ where: { deletedAt: null, state: { in: ["SCHEDULED", "DEACTIVATING"] } }, select: { id: true, state: true } });
}

export async function findAttemptsOfInstance(tx: Tx, pipelineId: string, instanceId: string): Promise<ObjectRow[]> {
  return tx.pipelineObject.findMany({ where: { pipelineId, sphere: "ATTEMPT", instanceId }, orderBy: { attemptNumber: "asc" } });
}

/** Run bookkeeping for DescribePipelines: the latest run and completed run, and the health of the latest completed instance. */
export async function findRunSummaryRows(tx: Tx, pipelineIds: string[]) {
  if (pipelineIds.length === 0) return [];
  return tx.$queryRaw<
    { pipeline_id: string; latest_run: Date | null; latest_completed: Date | null; last_status: string | null; last_instance: string | null; last_end: Date | null }[]
  >`
    SELECT p.id AS pipeline_id,
      (SELECT max(actual_start_time) FROM pipeline_objects o WHERE o.pipeline_id = p.id AND o.sphere = 'INSTANCE') AS latest_run,
      (SELECT max(actual_end_time) FROM pipeline_objects o WHERE o.pipeline_id = p.id AND o.sphere = 'INSTANCE' AND o.status = 'FINISHED') AS latest_completed,
      l.status AS last_status, l.object_id AS last_instance, l.actual_end_time AS last_end
    FROM pipelines p
    LEFT JOIN LATERAL (
      SELECT status, object_id, actual_end_time FROM pipeline_objects o
      WHERE o.pipeline_id = p.id AND o.sphere = 'INSTANCE' AND o.status IN ('FINISHED','FAILED','CASCADE_FAILED','TIMEDOUT') AND o.actual_end_time IS NOT NULL
      ORDER BY o.actual_end_time DESC LIMIT 1) l ON true
    WHERE p.id = ANY(${pipelineIds}::text[])`;
}

/** First acknowledgement of a hand-out: the attempt and its instance are RUNNING (one statement, on the hot path). */
export async function markObjectsRunning(tx: Tx, pipelineId: string, objectIds: string[], now: Date): Promise<void> {
  await tx.$executeRaw`UPDATE pipeline_objects SET status = 'RUNNING', actual_start_time = coalesce(actual_start_time, ${now}), updated_at = ${now}
    WHERE pipeline_id = ${pipelineId} AND object_id = ANY(${objectIds}::text[]) AND sphere <> 'COMPONENT' AND status = 'WAITING_FOR_RUNNER'`;
}

/** Stores the fields a runner reported on its attempt (replacing earlier values of the same keys). */
export async function recordReportedFields(tx: Tx, pipelineId: string, attemptId: string, fields: Field[], now: Date): Promise<void> {
  const [row] = await findRuntimeObjects(tx, pipelineId, [attemptId]);
  if (!row) return;
  // Runners may not overwrite what the service owns.
  const allowed = fields.filter((f) => !f.key.startsWith("@"));
  await updateRuntimeObject(tx, pipelineId, attemptId, { reportedProgressAt: now, ...(allowed.length ? { extra: withFields(extraFieldsOf(row), allowed) } : {}) });
}

export async function touchReportedProgress(tx: Tx, pipelineId: string, attemptId: string, now: Date): Promise<void> {
  await tx.$executeRaw`UPDATE pipeline_objects SET reported_progress_at = ${now} WHERE pipeline_id = ${pipelineId} AND object_id = ${attemptId} AND sphere = 'ATTEMPT'`;
}
