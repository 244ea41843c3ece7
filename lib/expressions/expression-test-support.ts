// Builders for the objects and contexts the expression tests evaluate against.

import type { Field } from "../protocol/types";
import type { EvaluationContext, ExpressionObject } from "./types";

export type FieldSpec = string | string[] | { ref: string } | { refs: string[] };

export function ref(id: string): { ref: string } {
  return { ref: id };
}

/** An object from a key → value map; arrays become repeated keys, `{ ref }` reference fields. */
export function makeObject(id: string, spec: Record<string, FieldSpec>): ExpressionObject {
  const fields: Field[] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (typeof value === "string") fields.push({ key, stringValue: value });
    else if (Array.isArray(value)) for (const v of value) fields.push({ key, stringValue: v });
    else if ("ref" in value) fields.push({ key, refValue: value.ref });
    else for (const r of value.refs) fields.push({ key, refValue: r });
  }
  return { id, fields };
}

export function makeContext(
  objects: readonly ExpressionObject[],
  objectId: string,
  extra: { nodeId?: string; parameters?: Record<string, string[]> } = {},
): EvaluationContext {
  const byId = new Map(objects.map((object) => [object.id, object]));
  return {
    getObject: (id) => byId.get(id),
    objectId,
    ...(extra.nodeId === undefined ? {} : { nodeId: extra.nodeId }),
    ...(extra.parameters === undefined ? {} : { parameters: new Map(Object.entries(extra.parameters)) }),
  };
}

/** The guide's reference value for the date functions (https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-reference-functions-datetime.html): a Tuesday, day 144. */
export const MY_DATE_TIME = "2011-05-24T17:10:00";

/** A context whose current object `Obj` holds `myDateTime` and the 2012-12-12 schedule bounds. */
export function makeDateContext(extraFields: Record<string, FieldSpec> = {}): EvaluationContext {
  return makeContext(
    [
      makeObject("Obj", {
        myDateTime: MY_DATE_TIME,
        "@scheduledStartTime": "2012-12-12T00:00:00",
        "@scheduledEndTime": "2012-12-12T01:00:00",
        ...extraFields,
      }),
    ],
    "Obj",
  );
}
