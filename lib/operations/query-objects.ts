// QueryObjects: ids of the components, instances or attempts of a pipeline that satisfy every selector, paged.
import { invalidRequest } from "@/lib/protocol/errors";
import { decodeMarker, encodeMarker, isOffsetMarker, isSeqMarker, pageResult } from "@/lib/protocol/markers";
import type { QueryObjectsInput } from "@/lib/protocol/schemas";
import type { Field, PipelineObject } from "@/lib/protocol/types";
import { queryRuntimeObjectIds, type RuntimeColumn, type RuntimeCondition } from "@/lib/store/objects";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import { parseDateTime } from "@/lib/time/datetime";
import type { OperationContext } from "./operation-context";
import { loadObjectGraph } from "@/lib/objects/load-object-graph";

export const DEFAULT_QUERY_LIMIT = 100;
export const MAX_QUERY_LIMIT = 1000;

type Sphere = "COMPONENT" | "INSTANCE" | "ATTEMPT";
type OperatorType = "EQ" | "REF_EQ" | "LE" | "GE" | "BETWEEN";

export interface Selector {
  fieldName: string;
  type: OperatorType;
  values: string[];
}

const TIME_FIELDS = new Set(["@scheduledStartTime", "@scheduledEndTime", "@actualStartTime", "@actualEndTime"]);
const REF_FIELDS = new Set(["parent", "@componentParent", "@instanceParent"]);

/** Instance and attempt fields QueryObjects can select on, and the column each lives in. */
const RUNTIME_COLUMNS: Record<string, RuntimeColumn> = {
  name: "name",
  "@sphere": "sphere",
  "@status": "status",
  parent: "componentId",
  "@componentParent": "componentId",
  "@instanceParent": "instanceId",
  "@scheduledStartTime": "scheduledStartTime",
  "@scheduledEndTime": "scheduledEndTime",
  "@actualStartTime": "actualStartTime",
  "@actualEndTime": "actualEndTime",
};

/** The CLI asks for CANCELLED where the service says CANCELED; both mean the same status. */
const normaliseStatus = (s: string) => (s.toUpperCase() === "CANCELLED" ? "CANCELED" : s);

function parseTime(value: string, field: string): Date {
  const ms = parseDateTime(value);
  if (ms === null)
    throw invalidRequest(`Invalid value '${value}' for ${field}: expected a date-time like 2012-12-12T00:00:00`);
  return new Date(ms);
}

/** Checks each selector's operator against its field (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_QueryObjects.html) and returns them in a uniform shape. */
export function parseSelectors(input: QueryObjectsInput["query"]): Selector[] {
  return (input?.selectors ?? []).map((s, i) => {
    if (!s.fieldName) throw invalidRequest(`Selector ${i + 1} has no fieldName`);
    if (!s.operator?.type) throw invalidRequest(`Selector ${i + 1} (${s.fieldName}) has no operator type`);
    const values = (s.operator.values ?? []).filter((v): v is string => v !== undefined);
    const type = s.operator.type;
    if (values.length === 0) throw invalidRequest(`Selector ${i + 1} (${s.fieldName}) has no values`);
    if ((type === "GE" || type === "LE" || type === "BETWEEN") && !TIME_FIELDS.has(s.fieldName)) {
      throw invalidRequest(`Operator ${type} applies only to ${[...TIME_FIELDS].join(", ")}; not to ${s.fieldName}`);
    }
    if (type === "BETWEEN" && values.length !== 2)
      throw invalidRequest(`BETWEEN on ${s.fieldName} takes exactly two values`);
    const fieldName = s.fieldName;
    if (TIME_FIELDS.has(fieldName)) values.forEach((v) => parseTime(v, fieldName));
    return { fieldName, type, values };
  });
}

