// PollForTask: hands the oldest ready task of the caller account's worker group to this runner, waiting up to LONG_POLL_SECONDS for one.
import { randomBytes } from "node:crypto";
import { getSettings } from "@/lib/config/settings";
import { isDraining } from "@/lib/lifecycle/drain";
import { metrics } from "@/lib/metrics/registry";
import { invalidRequest } from "@/lib/protocol/errors";
import type { PollForTaskInput } from "@/lib/protocol/schemas";
import type { PipelineObject } from "@/lib/protocol/types";
import { getWaiters, tickFromRequestPath } from "@/lib/scheduler/background";
import { notePoll } from "@/lib/scheduler/poll-sightings";
import { stampHandout } from "@/lib/scheduler/task-payload";
import { ClaimBatcher } from "@/lib/batching/claim-batcher";
import { getPool } from "@/lib/store/db";
import { claimTasks, queueKey, releaseLease, splitQueueKey } from "@/lib/store/tasks";
import type { OperationContext } from "./operation-context";
import { getHeldPollGate } from "@/lib/protocol/held-poll-gate";
import { pollHoldMs } from "@/lib/protocol/poll-hold";

export interface TaskObjectOutput {
  taskObject?: { taskId: string; pipelineId: string; attemptId: string; objects: Record<string, PipelineObject> };
}

// Concurrent polls of one account's worker group share a claim statement (lib/batching/claim-batcher.ts).
const claims = new ClaimBatcher(async (queue, requests) => {
  const { accountId, workerGroup } = splitQueueKey(queue);
  return claimTasks(await getPool(), accountId, workerGroup, requests, getSettings().ACK_TIMEOUT_SECONDS);
});

/** A new opaque token for every hand-out, so a re-leased task's old taskId stops working. */
export function newTaskId(): string {
  return randomBytes(32).toString("base64url");
}

export async function pollForTask(input: PollForTaskInput, ctx: OperationContext): Promise<TaskObjectOutput> {
  if (input.workerGroup === "") throw invalidRequest("workerGroup must not be empty");
  // A draining instance hands out nothing more: the runner polls again on another instance.
  if (isDraining()) return {};
  // Counted for the whole call (claims included): over a cap the caller is throttled at once.
  const release = getHeldPollGate().enter(ctx.accessKeyId ?? "anonymous");
  try {
    return await holdPoll(input, ctx);
  } finally {
    release();
  }
}

async function holdPoll(input: PollForTaskInput, ctx: OperationContext): Promise<TaskObjectOutput> {
  const settings = getSettings();
  const pool = await getPool();
  const waiters = getWaiters();
  tickFromRequestPath();
  // Hosts that poll without heartbeating show on the console's Worker groups page (throttled, not a write per poll).
  notePoll(ctx.accountId, input.workerGroup, input.hostname);
  const deadline = Date.now() + pollHoldMs(settings.LONG_POLL_SECONDS, ctx.holdLimitSeconds);
  // Only the caller's account's tasks: the same group name in another account is another queue.
  const queue = queueKey(ctx.accountId, input.workerGroup);
  for (;;) {
    const claimStarted = performance.now();
    const task = await claims.submit(queue, { taskId: newTaskId(), hostname: input.hostname ?? null });
    if (task) {
      if (ctx.signal?.aborted) {
        // Nobody will receive this hand-out: give it back now rather than after the ack timeout.
        await releaseLease(pool, task.taskId);
        return {};
      }
      metrics().handouts.inc();
      return {
        taskObject: {
          taskId: task.taskId,
          pipelineId: task.pipelineId,
          attemptId: task.attemptId,
          objects: stampHandout(task.payload, task.attemptId, task.firstStart, input.hostname ?? null),
        },
      };
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return {};
    // A task that became ready while our claim ran would notify before we wait, and nobody would
    // wake us for it until the re-check: look again at once instead.
    if (waiters.notifiedSince(queue, claimStarted)) continue;
    const outcome = await waiters.wait(queue, remaining, ctx.signal);
    if (outcome === "aborted" || outcome === "drained") return {};
  }
}
