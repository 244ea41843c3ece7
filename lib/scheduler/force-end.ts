import { lockHeldLeases, revokeLeases, type HeldLease } from "@/lib/store/force-end";
import type { Tx } from "@/lib/store/db";
import type { SchedulerContext } from "./scheduler-context";
import { cancelAttempt, failAttempt } from "./state-machine";

// Force-cancel / mark failed: for work whose runner is gone (killed, host lost), which a plain
// cancel cannot end before the progress timeout because nobody is left to hear `canceled: true`.
// The lease is revoked in the same transaction that ends the attempt, so a runner that was only
// slow, not dead, is refused on its next call instead of overwriting the operator's decision.

export type ForceOutcome = "CANCELED" | "FAILED";

/** errorId of an attempt an operator marked failed (the Service_ prefix is reserved for the service's own verdicts). */
export const RUNNER_LOST_ERROR_ID = "Service_RunnerLost";

export interface ForceEndResult {
  /** The revoked leases, for the audit log. */
  ended: {
    instanceId: string;
    attemptId: string;
    workerGroup: string;
    hostname: string | null;
    lastProgressAt: string | null;
  }[];
  /** Instances asked for that no runner holds (nothing to force; use Cancel). */
  notHeld: string[];
}

function hostText(lease: HeldLease): string {
  return lease.hostname ? `the runner on ${lease.hostname}` : "its runner";
}

export async function forceEndInstances(
  tx: Tx,
  ctx: SchedulerContext,
  instanceIds: string[],
  outcome: ForceOutcome,
  now: Date,
): Promise<ForceEndResult> {
  const leases = await lockHeldLeases(tx, ctx.pipelineId, instanceIds);
  await revokeLeases(
    tx,
    leases.map((l) => l.pk),
  );
  for (const lease of leases) {
    if (outcome === "CANCELED") {
      await cancelAttempt(
        tx,
        ctx,
        lease.attemptId,
        lease.instanceId,
        now,
        `Force-canceled by an operator: ${hostText(lease)} was gone; its lease was revoked`,
      );
    } else {
      await failAttempt(
        tx,
        ctx,
        lease.attemptId,
        lease.instanceId,
        {
          status: "FAILED",
          errorId: RUNNER_LOST_ERROR_ID,
          errorMessage: `Marked failed by an operator: ${hostText(lease)} was gone; its lease was revoked`,
          noRetry: true,
        },
        now,
      );
    }
  }
  const held = new Set(leases.map((l) => l.instanceId));
  return {
    ended: leases.map((l) => ({
      instanceId: l.instanceId,
      attemptId: l.attemptId,
      workerGroup: l.workerGroup,
      hostname: l.hostname,
      lastProgressAt: l.lastProgressAt?.toISOString() ?? null,
    })),
    notHeld: instanceIds.filter((id) => !held.has(id)),
  };
}
