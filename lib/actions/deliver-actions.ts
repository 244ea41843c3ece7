import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { getSettings, type Settings } from "@/lib/config/settings";
import { attemptIdOf } from "@/lib/objects/present-runtime";
import { isTerminalStatus } from "@/lib/objects/statuses";
import { rowToObject } from "@/lib/objects/runtime-row";
import type { PipelineObject } from "@/lib/protocol/types";
import { activeGraph, evaluateObject } from "@/lib/scheduler/evaluate-object";
import { loadSchedulerContext, type SchedulerContext } from "@/lib/scheduler/scheduler-context";
import { cancelInstances } from "@/lib/scheduler/state-machine";
import {
  claimDueActionDeliveries,
  findActionDeliveriesOfInstance,
  findOpenInstancesOfRun,
  hasDueActionDeliveries,
  settleActionDelivery,
  type ActionDeliveryRow,
} from "@/lib/store/action-deliveries";
import { writeAudit } from "@/lib/store/audit";
import { getPool } from "@/lib/store/db";
import type { ObjectRow } from "@/lib/store/objects";
import { findPipelineById } from "@/lib/store/pipelines";
import {
  extraFieldsOf,
  findRuntimeObjects,
  lockRuntimeObjects,
  updateRuntimeObject,
  withFields,
} from "@/lib/store/runtime-objects";
import { runInTransaction, withReader } from "@/lib/store/transaction";
import type { Tx } from "@/lib/store/db";
import { LATE_KEY_PREFIX } from "./enqueue-actions";
import { actionRetryDelayMs } from "./retry-delay";
import { postWebhook } from "./webhook";
import { childLogger } from "@/lib/log/logger";

// The delivery worker: takes due deliveries (SKIP LOCKED, with a lease, so any number of server
// processes can run it), sends each outside any transaction, then records the result on the
// delivery row, on the instance (`@actionDeliveries`) and in the audit log. A failed send is
// retried with backoff up to ACTION_MAX_ATTEMPTS, then marked FAILED there: never dropped silently.

const BATCH = 10;

/** Everything a send needs, read once: the instance, its action evaluated on it, the pipeline's name. */
interface Prepared {
  pipelineName: string;
  instance: ObjectRow;
  action: Map<string, string>;
  ctx: SchedulerContext;
}

type Outcome =
  { kind: "sent" } | { kind: "skipped"; reason: string } | { kind: "error"; message: string; final?: boolean };

/** The action object's fields evaluated with the instance as `node`, as AWS evaluates SnsAlarm's subject and message. */
function evaluateAction(
  ctx: SchedulerContext,
  runtime: PipelineObject[],
  actionId: string,
  instanceId: string,
): Map<string, string> {
  const fields =
    evaluateObject(activeGraph(ctx, runtime), actionId, { onError: "keep", nodeId: instanceId })?.fields ?? [];
  const out = new Map<string, string>();
  for (const f of fields) if (f.stringValue !== undefined && !out.has(f.key)) out.set(f.key, f.stringValue);
  return out;
}

async function prepare(row: ActionDeliveryRow): Promise<Prepared | { skip: string }> {
  return withReader(async (tx) => {
    const pipeline = await findPipelineById(tx, row.pipelineId);
    if (!pipeline || pipeline.deletedAt) return { skip: "the pipeline was deleted" };
    const ctx = await loadSchedulerContext(tx, pipeline);
    if (!ctx) return { skip: "the pipeline has no active definition" };
    const [instance] = await findRuntimeObjects(tx, row.pipelineId, [row.instanceId]);
    if (!instance) return { skip: "the instance no longer exists" };
    const related = instance.attemptNumber ? [attemptIdOf(instance.objectId, instance.attemptNumber)] : [];
    const attempts = await findRuntimeObjects(tx, row.pipelineId, related);
    const action = evaluateAction(ctx, [instance, ...attempts].map(rowToObject), row.actionId, row.instanceId);
    return { pipelineName: pipeline.name, instance, action, ctx };
  });
}

function lateSkipReason(row: ActionDeliveryRow, instance: ObjectRow): string | undefined {
  if (row.trigger !== "onLateAction") return undefined;
  const deadline = new Date(row.outcomeKey.slice(LATE_KEY_PREFIX.length));
  if (!isTerminalStatus(instance.status)) return undefined;
  if (instance.actualEndTime && instance.actualEndTime.getTime() <= deadline.getTime())
    return `the instance ended (${instance.status}) before lateAfterTimeout`;
  return undefined;
}

function regionOfTopic(topicArn: string, fallback: string): string {
  return /^arn:[^:]+:sns:([^:]+):/.exec(topicArn)?.[1] ?? fallback;
}

const snsClients = new Map<string, SNSClient>();

