// Translates between the AWS CLI definition file (`{"objects": [...], "parameters": [...],
// "values": {...}}`) and the API shapes, as awscli's customizations/datapipeline/translator.py
// does, so files written for `aws datapipeline put-pipeline-definition` work unchanged.

import type { Field, ParameterAttribute, ParameterObject, ParameterValue, PipelineObject } from "@/lib/protocol/types";

export interface DefinitionFileRef {
  ref: string;
}

export type DefinitionFileScalar = string | DefinitionFileRef;
export type DefinitionFileFieldValue = DefinitionFileScalar | DefinitionFileScalar[];

/** One object of a definition file; every key other than id and name is a field. */
export interface DefinitionFileObject {
  id: string;
  name?: string;
  [key: string]: DefinitionFileFieldValue | undefined;
}

export interface DefinitionFileParameter {
  id: string;
  [key: string]: string | string[] | undefined;
}

export interface DefinitionFile {
  objects: DefinitionFileObject[];
  parameters?: DefinitionFileParameter[];
  values?: Record<string, string | string[]>;
}

export interface ApiDefinition {
  pipelineObjects: PipelineObject[];
  parameterObjects?: ParameterObject[];
  parameterValues?: ParameterValue[];
}

export interface ApiDefinitionResponse {
  pipelineObjects?: PipelineObject[];
  parameterObjects?: ParameterObject[];
  parameterValues?: ParameterValue[];
}

/** A definition file that cannot be translated; the message says where and why. */
export class DefinitionFormatError extends Error {
  override readonly name = "DefinitionFormatError";
}

/**
 * File format -> API shapes. Fields are sorted by key (code point order, as Python sorts), a list
 * becomes one field per item, `{"ref": id}` becomes a refValue, `name` defaults to `id`.
 * `parameters` and `values` are translated only when present. Where the CLI would hand botocore a
 * value it rejects (a number, a nested list), this throws instead.
 */
export function definitionFileToApi(json: unknown): ApiDefinition {
  if (!isPlainObject(json)) throw new DefinitionFormatError("The definition must be a JSON object.");
  if (!Object.hasOwn(json, "objects")) throw new DefinitionFormatError('Missing "objects" key');
  const objects = json["objects"];
  if (!Array.isArray(objects)) throw new DefinitionFormatError('"objects" must be a list of objects.');

  const result: ApiDefinition = { pipelineObjects: objects.map(convertObject) };
  if (Object.hasOwn(json, "parameters")) result.parameterObjects = convertParameters(json["parameters"]);
  if (Object.hasOwn(json, "values")) result.parameterValues = convertValues(json["values"]);
  return result;
}

function convertObject(element: unknown, index: number): PipelineObject {
  if (!isPlainObject(element)) throw new DefinitionFormatError(`objects[${index}] must be a JSON object.`);
  if (!Object.hasOwn(element, "id")) {
    throw new DefinitionFormatError(`Missing "id" key of element: ${JSON.stringify(element)}`);
  }
  const id = element["id"];
  if (typeof id !== "string") throw new DefinitionFormatError(`objects[${index}].id must be a string.`);
  const name = Object.hasOwn(element, "name") ? element["name"] : id;
  if (typeof name !== "string") throw new DefinitionFormatError(`Object '${id}': "name" must be a string.`);

  const fields: Field[] = [];
  for (const key of sortKeys(Object.keys(element))) {
    if (key === "id" || key === "name") continue;
    const value = element[key];
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, itemIndex) => {
      const where = Array.isArray(value) ? `'${key}'[${itemIndex}]` : `'${key}'`;
      fields.push(convertField(id, key, where, item));
    });
  }
  return { id, name, fields };
}

function convertField(objectId: string, key: string, where: string, value: unknown): Field {
  if (typeof value === "string") return { key, stringValue: value };
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const ref = value["ref"];
    if (keys.length === 1 && keys[0] === "ref" && typeof ref === "string") return { key, refValue: ref };
  }
  throw new DefinitionFormatError(
    `Object '${objectId}' field ${where} must be a string, {"ref": "<object id>"} or a list of those; got ${describe(value)}.`,
  );
}

