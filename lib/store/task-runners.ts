import type { Tx } from "./db";

/** Records a runner's heartbeat and tells whether an operator asked it to stop. */
export async function recordHeartbeat(tx: Tx, r: { taskrunnerId: string; workerGroup?: string; hostname?: string }): Promise<{ terminate: boolean }> {
  const row = await tx.taskRunner.upsert({
    where: { taskrunnerId: r.taskrunnerId },
    create: { taskrunnerId: r.taskrunnerId, workerGroup: r.workerGroup ?? null, hostname: r.hostname ?? null },
    update: {
      lastHeartbeatAt: new Date(),
      ...(r.workerGroup !== undefined ? { workerGroup: r.workerGroup } : {}),
      ...(r.hostname !== undefined ? { hostname: r.hostname } : {}),
    },
    select: { terminateRequested: true },
  });
  return { terminate: row.terminateRequested };
}

export async function findTaskRunners(tx: Tx) {
  return tx.taskRunner.findMany({ orderBy: [{ workerGroup: "asc" }, { lastHeartbeatAt: "desc" }] });
}

/** Returns false when no runner has this id. */
export async function setRunnerTermination(tx: Tx, taskrunnerId: string, terminate: boolean): Promise<boolean> {
  const res = await tx.taskRunner.updateMany({ where: { taskrunnerId }, data: { terminateRequested: terminate } });
  return res.count > 0;
}

/** Retention: forgets runners whose last heartbeat is older than `before` (forged ids cannot pile up). */
export async function forgetSilentRunners(tx: Tx, before: Date): Promise<number> {
  const res = await tx.taskRunner.deleteMany({ where: { lastHeartbeatAt: { lt: before } } });
  return res.count;
}
