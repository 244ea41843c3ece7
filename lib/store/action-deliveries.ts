import type { Pool } from "pg";
import { TERMINAL_STATUSES } from "@/lib/objects/statuses";
import type { Tx } from "./db";

// The action outbox: rows written with the instance outcome that fires them, claimed by the
// delivery worker with SKIP LOCKED and a short lease (sending happens outside any transaction).

export interface NewActionDelivery {
  pipelineId: string;
  instanceId: string;
  trigger: "onSuccess" | "onFail" | "onLateAction";
  actionId: string;
  actionType: string;
  channel: "sns" | "webhook" | "terminate";
  outcomeKey: string;
  dueAt: Date;
}

export interface ActionDeliveryRow extends NewActionDelivery {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
  deliveredAt: Date | null;
}

/** Inserts what is not there yet: an outcome that is recorded twice fires its actions once. */
export async function insertActionDeliveries(tx: Tx, rows: NewActionDelivery[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO action_deliveries (pipeline_id, instance_id, trigger, action_id, action_type, channel, outcome_key, due_at)
    SELECT * FROM unnest(
      ${rows.map((r) => r.pipelineId)}::text[], ${rows.map((r) => r.instanceId)}::text[], ${rows.map((r) => r.trigger)}::text[],
      ${rows.map((r) => r.actionId)}::text[], ${rows.map((r) => r.actionType)}::text[], ${rows.map((r) => r.channel)}::text[],
      ${rows.map((r) => r.outcomeKey)}::text[], ${rows.map((r) => r.dueAt)}::timestamptz[])
    ON CONFLICT DO NOTHING`;
}

const COLUMNS = `id::text AS id, pipeline_id AS "pipelineId", instance_id AS "instanceId", trigger, action_id AS "actionId",
  action_type AS "actionType", channel, outcome_key AS "outcomeKey", due_at AS "dueAt", status, attempts,
  last_error AS "lastError", delivered_at AS "deliveredAt"`;

/** Whether anything is due, without a transaction (almost every tick finds nothing). */
export async function hasDueActionDeliveries(pool: Pool): Promise<boolean> {
  const r = await pool.query("SELECT 1 FROM action_deliveries WHERE status = 'PENDING' AND due_at <= now() LIMIT 1");
  return (r.rowCount ?? 0) > 0;
}

/** Takes up to `limit` due deliveries and moves their due time past the lease, so no other process sends them meanwhile. */
export async function claimDueActionDeliveries(
  pool: Pool,
  limit: number,
  leaseSeconds: number,
): Promise<ActionDeliveryRow[]> {
  const r = await pool.query<ActionDeliveryRow>(
    `UPDATE action_deliveries SET due_at = now() + make_interval(secs => $2)
      WHERE id IN (SELECT id FROM action_deliveries WHERE status = 'PENDING' AND due_at <= now() ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING ${COLUMNS}`,
    [limit, leaseSeconds],
  );
  return r.rows;
}

export async function settleActionDelivery(
  tx: Tx,
  id: string,
  patch: {
    status: "PENDING" | "DELIVERED" | "FAILED" | "SKIPPED";
    attempts: number;
    lastError?: string | null;
    dueAt?: Date;
    deliveredAt?: Date;
  },
): Promise<void> {
  await tx.actionDelivery.update({
    where: { id: BigInt(id) },
    data: {
      status: patch.status,
      attempts: patch.attempts,
      ...(patch.lastError !== undefined ? { lastError: patch.lastError } : {}),
      ...(patch.dueAt ? { dueAt: patch.dueAt } : {}),
      ...(patch.deliveredAt ? { deliveredAt: patch.deliveredAt } : {}),
    },
  });
}

export async function findActionDeliveriesOfInstance(
  tx: Tx,
  pipelineId: string,
  instanceId: string,
): Promise<ActionDeliveryRow[]> {
  const rows = await tx.actionDelivery.findMany({ where: { pipelineId, instanceId }, orderBy: { id: "asc" } });
  return rows.map((r) => ({
    id: r.id.toString(),
    pipelineId: r.pipelineId,
    instanceId: r.instanceId,
    trigger: r.trigger as NewActionDelivery["trigger"],
    actionId: r.actionId,
    actionType: r.actionType,
    channel: r.channel as NewActionDelivery["channel"],
    outcomeKey: r.outcomeKey,
    dueAt: r.dueAt,
    status: r.status,
    attempts: r.attempts,
    lastError: r.lastError,
    deliveredAt: r.deliveredAt,
  }));
}

/** The non-terminal instances of one run (same scheduled start), which a Terminate action cancels. */
export async function findOpenInstancesOfRun(tx: Tx, pipelineId: string, scheduledStartTime: Date): Promise<string[]> {
  const rows = await tx.pipelineObject.findMany({
    where: {
      pipelineId,
      sphere: "INSTANCE",
      scheduledStartTime,
      status: { notIn: [...TERMINAL_STATUSES] },
    },
    select: { objectId: true },
  });
  return rows.map((r) => r.objectId);
}
