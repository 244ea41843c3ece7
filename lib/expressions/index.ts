// Public entry points of the Data Pipeline expression language (https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-expressions.html): templates with `#{…}`
// slots evaluated against objects the caller resolves (the caller applies inheritance).

import type { Field } from "../protocol/types";
import { Evaluator, hasExpression, showList, type TemplateResult } from "./evaluator";
import { ExpressionError } from "./expression-error";
import { parseTemplate } from "./parser";
import type { EvaluationContext, ExpressionObject, TemplateEvaluation } from "./types";

export { ExpressionError } from "./expression-error";
export { hasExpression } from "./evaluator";
export type { EvaluationContext, ExpressionObject, ExpressionRead, TemplateEvaluation } from "./types";

/** Keys whose values are used verbatim, never evaluated (https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-expressions.html: ID, NAME, TYPE, SPHERE). */
const VERBATIM_KEYS: ReadonlySet<string> = new Set(["id", "name", "type", "@sphere"]);

/**
 * The guards in this module keep the JS stack and string sizes far below the engine's limits, but
 * an engine RangeError (stack, string length) must still surface as the module's own error type.
 */
function runGuarded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError) {
      throw new ExpressionError(`expression too large to evaluate (${error.message})`, 0);
    }
    throw error;
  }
}

/**
 * Evaluates `template` on `ctx.objectId`. A list result (a slot holding a list) gives `values`, and
 * `value` shows it as a JSON array of strings: `["this is one","this is two"]`.
 */
export function evaluateTemplate(template: string, ctx: EvaluationContext): TemplateEvaluation {
  return runGuarded(() => {
    const evaluator = new Evaluator(ctx);
    const result = evaluator.evaluateTemplate(parseTemplate(template), { objectId: ctx.objectId, nodeId: ctx.nodeId });
    const reads = evaluator.readList();
    if (result.type === "string") return { value: result.value, values: null, reads };
    const value = showList(result.values);
    evaluator.budget.spendChars(value.length, 0);
    return { value, values: result.values, reads };
  });
}

export interface EvaluateObjectFieldsOptions {
  /**
   * "throw" (default): the first failing field throws its ExpressionError, with `fieldKey` set and
   * `position` relative to that field's value. "keep": a failing field is returned unevaluated, for
   * views that must show an object even when one of its templates cannot be evaluated yet.
   */
  onError?: "throw" | "keep";
}

/**
 * Returns `obj.fields` with every string value holding `#{` evaluated on `obj` (which need not be
 * reachable through `ctx.getObject`). Reference fields and verbatim keys are untouched; a list
 * result gives one field per element, in order.
 */
export function evaluateObjectFields(
  obj: ExpressionObject,
  ctx: EvaluationContext,
  options: EvaluateObjectFieldsOptions = {},
): Field[] {
  return runGuarded(() => {
    const evaluator = new Evaluator({
      ...ctx,
      objectId: obj.id,
      getObject: (id) => (id === obj.id ? obj : ctx.getObject(id)),
    });
    const frame = { objectId: obj.id, nodeId: ctx.nodeId };
    const out: Field[] = [];
    for (const field of obj.fields) {
      const text = field.stringValue;
      if (field.refValue !== undefined || text === undefined || VERBATIM_KEYS.has(field.key) || !hasExpression(text)) {
        out.push(field);
        continue;
      }
      let result: TemplateResult;
      try {
        result = evaluator.evaluateFieldText(obj.id, field.key, text, frame, 0);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        if (options.onError === "keep") {
          out.push(field);
          continue;
        }
        throw new ExpressionError(`${field.key}: ${error.message}`, error.position, {
          fieldKey: field.key,
          ...(error.origin === undefined ? {} : { origin: error.origin }),
        });
      }
      if (result.type === "string") out.push({ key: field.key, stringValue: result.value });
      else for (const value of result.values) out.push({ key: field.key, stringValue: value });
    }
    return out;
  });
}
