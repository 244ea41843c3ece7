// Force-cancel / mark failed, from the instance page: ends work whose runner is gone, revoking its
// lease so a late SetTaskStatus from that runner is refused. One transaction with its audit row.
import "server-only";
import { z } from "zod";
import type { OperationContext } from "@/lib/operations/operation-context";
import { loadSchedulerContext } from "@/lib/scheduler/scheduler-context";
import { forceEndInstances, type ForceEndResult } from "@/lib/scheduler/force-end";
import { writeAudit } from "@/lib/store/audit";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { runInTransaction } from "@/lib/store/transaction";
import { ConsoleError } from "./errors";

export const ForceEndInput = z.object({
  pipelineId: z.string().min(1).max(1024),
  instanceIds: z
    .array(z.string().min(1).max(1024))
    .min(1, "select at least one instance")
    .max(100, "at most 100 instances at once"),
  outcome: z.enum(["CANCELED", "FAILED"]),
  /** The operator's own words, kept in the audit log. */
  reason: z.string().max(1000).optional(),
});
export type ForceEndInput = z.infer<typeof ForceEndInput>;

export type ForceEndResponse = ForceEndResult & { outcome: "CANCELED" | "FAILED" };

export async function forceEndForConsole(input: ForceEndInput, ctx: OperationContext): Promise<ForceEndResponse> {
  const ids = [...new Set(input.instanceIds)];
  return runInTransaction(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const sctx = await loadSchedulerContext(tx, pipeline);
    if (!sctx) throw new ConsoleError("INVALID_REQUEST", `Pipeline ${pipeline.id} has never been activated`);
    const result = await forceEndInstances(tx, sctx, ids, input.outcome, new Date());
    if (result.ended.length === 0) {
      // Nothing committed: the instance finished, or its runner already answered, or nobody holds it.
      throw new ConsoleError(
        "INVALID_REQUEST",
        `No runner holds ${ids.length === 1 ? ids[0] : "these instances"} any more: there is no lease to revoke (use Cancel for queued work)`,
      );
    }
    await writeAudit(tx, {
      actor: ctx.actor,
      action: input.outcome === "CANCELED" ? "Console:FORCE_CANCEL" : "Console:MARK_FAILED",
      pipelineId: pipeline.id,
      objectIds: result.ended.map((e) => e.instanceId),
      details: { ended: result.ended, notHeld: result.notHeld, ...(input.reason ? { reason: input.reason } : {}) },
    });
    return { ...result, outcome: input.outcome };
  });
}