function snsClient(settings: Settings, region: string): SNSClient {
  let client = snsClients.get(region);
  if (!client) {
    client = new SNSClient({
      region,
      maxAttempts: 1, // retries are ours, with backoff and a record on the instance
      ...(settings.SNS_ENDPOINT ? { endpoint: settings.SNS_ENDPOINT } : {}),
      ...(settings.SNS_ACCESS_KEY_ID && settings.SNS_SECRET_ACCESS_KEY
        ? { credentials: { accessKeyId: settings.SNS_ACCESS_KEY_ID, secretAccessKey: settings.SNS_SECRET_ACCESS_KEY } }
        : {}),
    });
    snsClients.set(region, client);
  }
  return client;
}

function defaultSubject(row: ActionDeliveryRow, p: Prepared): string {
  const what = row.trigger === "onFail" ? "failed" : row.trigger === "onSuccess" ? "succeeded" : "is late";
  return `${p.pipelineName}: ${row.instanceId} ${what}`;
}

function describeInstance(p: Prepared): Record<string, string | null> {
  const i = p.instance;
  return {
    status: i.status,
    componentId: i.componentId,
    scheduledStartTime: i.scheduledStartTime?.toISOString() ?? null,
    actualStartTime: i.actualStartTime?.toISOString() ?? null,
    actualEndTime: i.actualEndTime?.toISOString() ?? null,
    errorId: i.errorId,
    errorMessage: i.errorMessage,
  };
}

async function send(row: ActionDeliveryRow, p: Prepared, settings: Settings): Promise<Outcome> {
  const subject = p.action.get("subject") ?? defaultSubject(row, p);
  const message =
    p.action.get("message") ??
    JSON.stringify({ pipelineId: row.pipelineId, instanceId: row.instanceId, ...describeInstance(p) });
  try {
    if (row.channel === "sns") {
      const topicArn = p.action.get("topicArn");
      if (!topicArn) return { kind: "error", message: `SnsAlarm ${row.actionId} has no topicArn`, final: true };
      // SNS allows subjects of at most 100 printable ASCII characters without line breaks.
      const snsSubject = subject.replace(/[^\x20-\x7e]/g, " ").slice(0, 100);
      await snsClient(settings, regionOfTopic(topicArn, settings.SNS_REGION)).send(
        new PublishCommand({ TopicArn: topicArn, Subject: snsSubject, Message: message }),
        { abortSignal: AbortSignal.timeout(settings.ACTION_TIMEOUT_MS) },
      );
      return { kind: "sent" };
    }
    if (row.channel === "webhook") {
      if (!settings.ACTION_WEBHOOK_URL || !settings.ACTION_WEBHOOK_SECRET)
        return { kind: "error", message: "ACTION_WEBHOOK_URL is no longer set", final: true };
      await postWebhook(
        settings.ACTION_WEBHOOK_URL,
        settings.ACTION_WEBHOOK_SECRET,
        row.id,
        {
          deliveryId: row.id,
          trigger: row.trigger,
          pipelineId: row.pipelineId,
          pipelineName: p.pipelineName,
          instanceId: row.instanceId,
          instance: describeInstance(p),
          action: { id: row.actionId, type: row.actionType, ...Object.fromEntries(p.action) },
          subject,
          message,
          sentAt: new Date().toISOString(),
        },
        settings.ACTION_TIMEOUT_MS,
      );
      return { kind: "sent" };
    }
    return { kind: "sent" }; // terminate: carried out in settle(), inside the transaction
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    // An SNS endpoint that answers a bare 500 gives the SDK nothing but "Unknown": keep the status.
    const status = e.$metadata?.httpStatusCode;
    const text = `${e.name && e.name !== "Error" ? `${e.name}: ` : ""}${e.message || String(error)}`;
    return { kind: "error", message: status && !text.includes(String(status)) ? `${text} (HTTP ${status})` : text };
  }
}

function describeDelivery(d: ActionDeliveryRow): string {
  const base = `${d.trigger} ${d.actionId} (${d.actionType}) via ${d.channel}: ${d.status}`;
  if (d.status === "DELIVERED")
    return `${base} at ${d.deliveredAt?.toISOString() ?? ""}${d.attempts > 1 ? ` after ${d.attempts} tries` : ""}`;
  if (d.status === "PENDING" && d.attempts === 0) return base;
  return `${base}${d.attempts > 0 ? ` after ${d.attempts} ${d.attempts === 1 ? "try" : "tries"}` : ""}${d.lastError ? `: ${d.lastError}` : ""}`;
}

/** Rewrites the instance's `@actionDeliveries` from the delivery rows, so DescribeObjects and the console show them. */
async function recordOnInstance(tx: Tx, pipelineId: string, instanceId: string): Promise<void> {
  const [instance] = await lockRuntimeObjects(tx, pipelineId, [instanceId]);
  if (!instance) return;
  const deliveries = await findActionDeliveriesOfInstance(tx, pipelineId, instanceId);
  const fields = deliveries.map((d) => ({ key: "@actionDeliveries", stringValue: describeDelivery(d) }));
  await updateRuntimeObject(tx, pipelineId, instanceId, { extra: withFields(extraFieldsOf(instance), fields) });
}

