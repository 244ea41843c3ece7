// EvaluateExpression: a `#{...}` template evaluated in the context of one object of any sphere.
import { ExpressionError, evaluateTemplate, type ExpressionRead } from "@/lib/expressions";
import { invalidRequest } from "@/lib/protocol/errors";
import type { EvaluateExpressionInput } from "@/lib/protocol/schemas";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import type { OperationContext } from "./operation-context";
import { loadObjectGraph } from "@/lib/objects/load-object-graph";

export type ExpressionOutcome =
  | { ok: true; value: string; values: string[] | null; reads: ExpressionRead[] }
  | { ok: false; message: string; position: number; fieldKey?: string };

/** Evaluates and reports either the result with what it read, or the error and where it is (for the console). */
export async function evaluateExpressionDetailed(
  input: EvaluateExpressionInput,
  ctx: OperationContext,
): Promise<ExpressionOutcome> {
  return withReader(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const graph = await loadObjectGraph(tx, pipeline, [input.objectId]);
    if (!graph.has(input.objectId))
      throw invalidRequest(`Object ${input.objectId} does not exist in pipeline ${pipeline.id}`);
    const nodeId = graph.present(input.objectId)?.fields.find((f) => f.key === "node")?.refValue;
    try {
      const result = evaluateTemplate(input.expression, graph.evaluationContext(input.objectId, nodeId));
      return { ok: true, value: result.value, values: result.values, reads: result.reads };
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      return {
        ok: false,
        message: err.message,
        position: err.position,
        ...(err.fieldKey ? { fieldKey: err.fieldKey } : {}),
      };
    }
  });
}

export async function evaluateExpression(
  input: EvaluateExpressionInput,
  ctx: OperationContext,
): Promise<{ evaluatedExpression: string }> {
  const outcome = await evaluateExpressionDetailed(input, ctx);
  if (!outcome.ok)
    throw invalidRequest(`Unable to evaluate expression at position ${outcome.position}: ${outcome.message}`);
  return { evaluatedExpression: outcome.value };
}
