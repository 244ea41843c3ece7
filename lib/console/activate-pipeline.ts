// The console's Activate button: ActivatePipeline as the console, optionally from a start time.
import "server-only";
import { z } from "zod";
import { activatePipeline } from "@/lib/operations/activate-pipeline";
import type { OperationContext } from "@/lib/operations/operation-context";

export const ActivateForConsoleInput = z.object({
  pipelineId: z.string().min(1).max(1024),
  startTimestamp: z.iso.datetime({ offset: true, local: true }).optional(),
});
export type ActivateForConsoleInput = z.infer<typeof ActivateForConsoleInput>;

export async function activatePipelineForConsole(
  input: ActivateForConsoleInput,
  ctx: OperationContext,
): Promise<{ pipelineId: string }> {
  await activatePipeline(
    { pipelineId: input.pipelineId, ...(input.startTimestamp ? { startTimestamp: input.startTimestamp } : {}) },
    ctx,
  );
  return { pipelineId: input.pipelineId };
}
