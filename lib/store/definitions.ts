import type {
  ParameterObject,
  ParameterValue,
  PipelineObject,
  ValidationError,
  ValidationWarning,
} from "@/lib/protocol/types";
import type { PipelineDefinition } from "@/lib/generated/prisma/client";
import { Lru } from "@/lib/cache/lru";
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

/** The columns of a version that never change once it is saved (everything but the activation's). */
type ImmutableDefinition = Omit<StoredDefinition, "activationValues" | "activatedAt">;

// Definition versions are immutable once written: only markDefinitionActivated changes a version's
// row (activation values and time), and those two columns are read fresh on every call. A version
// number is never reused for a pipeline (PutPipelineDefinition always writes latest + 1 and the
// latest is never pruned), pipeline ids are random and never reissued (DeletePipeline keeps a
// tombstone), so (pipeline id, version) names the same content in every app instance forever. The
// cached part saves reading and converting the objects JSON, the bulk of the row, on every call
// (ActivatePipeline, the scheduler, GetPipelineDefinition...). A version deleted since (retention,
// DeletePipeline) is seen as missing by the fresh read and dropped from the cache.
// Bounded by entries and by an estimate of characters held (a definition can be up to MAX_BODY_BYTES).
const DEFINITION_CACHE_ENTRIES = 1_000;
const DEFINITION_CACHE_CHARS = 32 * 1024 * 1024;
const immutableVersions = new Lru<string, ImmutableDefinition>(DEFINITION_CACHE_ENTRIES, DEFINITION_CACHE_CHARS);

const versionKey = (pipelineId: string, version: number) => `${pipelineId}:${version}`;

/** Roughly how many characters a definition holds (its weight in the cache). */
function estimateChars(d: ImmutableDefinition): number {
  let n = 0;
  for (const o of d.objects) {
    n += o.id.length + o.name.length + 16;
    for (const f of o.fields) n += f.key.length + (f.stringValue?.length ?? 0) + (f.refValue?.length ?? 0) + 16;
  }
  // Parameters and validation messages are small beside the objects; counted roughly.
  return n + JSON.stringify([d.parameterObjects, d.parameterValues, d.validationErrors, d.validationWarnings]).length;
}

/**
 * Shared by every caller, so it is frozen: a caller that tried to change it would throw rather than
 * silently change what later calls read.
 */
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== "object" || Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const child of Object.values(v)) stack.push(child);
  }
  return value;
}

export async function getDefinitionVersion(
  tx: Tx,
  pipelineId: string,
  version: number,
): Promise<StoredDefinition | null> {
  const key = versionKey(pipelineId, version);
  const cached = immutableVersions.get(key);
  if (cached) {
    // Only the activation's columns can have changed; they are small. A missing row means the
    // version was deleted since; another creation time means the row is not the one cached (a
    // database restored under a running instance, then the same version number written again),
    // and it is read whole below.
    const fresh = await tx.pipelineDefinition.findUnique({
      where: { pipelineId_version: { pipelineId, version } },
      select: { activationValues: true, activatedAt: true, createdAt: true },
    });
    if (!fresh) {
      immutableVersions.delete(key);
      return null;
    }
    if (fresh.createdAt.getTime() === cached.createdAt.getTime()) {
      return {
        ...cached,
        activationValues: fresh.activationValues === null ? null : parameterValuesFromJson(fresh.activationValues),
        activatedAt: fresh.activatedAt,
      };
    }
    immutableVersions.delete(key);
  }
  const row = await tx.pipelineDefinition.findUnique({ where: { pipelineId_version: { pipelineId, version } } });
  if (!row) return null;
  const def = fromRow(row);
  const { activationValues, activatedAt, ...immutable } = def;
  deepFreeze(immutable);
  immutableVersions.set(key, immutable, estimateChars(immutable));
  return { ...immutable, activationValues, activatedAt };
}

/** Forgets every cached version of a pipeline (this process only; the fresh read covers the others). */
export function forgetCachedDefinitions(pipelineId: string): void {
  immutableVersions.deleteWhere((key) => key.startsWith(`${pipelineId}:`));
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
