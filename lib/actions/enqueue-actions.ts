import { getSettings, type Settings } from "@/lib/config/settings";
import type { SchedulerContext } from "@/lib/scheduler/scheduler-context";
import { insertActionDeliveries, type NewActionDelivery } from "@/lib/store/action-deliveries";
import type { Tx } from "@/lib/store/db";

// Which deliveries an instance outcome causes. Written in the transaction that records the outcome,
// so an action can be late but never lost; sent by ./deliver-actions.ts.

export type ActionTrigger = NewActionDelivery["trigger"];

/** The channels an action goes out on: SnsAlarm to SNS, Terminate to the scheduler, every action to the webhook. */
export function channelsFor(
  actionType: string | undefined,
  settings: Pick<Settings, "ACTION_SNS" | "ACTION_WEBHOOK_URL">,
): NewActionDelivery["channel"][] {
  const channels: NewActionDelivery["channel"][] = [];
  if (actionType === "SnsAlarm" && settings.ACTION_SNS === "on") channels.push("sns");
  if (actionType === "Terminate") channels.push("terminate");
  if (settings.ACTION_WEBHOOK_URL) channels.push("webhook");
  return channels;
}

export function planDeliveries(
  ctx: Pick<SchedulerContext, "pipelineId" | "plan">,
  instanceId: string,
  trigger: ActionTrigger,
  actionIds: string[],
  outcomeKey: string,
  dueAt: Date,
  settings: Pick<Settings, "ACTION_SNS" | "ACTION_WEBHOOK_URL"> = getSettings(),
): NewActionDelivery[] {
  return actionIds.flatMap((actionId) => {
    const actionType = ctx.plan.settings.get(actionId)?.type ?? "unknown";
    return channelsFor(actionType, settings).map((channel) => ({
      pipelineId: ctx.pipelineId,
      instanceId,
      trigger,
      actionId,
      actionType,
      channel,
      outcomeKey,
      dueAt,
    }));
  });
}

/** onSuccess / onFail of an instance that just ended. */
export async function enqueueOutcomeActions(
  tx: Tx,
  ctx: SchedulerContext,
  instance: { objectId: string; attemptNumber: number | null },
  trigger: "onSuccess" | "onFail",
  actionIds: string[],
  now: Date,
): Promise<void> {
  // One outcome = this end of this instance; a rerun that ends again fires again.
  const outcomeKey = `${instance.attemptNumber ?? 0}@${now.toISOString()}`;
  await insertActionDeliveries(tx, planDeliveries(ctx, instance.objectId, trigger, actionIds, outcomeKey, now));
}

export const LATE_KEY_PREFIX = "late@";

/** For new instances whose component has onLateAction and lateAfterTimeout: a delivery due at the deadline, skipped if the instance ends in time. */
export async function enqueueLateChecks(
  tx: Tx,
  ctx: SchedulerContext,
  instances: { objectId: string; componentId: string | null; scheduledStartTime: Date | null }[],
): Promise<void> {
  const rows = instances.flatMap((i) => {
    const settings = i.componentId ? ctx.plan.settings.get(i.componentId) : undefined;
    if (
      !settings ||
      settings.onLateAction.length === 0 ||
      settings.lateAfterTimeoutMs === undefined ||
      !i.scheduledStartTime
    )
      return [];
    const deadline = new Date(i.scheduledStartTime.getTime() + settings.lateAfterTimeoutMs);
    return planDeliveries(
      ctx,
      i.objectId,
      "onLateAction",
      settings.onLateAction,
      `${LATE_KEY_PREFIX}${deadline.toISOString()}`,
      deadline,
    );
  });
  await insertActionDeliveries(tx, rows);
}
