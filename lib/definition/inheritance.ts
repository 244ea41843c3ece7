// Field inheritance between pipeline components (own fields, then the `parent` chain, then
// Default). The scheduler, expression evaluation, validation and the console all resolve fields
// here so that they can never disagree about which value an object really has.

import type { Field, PipelineObject } from "@/lib/protocol/types";

export const DEFAULT_OBJECT_ID = "Default";
export const PARENT_KEY = "parent";

/** A field as seen on an object after inheritance; `from` is the id of the object that declared it. */
export type EffectiveField = Field & { from: string };

export interface EffectiveFields {
  fields: EffectiveField[];
  /** Ids whose fields were consulted, nearest first: the object, its parents, then Default. */
  chain: string[];
  /** Cycles, dangling parents and other reasons the walk stopped early; empty when all is well. */
  problems: string[];
}

/** Indexes objects by id; on duplicate ids the first one wins (validation reports the others). */
export function indexObjectsById(objects: readonly PipelineObject[]): Map<string, PipelineObject> {
  const byId = new Map<string, PipelineObject>();
  for (const obj of objects) {
    if (!byId.has(obj.id)) byId.set(obj.id, obj);
  }
  return byId;
}

/** The id the object's own `parent` field points at, if it declares one as a reference. */
export function getParentId(obj: PipelineObject): string | undefined {
  for (const field of obj.fields) {
    if (field.key === PARENT_KEY && field.refValue !== undefined) return field.refValue;
  }
  return undefined;
}

/**
 * Resolves the fields an object really has. A key declared nearer the object hides the same key
 * further up as a whole, so a multi-valued key is never merged across levels. `parent` itself is
 * only ever the object's own: an ancestor's parent says nothing about this object. Never throws and
 * never loops: a cycle or a dangling parent stops the walk and is reported in `problems`, and
 * Default still applies because the chain never reached it.
 */
export function resolveEffectiveFields(
  objectId: string,
  objectsById: ReadonlyMap<string, PipelineObject>,
  memo?: Map<string, EffectiveFields>,
): EffectiveFields {
  if (memo === undefined) return walkEffectiveFields(objectId, objectsById);
  const hit = memo.get(objectId);
  if (hit !== undefined) return hit;
  return resolveMemoised(objectId, objectsById, memo);
}

/**
 * With a memo, an object's fields are its own plus its parent's resolved fields minus the keys it
 * declares itself, and the parent's result is reused (and shared, not copied field by field): a
 * definition's objects resolve in time linear in the output instead of walking every chain anew.
 * Chains with a cycle or a dangling parent, and Default itself, take the plain walk, which reports
 * the problem exactly as before.
 */
function resolveMemoised(
  objectId: string,
  objectsById: ReadonlyMap<string, PipelineObject>,
  memo: Map<string, EffectiveFields>,
): EffectiveFields {
  // Walk up until a resolved ancestor, the top of the chain, or a problem (iteratively: no recursion).
  const path: string[] = [];
  const onPath = new Set<string>();
  let id: string | undefined = objectId;
  while (id !== undefined && !memo.has(id)) {
    const obj = objectsById.get(id);
    if (obj === undefined || onPath.has(id) || id === DEFAULT_OBJECT_ID) {
      const plain = walkEffectiveFields(objectId, objectsById);
      memo.set(objectId, plain);
      return plain;
    }
    path.push(id);
    onPath.add(id);
    id = getParentId(obj);
  }
  // Resolve from the top of the path down, each from its parent's result.
  for (let i = path.length - 1; i >= 0; i--) {
    const currentId = path[i]!;
    const obj = objectsById.get(currentId)!;
    const parentId = getParentId(obj);
    const parent = parentId === undefined ? undefined : memo.get(parentId);
    let resolved: EffectiveFields;
    if (parent === undefined || parent.problems.length > 0 || parent.chain.includes(currentId)) {
      resolved = walkEffectiveFields(currentId, objectsById);
    } else {
      const own = new Set<string>();
      const fields: EffectiveField[] = [];
      for (const field of obj.fields) {
        fields.push({ ...field, from: currentId });
        own.add(field.key);
      }
      for (const field of parent.fields) {
        if (own.has(field.key) || field.key === PARENT_KEY) continue;
        fields.push(field);
      }
      resolved = { fields, chain: [currentId, ...parent.chain], problems: [] };
    }
    memo.set(currentId, resolved);
  }
  return memo.get(objectId)!;
}

