// The definition as the scheduler reads it: every `#{myParam}` that is exactly a parameter reference
// replaced by the active version's value, so a Schedule's period and start, scheduleType,
// workerGroup, retries and timeouts given through parameters plan and run like literal ones.
// Expressions that need the evaluator (`#{format(@scheduledStartTime, ...)}`) are left as they are.

import type { PipelineObject } from "@/lib/protocol/types";
import { substituteParameters } from "./parameter-references";

/** Objects with parameter references substituted in their string fields; a field of the object with the parameter's name wins. */
export function applyParameterValues(
  objects: readonly PipelineObject[],
  parameters: ReadonlyMap<string, readonly string[]>,
): PipelineObject[] {
  if (parameters.size === 0) return [...objects];
  return objects.map((obj) => {
    const fields = Array.isArray(obj.fields) ? obj.fields : [];
    const ownKeys = new Set(fields.map((f) => f.key));
    let changed = false;
    const next = fields.map((field) => {
      if (typeof field.stringValue !== "string" || !field.stringValue.includes("#{")) return field;
      const result = substituteParameters(field.stringValue, (id) =>
        ownKeys.has(id) ? undefined : parameters.get(id)?.[0],
      );
      if (result.kind === "unresolved" || result.text === field.stringValue) return field;
      changed = true;
      return { ...field, stringValue: result.text };
    });
    return changed ? { ...obj, fields: next } : obj;
  });
}