async function terminateRun(tx: Tx, row: ActionDeliveryRow, now: Date): Promise<string> {
  const pipeline = await findPipelineById(tx, row.pipelineId);
  const ctx = pipeline ? await loadSchedulerContext(tx, pipeline) : null;
  const [instance] = await findRuntimeObjects(tx, row.pipelineId, [row.instanceId]);
  if (!ctx || !instance?.scheduledStartTime) return "nothing to cancel";
  const open = await findOpenInstancesOfRun(tx, row.pipelineId, instance.scheduledStartTime);
  if (open.length === 0) return "nothing left to cancel";
  const result = await cancelInstances(tx, ctx, open, now);
  return `canceled ${result.canceled.length}, cancel requested for ${result.cancelRequested.length}`;
}

async function settle(row: ActionDeliveryRow, outcome: Outcome, settings: Settings): Promise<void> {
  const now = new Date();
  await runInTransaction(async (tx) => {
    const attempts = row.attempts + (outcome.kind === "skipped" ? 0 : 1);
    let note: string | undefined;
    if (outcome.kind === "sent" && row.channel === "terminate") note = await terminateRun(tx, row, now);
    if (outcome.kind === "sent") {
      await settleActionDelivery(tx, row.id, { status: "DELIVERED", attempts, lastError: null, deliveredAt: now });
    } else if (outcome.kind === "skipped") {
      await settleActionDelivery(tx, row.id, { status: "SKIPPED", attempts, lastError: outcome.reason });
    } else if (outcome.final || attempts >= settings.ACTION_MAX_ATTEMPTS) {
      await settleActionDelivery(tx, row.id, { status: "FAILED", attempts, lastError: outcome.message });
    } else {
      const dueAt = new Date(now.getTime() + actionRetryDelayMs(attempts, settings.ACTION_RETRY_BASE_MS));
      await settleActionDelivery(tx, row.id, { status: "PENDING", attempts, lastError: outcome.message, dueAt });
    }
    await recordOnInstance(tx, row.pipelineId, row.instanceId);
    const finalFailure = outcome.kind === "error" && (outcome.final || attempts >= settings.ACTION_MAX_ATTEMPTS);
    if (outcome.kind === "sent" || finalFailure) {
      await writeAudit(tx, {
        actor: "scheduler",
        action: outcome.kind === "sent" ? "ActionDelivered" : "ActionDeliveryFailed",
        pipelineId: row.pipelineId,
        objectIds: [row.instanceId, row.actionId],
        details: {
          trigger: row.trigger,
          actionType: row.actionType,
          channel: row.channel,
          attempts,
          ...(outcome.kind === "error" ? { error: outcome.message } : {}),
          ...(note ? { result: note } : {}),
        },
      });
    }
  });
}

async function deliverOne(row: ActionDeliveryRow, settings: Settings): Promise<void> {
  let outcome: Outcome;
  try {
    const prepared = await prepare(row);
    if ("skip" in prepared) outcome = { kind: "skipped", reason: prepared.skip };
    else {
      const late = lateSkipReason(row, prepared.instance);
      outcome = late ? { kind: "skipped", reason: late } : await send(row, prepared, settings);
    }
  } catch (error) {
    outcome = { kind: "error", message: (error as Error).message };
  }
  await settle(row, outcome, settings);
}

/** Sends what is due; returns how many deliveries were handled. Safe to call from many processes at once. */
export async function deliverDueActions(): Promise<number> {
  const pool = await getPool();
  if (!(await hasDueActionDeliveries(pool))) return 0;
  const settings = getSettings();
  const leaseSeconds = Math.ceil(settings.ACTION_TIMEOUT_MS / 1000) * 2 + 5;
  const rows = await claimDueActionDeliveries(pool, BATCH, leaseSeconds);
  await Promise.all(
    rows.map((row) =>
      deliverOne(row, settings).catch((err: unknown) =>
        childLogger({ component: "actions" }).error({ err, deliveryId: String(row.id) }, "action delivery failed"),
      ),
    ),
  );
  return rows.length;
}

let running: Promise<unknown> | null = null;

/**
 * Starts a delivery round unless one is running in this process. The ticker does not wait for it,
 * so a slow webhook never delays lease expiry or scheduling.
 */
export function deliverActionsSoon(): Promise<unknown> {
  running ??= deliverDueActions()
    .catch((err: unknown) => childLogger({ component: "actions" }).error({ err }, "action delivery round failed"))
    .finally(() => {
      running = null;
    });
  return running;
}
