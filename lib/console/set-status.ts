// The console's Rerun / Cancel / Mark finished (instances) and Pause / Resume (components): SetStatus
// as the console, one call for the whole selection. When a selection of several is refused, each
// object is tried on its own so the operator sees which ones went through and why the others did not.
import "server-only";
import { z } from "zod";
import type { OperationContext } from "@/lib/operations/operation-context";
import { previewRerun, setStatus } from "@/lib/operations/set-status";
import { findLinkedInstances, findTasksOfInstances } from "@/lib/store/console-executions";
import { withReader } from "@/lib/store/transaction";
import { toConsoleError } from "./errors";

export const CONSOLE_SET_STATUSES = ["PAUSE", "RESUME", "TRY_CANCEL", "RERUN", "MARK_FINISHED"] as const;
export type ConsoleSetStatus = (typeof CONSOLE_SET_STATUSES)[number];

const ObjectIds = z
  .array(z.string().min(1).max(1024))
  .min(1, "select at least one object")
  .max(500, "at most 500 objects at once");

export const SetStatusForConsoleInput = z.object({
  pipelineId: z.string().min(1).max(1024),
  objectIds: ObjectIds,
  status: z.enum(CONSOLE_SET_STATUSES),
});
export type SetStatusForConsoleInput = z.infer<typeof SetStatusForConsoleInput>;

export interface ObjectOutcome {
  id: string;
  ok: boolean;
  /** Why this object was refused. */
  message?: string;
  /** The instance's status after the action (instances only). */
  status?: string;
  /** A runner holds the work: it hears `canceled: true` on its next ReportTaskProgress. */
  cancelRequested?: boolean;
}

export interface SetStatusForConsoleResult {
  status: ConsoleSetStatus;
  results: ObjectOutcome[];
  succeeded: number;
  failed: number;
}

/** Refusals the operator can act on (a 4xx); anything else propagates as a server error. */
function refusal(err: unknown): string | null {
  const known = toConsoleError(err);
  return known && known.status < 500 ? known.message : null;
}

async function instanceStates(
  pipelineId: string,
  ids: string[],
): Promise<Map<string, { status: string; cancelRequested: boolean }>> {
  return withReader(async (tx) => {
    const [rows, tasks] = await Promise.all([
      findLinkedInstances(tx, pipelineId, ids),
      findTasksOfInstances(tx, pipelineId, ids),
    ]);
    const canceling = new Set(tasks.filter((t) => t.cancelRequested).map((t) => t.instanceId));
    return new Map(
      rows.map((r) => [r.objectId, { status: r.status ?? "PENDING", cancelRequested: canceling.has(r.objectId) }]),
    );
  });
}

export async function setStatusForConsole(
  input: SetStatusForConsoleInput,
  ctx: OperationContext,
): Promise<SetStatusForConsoleResult> {
  const ids = [...new Set(input.objectIds)];
  let results: ObjectOutcome[];
  try {
    await setStatus({ pipelineId: input.pipelineId, objectIds: ids, status: input.status }, ctx);
    results = ids.map((id) => ({ id, ok: true }));
  } catch (err) {
    // One object: its refusal is the answer (a 4xx the page shows in place).
    if (ids.length === 1 || refusal(err) === null) throw err;
    results = [];
    for (const id of ids) {
      try {
        await setStatus({ pipelineId: input.pipelineId, objectIds: [id], status: input.status }, ctx);
        results.push({ id, ok: true });
      } catch (one) {
        const message = refusal(one);
        if (message === null) throw one;
        results.push({ id, ok: false, message });
      }
    }
  }
  if (input.status !== "PAUSE" && input.status !== "RESUME") {
    const states = await instanceStates(input.pipelineId, ids);
    results = results.map((r) => (r.ok && states.has(r.id) ? { ...r, ...states.get(r.id) } : r));
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { status: input.status, results, succeeded, failed: results.length - succeeded };
}

export const PreviewRerunForConsoleInput = z.object({
  pipelineId: z.string().min(1).max(1024),
  objectIds: ObjectIds,
});
export type PreviewRerunForConsoleInput = z.infer<typeof PreviewRerunForConsoleInput>;

export interface RerunPreviewInstance {
  id: string;
  componentId: string | null;
  status: string;
  /** True for the instances asked for; false for those the cascade adds (preconditions, CASCADE_FAILED consumers). */
  requested: boolean;
}

export interface RerunPreview {
  instances: RerunPreviewInstance[];
}

/** What a RERUN of these instances would reset, from the scheduler's own rule; changes nothing. */
export async function previewRerunForConsole(
  input: PreviewRerunForConsoleInput,
  ctx: OperationContext,
): Promise<RerunPreview> {
  const ids = [...new Set(input.objectIds)];
  const { instanceIds } = await previewRerun({ pipelineId: input.pipelineId, objectIds: ids }, ctx);
  const rows = await withReader((tx) => findLinkedInstances(tx, input.pipelineId, instanceIds));
  const byId = new Map(rows.map((r) => [r.objectId, r]));
  const asked = new Set(ids);
  const instances = instanceIds.map((id) => ({
    id,
    componentId: byId.get(id)?.componentId ?? null,
    status: byId.get(id)?.status ?? "PENDING",
    requested: asked.has(id),
  }));
  // The ones asked for first, then what the cascade adds, each in the scheduler's order.
  return { instances: [...instances.filter((i) => i.requested), ...instances.filter((i) => !i.requested)] };
}
