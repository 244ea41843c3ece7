import type { Prisma, PipelineObject as ObjectRow } from "@/lib/generated/prisma/client";
import { offCycleStatuses } from "@/lib/objects/statuses";
import type { Tx } from "./db";

export type { ObjectRow };

export async function findComponentRows(
  tx: Tx,
  pipelineId: string,
  version: number,
  ids?: string[],
): Promise<ObjectRow[]> {
  return tx.pipelineObject.findMany({
    where: { pipelineId, version, sphere: "COMPONENT", ...(ids ? { objectId: { in: ids } } : {}) },
    orderBy: { position: "asc" },
  });
}

export async function findRuntimeRows(tx: Tx, pipelineId: string, ids: string[]): Promise<ObjectRow[]> {
  return tx.pipelineObject.findMany({
    where: { pipelineId, sphere: { in: ["INSTANCE", "ATTEMPT"] }, objectId: { in: ids } },
    orderBy: { pk: "asc" },
  });
}

/** Columns QueryObjects can filter runtime objects on (see lib/operations/query-objects.ts for the field mapping). */
export type RuntimeColumn =
  | "name"
  | "sphere"
  | "status"
  | "componentId"
  | "instanceId"
  | "scheduledStartTime"
  | "scheduledEndTime"
  | "actualStartTime"
  | "actualEndTime";

export type RuntimeCondition =
  | { column: RuntimeColumn; op: "in"; values: (string | Date)[] }
  | { column: RuntimeColumn; op: "gte" | "lte"; value: Date }
  | { column: RuntimeColumn; op: "between"; from: Date; to: Date };

function toWhere(c: RuntimeCondition): Prisma.PipelineObjectWhereInput {
  switch (c.op) {
    case "in": {
      // Statuses outside the runner cycle are index lookups through off_cycle_status (lib/objects/statuses.ts).
      const indexed = c.column === "status" ? offCycleStatuses(c.values.map(String)) : null;
      return indexed ? { status: { in: indexed }, offCycleStatus: { in: indexed } } : { [c.column]: { in: c.values } };
    }
    case "gte":
      return { [c.column]: { gte: c.value } };
    case "lte":
      return { [c.column]: { lte: c.value } };
    case "between":
      return { [c.column]: { gte: c.from, lte: c.to } };
  }
}

/** One page of runtime object ids of a sphere that satisfy every condition, in creation order after `afterPk`. */
export async function queryRuntimeObjectIds(
  tx: Tx,
  pipelineId: string,
  sphere: "INSTANCE" | "ATTEMPT",
  conditions: RuntimeCondition[],
  afterPk: bigint,
  limit: number,
): Promise<{ objectId: string; pk: bigint }[]> {
  return tx.pipelineObject.findMany({
    where: { pipelineId, sphere, pk: { gt: afterPk }, AND: conditions.map(toWhere) },
    orderBy: { pk: "asc" },
    take: limit,
    select: { objectId: true, pk: true },
  });
}

export async function setComponentStatus(
  tx: Tx,
  pipelineId: string,
  objectIds: string[],
  status: string,
): Promise<void> {
  await tx.pipelineObject.updateMany({
    where: { pipelineId, sphere: "COMPONENT", objectId: { in: objectIds } },
    data: { status, updatedAt: new Date() },
  });
}

export async function setAllComponentStatus(
  tx: Tx,
  pipelineId: string,
  version: number,
  status: string,
): Promise<void> {
  // Components already in that status are left alone: re-activating an on-demand pipeline would
  // otherwise rewrite every component row (one row write per activity per run, issue #16).
  await tx.pipelineObject.updateMany({
    where: { pipelineId, version, sphere: "COMPONENT", OR: [{ status: null }, { status: { not: status } }] },
    data: { status, updatedAt: new Date() },
  });
}
