// The console's Deactivate button: DeactivatePipeline as the console; running work is cancelled unless told otherwise.
import "server-only";
import { z } from "zod";
import type { OperationContext } from "@/lib/operations/operation-context";
import { deactivatePipeline } from "@/lib/operations/deactivate-pipeline";

export const DeactivateForConsoleInput = z.object({
  pipelineId: z.string().min(1).max(1024),
  cancelActive: z.boolean().default(true),
});
export type DeactivateForConsoleInput = z.infer<typeof DeactivateForConsoleInput>;

export async function deactivatePipelineForConsole(
  input: DeactivateForConsoleInput,
  ctx: OperationContext,
): Promise<{ pipelineId: string }> {
  await deactivatePipeline({ pipelineId: input.pipelineId, cancelActive: input.cancelActive }, ctx);
  return { pipelineId: input.pipelineId };
}
