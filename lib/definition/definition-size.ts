// Size limits checked before any other validation: a definition past them is refused as fatal at
// once, so validation work (inheritance walks, per-object rules) stays bounded by what the limits
// allow, whatever a caller sends. Linear in the input; no recursion.
import type { DefinitionInput } from "./definition-input";

export const SIZE_LIMITS = {
  maxObjects: 100,
  /** 100 objects of at most 50 fields each (https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-limits.html). */
  maxFieldsInAll: 100 * 50,
  /** Far above the 50 that validation reports as an error: past this, the work itself is refused. */
  maxParameterObjects: 1_000,
  /** Attributes of all parameter objects together (a handful each in practice). */
  maxParameterAttributesInAll: 20_000,
  maxParameterValues: 10_000,
} as const;

/** PollForTask's workerGroup is a `string` of at most 1024 characters (the service model in @aws-sdk/client-data-pipeline). */
export const MAX_WORKER_GROUP_LENGTH = 1024;

export function collectSizeProblems(input: DefinitionInput): string[] {
  const problems: string[] = [];
  const objects = Array.isArray(input.objects) ? input.objects : [];
  if (objects.length > SIZE_LIMITS.maxObjects) {
    problems.push(
      `The definition has ${objects.length} objects; a pipeline may have at most ${SIZE_LIMITS.maxObjects}.`,
    );
  }
  let fields = 0;
  for (const obj of objects) {
    if (!Array.isArray(obj?.fields)) continue;
    fields += obj.fields.length;
    for (const f of obj.fields) {
      // A longer group could never be polled for (and would not fit the ready notification).
      if (
        f?.key === "workerGroup" &&
        typeof f.stringValue === "string" &&
        [...f.stringValue].length > MAX_WORKER_GROUP_LENGTH &&
        problems.length < 10
      ) {
        problems.push(
          `Object '${String(obj.id).slice(0, 256)}' has a workerGroup longer than ${MAX_WORKER_GROUP_LENGTH} characters, which no runner could poll for.`,
        );
      }
    }
  }
  if (fields > SIZE_LIMITS.maxFieldsInAll) {
    problems.push(
      `The definition has ${fields} fields in all; at most ${SIZE_LIMITS.maxFieldsInAll} (100 objects of 50 fields) are allowed.`,
    );
  }
  const parameters = Array.isArray(input.parameterObjects) ? input.parameterObjects : [];
  if (parameters.length > SIZE_LIMITS.maxParameterObjects) {
    problems.push(
      `The definition has ${parameters.length} parameter objects; at most ${SIZE_LIMITS.maxParameterObjects} are allowed.`,
    );
  }
  let attributes = 0;
  for (const p of parameters) attributes += Array.isArray(p?.attributes) ? p.attributes.length : 0;
  if (attributes > SIZE_LIMITS.maxParameterAttributesInAll) {
    problems.push(
      `The parameter objects have ${attributes} attributes in all; at most ${SIZE_LIMITS.maxParameterAttributesInAll} are allowed.`,
    );
  }
  const values = Array.isArray(input.parameterValues) ? input.parameterValues.length : 0;
  if (values > SIZE_LIMITS.maxParameterValues) {
    problems.push(
      `The definition has ${values} parameter values; at most ${SIZE_LIMITS.maxParameterValues} are allowed.`,
    );
  }
  return problems;
}
