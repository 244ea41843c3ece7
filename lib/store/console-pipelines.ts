// Reads behind the console's pipelines list and pipeline overview: the schedule objects of the latest definition, for many pipelines at once.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "./db";
import { fieldsFromJson, parameterObjectsFromJson, parameterValuesFromJson } from "./json";
import type { Field, ParameterObject, ParameterValue } from "@/lib/protocol/types";

export interface ScheduleComponent {
  pipelineId: string;
  objectId: string;
  fields: Field[];
}

/** The Default object and every Schedule object of each pipeline's latest definition. */
export async function findScheduleComponents(tx: Tx, pipelineIds: string[]): Promise<ScheduleComponent[]> {
  if (pipelineIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ pipeline_id: string; object_id: string; fields: Prisma.JsonValue }[]>`
    SELECT o.pipeline_id, o.object_id, o.fields
    FROM pipeline_objects o
    JOIN pipelines p ON p.id = o.pipeline_id AND o.version = p.latest_version
    WHERE o.sphere = 'COMPONENT'
      AND o.pipeline_id IN (${Prisma.join(pipelineIds)})
      AND (o.object_id = 'Default' OR o.fields @> '[{"key": "type", "stringValue": "Schedule"}]'::jsonb)
    ORDER BY o.pipeline_id, o.position`;
  return rows.map((r) => ({ pipelineId: r.pipeline_id, objectId: r.object_id, fields: fieldsFromJson(r.fields) }));
}

/** Components per pipeline in its latest definition. */
export async function countLatestComponents(tx: Tx, pipelineIds: string[]): Promise<Map<string, number>> {
  if (pipelineIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ pipeline_id: string; n: number }[]>`
    SELECT o.pipeline_id, count(*)::int AS n
    FROM pipeline_objects o
    JOIN pipelines p ON p.id = o.pipeline_id AND o.version = p.latest_version
    WHERE o.sphere = 'COMPONENT' AND o.pipeline_id IN (${Prisma.join(pipelineIds)})
    GROUP BY o.pipeline_id`;
  return new Map(rows.map((r) => [r.pipeline_id, r.n]));
}

/** The parameters of each pipeline's latest definition, with the values it runs with (given at activation, else stored). */
export async function findLatestParameters(
  tx: Tx,
  pipelineIds: string[],
): Promise<Map<string, { parameterObjects: ParameterObject[]; parameterValues: ParameterValue[] }>> {
  if (pipelineIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<
    {
      pipeline_id: string;
      parameter_objects: Prisma.JsonValue;
      parameter_values: Prisma.JsonValue;
      activation_values: Prisma.JsonValue | null;
    }[]
  >`
    SELECT d.pipeline_id, d.parameter_objects, d.parameter_values, d.activation_values
    FROM pipeline_definitions d
    JOIN pipelines p ON p.id = d.pipeline_id AND d.version = p.latest_version
    WHERE d.pipeline_id IN (${Prisma.join(pipelineIds)})`;
  return new Map(
    rows.map((r) => [
      r.pipeline_id,
      {
        parameterObjects: parameterObjectsFromJson(r.parameter_objects),
        parameterValues: parameterValuesFromJson(r.activation_values ?? r.parameter_values),
      },
    ]),
  );
}
