// Reads behind the console's instance and attempt pages: the queue rows (leases) of an instance's
// attempts, and the few columns the console shows for instances it links to.
import type { Tx } from "./db";

export interface AttemptTaskRow {
  attemptId: string;
  instanceId: string;
  workerGroup: string;
  /** READY (waiting for a runner), PAUSED, LEASED (handed out). Finished work has no row. */
  state: string;
  readyAt: Date;
  hostname: string | null;
  leasedAt: Date | null;
  ackedAt: Date | null;
  lastProgressAt: Date | null;
  leaseExpiresAt: Date | null;
  handouts: number;
  cancelRequested: boolean;
}

/** The queue rows of these instances' attempts (at most one per attempt). The opaque taskId is never read. */
export async function findTasksOfInstances(
  tx: Tx,
  pipelineId: string,
  instanceIds: string[],
): Promise<AttemptTaskRow[]> {
  if (instanceIds.length === 0) return [];
  return tx.task.findMany({
    where: { pipelineId, instanceId: { in: instanceIds } },
    select: {
      attemptId: true,
      instanceId: true,
      workerGroup: true,
      state: true,
      readyAt: true,
      hostname: true,
      leasedAt: true,
      ackedAt: true,
      lastProgressAt: true,
      leaseExpiresAt: true,
      handouts: true,
      cancelRequested: true,
    },
    orderBy: { pk: "asc" },
  });
}

export interface LinkedInstanceRow {
  objectId: string;
  componentId: string | null;
  status: string | null;
  scheduledStartTime: Date | null;
}

/** Id, component, status and scheduled start of the given instances (for "waiting on" / "needed by" lists and previews). */
export async function findLinkedInstances(tx: Tx, pipelineId: string, ids: string[]): Promise<LinkedInstanceRow[]> {
  if (ids.length === 0) return [];
  return tx.pipelineObject.findMany({
    where: { pipelineId, sphere: "INSTANCE", objectId: { in: ids } },
    select: { objectId: true, componentId: true, status: true, scheduledStartTime: true },
    orderBy: { pk: "asc" },
  });
}