function walkEffectiveFields(objectId: string, objectsById: ReadonlyMap<string, PipelineObject>): EffectiveFields {
  const fields: EffectiveField[] = [];
  const chain: string[] = [];
  const problems: string[] = [];
  const start = objectsById.get(objectId);
  if (start === undefined) {
    problems.push(`Object '${objectId}' does not exist.`);
    return { fields, chain, problems };
  }

  const declaredKeys = new Set<string>();
  // Membership in the chain by set: a long parent chain stays linear to walk.
  const inChain = new Set<string>();
  const addLevel = (id: string, obj: PipelineObject, isOwn: boolean) => {
    chain.push(id);
    inChain.add(id);
    const levelKeys = new Set<string>();
    for (const field of obj.fields) {
      if (declaredKeys.has(field.key)) continue;
      if (!isOwn && field.key === PARENT_KEY) continue;
      fields.push({ ...field, from: id });
      levelKeys.add(field.key);
    }
    for (const key of levelKeys) declaredKeys.add(key);
  };

  let currentId = objectId;
  let current: PipelineObject = start;
  addLevel(currentId, current, true);
  for (;;) {
    const parentId = getParentId(current);
    if (parentId === undefined) break;
    if (inChain.has(parentId)) {
      problems.push(`Parent chain of '${objectId}' has a cycle: ${[...chain, parentId].join(" -> ")}.`);
      break;
    }
    const parent = objectsById.get(parentId);
    if (parent === undefined) {
      problems.push(`Parent '${parentId}' of '${currentId}' does not exist.`);
      break;
    }
    currentId = parentId;
    current = parent;
    addLevel(currentId, current, false);
  }

  if (!inChain.has(DEFAULT_OBJECT_ID)) {
    const defaults = objectsById.get(DEFAULT_OBJECT_ID);
    if (defaults !== undefined) addLevel(DEFAULT_OBJECT_ID, defaults, false);
  }
  return { fields, chain, problems };
}

/**
 * The parent cycle through `objectId` (`[A, B, A]`) when following `parent` from it returns to it;
 * null otherwise. Objects that merely lead into someone else's cycle get null.
 */
export function findParentCycle(objectId: string, objectsById: ReadonlyMap<string, PipelineObject>): string[] | null {
  const path = [objectId];
  const seen = new Set(path);
  let current = objectsById.get(objectId);
  while (current !== undefined) {
    const parentId = getParentId(current);
    if (parentId === undefined) return null;
    if (parentId === objectId) return [...path, parentId];
    if (seen.has(parentId)) return null;
    path.push(parentId);
    seen.add(parentId);
    current = objectsById.get(parentId);
  }
  return null;
}

// Long field lists (an object deep in a parent chain inherits thousands) are looked up by key many
// times during validation; each list gets an index on first use instead of being scanned each time.
const INDEX_FROM_LENGTH = 32;
// A key's entry is its one field, or a list only for a repeated key (few allocations).
const keyIndexes = new WeakMap<readonly Field[], { length: number; byKey: Map<string, Field | Field[]> }>();
const NONE: readonly Field[] = [];

function fieldsWithKey(fields: readonly Field[], key: string): readonly Field[] | undefined {
  if (fields.length < INDEX_FROM_LENGTH) return undefined;
  let index = keyIndexes.get(fields);
  if (index === undefined || index.length !== fields.length) {
    const byKey = new Map<string, Field | Field[]>();
    for (const field of fields) {
      const entry = byKey.get(field.key);
      if (entry === undefined) byKey.set(field.key, field);
      else if (Array.isArray(entry)) entry.push(field);
      else byKey.set(field.key, [entry, field]);
    }
    index = { length: fields.length, byKey };
    keyIndexes.set(fields, index);
  }
  const entry = index.byKey.get(key);
  return entry === undefined ? NONE : Array.isArray(entry) ? entry : [entry];
}

/** Value (string or reference id) of the first field with `key`; undefined when there is none. */
export function getEffectiveValue(fields: readonly Field[], key: string): string | undefined {
  for (const field of fieldsWithKey(fields, key) ?? fields) {
    if (field.key === key) return field.stringValue ?? field.refValue;
  }
  return undefined;
}

/** Values of every field with `key`, in order (multi-valued keys such as `scriptArgument`). */
export function getEffectiveValues(fields: readonly Field[], key: string): string[] {
  const values: string[] = [];
  for (const field of fieldsWithKey(fields, key) ?? fields) {
    if (field.key !== key) continue;
    const value = field.stringValue ?? field.refValue;
    if (value !== undefined) values.push(value);
  }
  return values;
}

/**
 * The object as DescribeObjects shows it: AWS reports the implicit `parent: Default` of a
 * component that declares no parent, although it was never put.
 */
export function withImplicitDefaultParent(obj: PipelineObject, hasDefault: boolean): PipelineObject {
  if (!hasDefault || obj.id === DEFAULT_OBJECT_ID) return obj;
  if (obj.fields.some((field) => field.key === PARENT_KEY)) return obj;
  return { ...obj, fields: [...obj.fields, { key: PARENT_KEY, refValue: DEFAULT_OBJECT_ID }] };
}
