import type { Tx } from "./db";

// Task runners per account: a taskrunnerId is the runner's own name, unique within its account.

/** Records a runner's heartbeat and tells whether an operator asked it to stop. */
export async function recordHeartbeat(
  tx: Tx,
  accountId: string,
  r: { taskrunnerId: string; workerGroup?: string; hostname?: string },
): Promise<{ terminate: boolean }> {
  const row = await tx.taskRunner.upsert({
    where: { accountId_taskrunnerId: { accountId, taskrunnerId: r.taskrunnerId } },
    create: {
      accountId,
      taskrunnerId: r.taskrunnerId,
      workerGroup: r.workerGroup ?? null,
      hostname: r.hostname ?? null,
    },
    update: {
      lastHeartbeatAt: new Date(),
      ...(r.workerGroup !== undefined ? { workerGroup: r.workerGroup } : {}),
      ...(r.hostname !== undefined ? { hostname: r.hostname } : {}),
    },
    select: { terminateRequested: true },
  });
  return { terminate: row.terminateRequested };
}

export async function findTaskRunners(tx: Tx, accountId: string) {
  return tx.taskRunner.findMany({
    where: { accountId },
    orderBy: [{ workerGroup: "asc" }, { lastHeartbeatAt: "desc" }],
  });
}

/** Returns false when the account has no runner with this id. */
export async function setRunnerTermination(
  tx: Tx,
  accountId: string,
  taskrunnerId: string,
  terminate: boolean,
): Promise<boolean> {
  const res = await tx.taskRunner.updateMany({
    where: { accountId, taskrunnerId },
    data: { terminateRequested: terminate },
  });
  return res.count > 0;
}

/** Retention: forgets runners whose last heartbeat is older than `before` (forged ids cannot pile up). */
export async function forgetSilentRunners(tx: Tx, before: Date): Promise<number> {
  const res = await tx.taskRunner.deleteMany({ where: { lastHeartbeatAt: { lt: before } } });
  return res.count;
}
