import type {
  ParameterObject,
  ParameterValue,
  PipelineObject,
  ValidationError,
  ValidationWarning,
} from "@/lib/protocol/types";
import type { PipelineDefinition } from "@/lib/generated/prisma/client";
import type { Tx } from "./db";
import {
  objectsFromJson,
  parameterObjectsFromJson,
  parameterValuesFromJson,
  toJson,
  validationErrorsFromJson,
  validationWarningsFromJson,
} from "./json";

export interface StoredDefinition {
  pipelineId: string;
  version: number;
  objects: PipelineObject[];
  parameterObjects: ParameterObject[];
  parameterValues: ParameterValue[];
  activationValues: ParameterValue[] | null;
  errored: boolean;
  validationErrors: ValidationError[];
  validationWarnings: ValidationWarning[];
  createdAt: Date;
  activatedAt: Date | null;
}

function fromRow(row: PipelineDefinition): StoredDefinition {
  return {
    pipelineId: row.pipelineId,
    version: row.version,
    objects: objectsFromJson(row.objects),
    parameterObjects: parameterObjectsFromJson(row.parameterObjects),
    parameterValues: parameterValuesFromJson(row.parameterValues),
    activationValues: row.activationValues === null ? null : parameterValuesFromJson(row.activationValues),
    errored: row.errored,
    validationErrors: validationErrorsFromJson(row.validationErrors),
    validationWarnings: validationWarningsFromJson(row.validationWarnings),
    createdAt: row.createdAt,
    activatedAt: row.activatedAt,
  };
}

export interface NewDefinition {
  pipelineId: string;
  version: number;
  objects: PipelineObject[];
  parameterObjects: ParameterObject[];
  parameterValues: ParameterValue[];
  errored: boolean;
  validationErrors: ValidationError[];
  validationWarnings: ValidationWarning[];
}

/**
 * Saves a definition version and its components (one row per object id, in the order they were
 * put). A definition may repeat an id: it is stored as put (GetPipelineDefinition returns it so) and
 * validation reports it, while the component rows keep the first object of each id, the one
 * inheritance and references resolve to.
 */
export async function insertDefinitionVersion(tx: Tx, d: NewDefinition): Promise<void> {
  await tx.pipelineDefinition.create({
    data: {
      pipelineId: d.pipelineId,
      version: d.version,
      objects: toJson(d.objects),
      parameterObjects: toJson(d.parameterObjects),
      parameterValues: toJson(d.parameterValues),
      errored: d.errored,
      validationErrors: toJson(d.validationErrors),
      validationWarnings: toJson(d.validationWarnings),
    },
  });
  const seen = new Set<string>();
  const components: { o: PipelineObject; position: number }[] = [];
  d.objects.forEach((o, position) => {
    if (seen.has(o.id)) return;
    seen.add(o.id);
    components.push({ o, position });
  });
  if (components.length > 0) {
    await tx.pipelineObject.createMany({
      data: components.map(({ o, position }) => ({
        pipelineId: d.pipelineId,
        version: d.version,
        objectId: o.id,
        name: o.name,
        sphere: "COMPONENT",
        position,
        status: "PENDING",
        fields: toJson(o.fields),
      })),
    });
  }
}

export async function getDefinitionVersion(
  tx: Tx,
  pipelineId: string,
  version: number,
): Promise<StoredDefinition | null> {
  const row = await tx.pipelineDefinition.findUnique({ where: { pipelineId_version: { pipelineId, version } } });
  return row ? fromRow(row) : null;
}

export async function markDefinitionActivated(
  tx: Tx,
  pipelineId: string,
  version: number,
  activationValues: ParameterValue[] | null,
): Promise<void> {
  await tx.pipelineDefinition.update({
    where: { pipelineId_version: { pipelineId, version } },
    data: { activatedAt: new Date(), ...(activationValues ? { activationValues: toJson(activationValues) } : {}) },
  });
}

/** Drops components of superseded versions that nothing was ever activated from, to keep put loops from growing the table. */
export async function pruneUnusedComponentVersions(tx: Tx, pipelineId: string, keepVersions: number[]): Promise<void> {
  await tx.pipelineObject.deleteMany({ where: { pipelineId, sphere: "COMPONENT", version: { notIn: keepVersions } } });
}

/**
 * Retention: keeps the latest version, the active one and the `kept` versions before the latest;
 * older ones go (0 keeps everything). Only `latest` and `active` can be read back through the API.
 */
export async function pruneDefinitionVersions(
  tx: Tx,
  pipelineId: string,
  latest: number,
  active: number | null,
  kept: number,
): Promise<number> {
  if (kept <= 0) return 0;
  const res = await tx.pipelineDefinition.deleteMany({
    where: { pipelineId, version: { lt: latest - kept, ...(active !== null ? { not: active } : {}) } },
  });
  return res.count;
}