function convertParameters(parameters: unknown): ParameterObject[] {
  if (!Array.isArray(parameters)) throw new DefinitionFormatError('"parameters" must be a list of objects.');
  return parameters.map((element: unknown, index) => {
    if (!isPlainObject(element)) throw new DefinitionFormatError(`parameters[${index}] must be a JSON object.`);
    if (!Object.hasOwn(element, "id")) {
      throw new DefinitionFormatError(`Missing "id" key of parameter: ${JSON.stringify(element)}`);
    }
    const id = element["id"];
    if (typeof id !== "string") throw new DefinitionFormatError(`parameters[${index}].id must be a string.`);
    const attributes: ParameterAttribute[] = [];
    for (const key of sortKeys(Object.keys(element))) {
      if (key === "id") continue;
      const value = element[key];
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item !== "string") {
          throw new DefinitionFormatError(
            `Parameter '${id}' attribute '${key}' must be a string or a list of strings; got ${describe(item)}.`,
          );
        }
        attributes.push({ key, stringValue: item });
      }
    }
    return { id, attributes };
  });
}

function convertValues(values: unknown): ParameterValue[] {
  if (!isPlainObject(values)) throw new DefinitionFormatError('"values" must be an object of parameter ids to values.');
  const result: ParameterValue[] = [];
  for (const id of Object.keys(values)) {
    const value = values[id];
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== "string") {
        throw new DefinitionFormatError(
          `Value of parameter '${id}' must be a string or a list of strings; got ${describe(item)}.`,
        );
      }
      result.push({ id, stringValue: item });
    }
  }
  return result;
}

/**
 * API shapes -> file format (GetPipelineDefinition as the CLI prints it): `id` and `name` first,
 * then fields in their stored order, a repeated key becoming a list, refs becoming `{"ref": id}`.
 * Sections absent from the response are absent from the file.
 */
export function apiToDefinitionFile(response: ApiDefinitionResponse): DefinitionFile {
  const file: DefinitionFile = { objects: [] };
  if (response.pipelineObjects !== undefined) {
    file.objects = response.pipelineObjects.map((obj) => {
      const current: Record<string, DefinitionFileFieldValue> = {};
      setOwn(current, "id", obj.id);
      setOwn(current, "name", obj.name);
      for (const field of obj.fields) {
        const value: DefinitionFileScalar =
          field.stringValue !== undefined ? field.stringValue : { ref: field.refValue ?? "" };
        addValue(current, field.key, value);
      }
      // Built with id and name set above; the index signature cannot express that.
      return current as DefinitionFileObject;
    });
  }
  if (response.parameterObjects !== undefined) {
    file.parameters = response.parameterObjects.map((parameter) => {
      const current: Record<string, string | string[]> = {};
      setOwn(current, "id", parameter.id);
      for (const attribute of parameter.attributes) addValue(current, attribute.key, attribute.stringValue);
      // Built with id set above.
      return current as DefinitionFileParameter;
    });
  }
  if (response.parameterValues !== undefined) {
    const values: Record<string, string | string[]> = {};
    for (const value of response.parameterValues) addValue(values, value.id, value.stringValue);
    file.values = values;
  }
  return file;
}

/** translator.py `_add_value`: the first value stays scalar, a second one turns it into a list. */
function addValue<T>(target: Record<string, T | T[]>, key: string, value: T): void {
  const existing = Object.hasOwn(target, key) ? target[key] : undefined;
  if (existing === undefined) setOwn(target, key, value);
  else if (Array.isArray(existing)) existing.push(value);
  else setOwn(target, key, [existing, value]);
}

// defineProperty so that a field named "__proto__" is stored as data, not as the prototype.
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Python's sorted() on str compares code points; JS compares UTF-16 units, which differs past U+FFFF. */
function sortKeys(keys: string[]): string[] {
  return [...keys].sort(compareCodePoints);
}

function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(j) ?? 0;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a nested list";
  if (typeof value === "object") return JSON.stringify(value);
  return `${typeof value} ${JSON.stringify(value)}`;
}