function toRuntimeCondition(s: Selector): RuntimeCondition {
  const column = RUNTIME_COLUMNS[s.fieldName];
  if (!column) {
    throw invalidRequest(
      `Field ${s.fieldName} cannot be queried on instances or attempts; queryable fields: ${Object.keys(RUNTIME_COLUMNS).join(", ")}`,
    );
  }
  if (s.type === "REF_EQ" && !REF_FIELDS.has(s.fieldName))
    throw invalidRequest(`REF_EQ applies to reference fields only; ${s.fieldName} is not one`);
  if (s.type === "EQ" && REF_FIELDS.has(s.fieldName))
    throw invalidRequest(`${s.fieldName} is a reference field: use REF_EQ`);
  const isTime = TIME_FIELDS.has(s.fieldName);
  const [first = "", second = ""] = s.values;
  switch (s.type) {
    case "EQ":
    case "REF_EQ":
      return {
        column,
        op: "in",
        values: s.values.map((v) =>
          isTime ? parseTime(v, s.fieldName) : column === "status" ? normaliseStatus(v) : v,
        ),
      };
    case "GE":
      return { column, op: "gte", value: parseTime(first, s.fieldName) };
    case "LE":
      return { column, op: "lte", value: parseTime(first, s.fieldName) };
    case "BETWEEN":
      return { column, op: "between", from: parseTime(first, s.fieldName), to: parseTime(second, s.fieldName) };
  }
}

/** Does a component (as DescribeObjects shows it) satisfy the selector? A field it lacks fails the condition. */
export function componentMatches(obj: PipelineObject, s: Selector): boolean {
  const fields: Field[] = obj.fields.filter((f) => f.key === s.fieldName);
  const texts = fields
    .map((f) => (s.type === "REF_EQ" ? f.refValue : f.stringValue))
    .filter((v): v is string => v !== undefined);
  if (s.fieldName === "name" && s.type === "EQ") texts.push(obj.name);
  if (texts.length === 0) return false;
  const wanted = s.fieldName === "@status" ? s.values.map(normaliseStatus) : s.values;
  switch (s.type) {
    case "EQ":
    case "REF_EQ":
      return texts.some((t) => wanted.includes(t));
    case "GE":
      return texts.some((t) => t >= (wanted[0] ?? ""));
    case "LE":
      return texts.some((t) => t <= (wanted[0] ?? ""));
    case "BETWEEN":
      return texts.some((t) => t >= (wanted[0] ?? "") && t <= (wanted[1] ?? ""));
  }
}

export async function queryObjects(input: QueryObjectsInput, ctx: OperationContext) {
  const sphere = input.sphere as Sphere;
  if (!["COMPONENT", "INSTANCE", "ATTEMPT"].includes(sphere)) {
    throw invalidRequest(`Invalid sphere '${input.sphere}': expected COMPONENT, INSTANCE or ATTEMPT`);
  }
  const limit = input.limit ?? DEFAULT_QUERY_LIMIT;
  if (limit < 1) throw invalidRequest(`limit must be at least 1, got ${limit}`);
  const pageSize = Math.min(limit, MAX_QUERY_LIMIT);
  const selectors = parseSelectors(input.query);

  return withReader(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    if (sphere === "COMPONENT") {
      const start = decodeMarker(input.marker, isOffsetMarker)?.o ?? 0;
      const version = pipeline.latestVersion;
      const graph = await loadObjectGraph(tx, pipeline, []);
      const ids = version === null ? [] : await componentIds(graph, selectors);
      const page = ids.slice(start, start + pageSize);
      const next = start + pageSize < ids.length ? encodeMarker({ o: start + pageSize }) : null;
      return { ids: page, ...pageResult(next) };
    }
    const conditions = selectors.map(toRuntimeCondition);
    const after = decodeMarker(input.marker, isSeqMarker);
    const rows = await queryRuntimeObjectIds(
      tx,
      pipeline.id,
      sphere,
      conditions,
      BigInt(after?.s ?? "0"),
      pageSize + 1,
    );
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1];
    const next = rows.length > pageSize && last ? encodeMarker({ s: last.pk.toString() }) : null;
    return { ids: page.map((r) => r.objectId), ...pageResult(next) };
  });
}

async function componentIds(
  graph: Awaited<ReturnType<typeof loadObjectGraph>>,
  selectors: Selector[],
): Promise<string[]> {
  return graph
    .componentIds()
    .map((id) => graph.present(id))
    .filter((o): o is PipelineObject => !!o && selectors.every((s) => componentMatches(o, s)))
    .map((o) => o.id);
}
