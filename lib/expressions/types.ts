import type { Field } from "../protocol/types";

/** An object as the evaluator sees it: the caller has already applied inheritance. */
export interface ExpressionObject {
  id: string;
  /** Effective fields: own + inherited + @runtime fields. A repeated key is a multi-valued field. */
  fields: Field[];
}

export interface EvaluationContext {
  /** Any sphere: component, instance, attempt. */
  getObject(id: string): ExpressionObject | undefined;
  /** The object the expression is evaluated on. */
  objectId: string;
  /** The referrer, for `node.x` in preconditions and alarms; absent makes `node` an error. */
  nodeId?: string;
  /** Resolved parameter values by id; a bare `#{myX}` that is not a field of the object falls back to these. */
  parameters?: ReadonlyMap<string, string[]>;
  /** Wall-clock limit for one evaluation in ms (default DEFAULT_EVALUATION_TIME_MS). */
  timeLimitMs?: number;
}

export type ExpressionReadKind = "string" | "ref" | "id" | "parameter";

/** One field, reference or parameter an evaluation read, for the operator console. */
export interface ExpressionRead {
  objectId: string;
  key: string;
  /** The stored value (for a field holding a template: the template text). */
  value: string;
  kind: ExpressionReadKind;
  /** The evaluated value, when the stored value held `#{…}`; a list is shown as JSON. */
  evaluated?: string;
}

export interface TemplateEvaluation {
  /** The spliced string; a list result is shown as a JSON array of strings, e.g. `["a","b"]`. */
  value: string;
  /** The elements when the result is a list, else null. */
  values: string[] | null;
  reads: ExpressionRead[];
}
