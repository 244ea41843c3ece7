// The object page's expression evaluator: the result with every field and reference it read, or
// the error and the position it points at.
import "server-only";
import { z } from "zod";
import type { OperationContext } from "@/lib/operations/operation-context";
import { evaluateExpressionDetailed, type ExpressionOutcome } from "@/lib/operations/evaluate-expression";

export const EvaluateInput = z.object({
  pipelineId: z.string().min(1).max(1024),
  objectId: z.string().min(1).max(1024),
  expression: z.string().max(100_000),
});
export type EvaluateInput = z.infer<typeof EvaluateInput>;
export type EvaluateResult = ExpressionOutcome;

export async function evaluateForConsole(input: EvaluateInput, ctx: OperationContext): Promise<EvaluateResult> {
  return evaluateExpressionDetailed(input, ctx);
}
