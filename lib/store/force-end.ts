// The queue side of an operator's force-cancel / mark-failed: the leases held on these instances,
// locked, and their removal. Deleting the row is the fence: the runner's taskId then matches no
// live lease, so its later ReportTaskProgress and SetTaskStatus answer TaskNotFoundException
// (lockLeasedTask and the one-statement fast paths all require the row in state LEASED).
import type { Tx } from "./db";

export interface HeldLease {
  pk: bigint;
  attemptId: string;
  instanceId: string;
  workerGroup: string;
  hostname: string | null;
  leasedAt: Date | null;
  lastProgressAt: Date | null;
  cancelRequested: boolean;
}

/** The live hand-outs of these instances, locked for the caller's transaction. */
export async function lockHeldLeases(tx: Tx, pipelineId: string, instanceIds: string[]): Promise<HeldLease[]> {
  if (instanceIds.length === 0) return [];
  const rows = await tx.$queryRaw<
    {
      pk: bigint;
      attempt_id: string;
      instance_id: string;
      worker_group: string;
      hostname: string | null;
      leased_at: Date | null;
      last_progress_at: Date | null;
      cancel_requested: boolean;
    }[]
  >`SELECT pk, attempt_id, instance_id, worker_group, hostname, leased_at, last_progress_at, cancel_requested FROM tasks
    WHERE pipeline_id = ${pipelineId} AND instance_id = ANY(${instanceIds}::text[]) AND state = 'LEASED' ORDER BY pk FOR UPDATE`;
  return rows.map((r) => ({
    pk: r.pk,
    attemptId: r.attempt_id,
    instanceId: r.instance_id,
    workerGroup: r.worker_group,
    hostname: r.hostname,
    leasedAt: r.leased_at,
    lastProgressAt: r.last_progress_at,
    cancelRequested: r.cancel_requested,
  }));
}

/** Revokes the leases: their taskIds stop working at once. */
export async function revokeLeases(tx: Tx, pks: bigint[]): Promise<void> {
  if (pks.length === 0) return;
  await tx.$executeRaw`DELETE FROM tasks WHERE pk = ANY(${pks}::bigint[]) AND state = 'LEASED'`;
}
