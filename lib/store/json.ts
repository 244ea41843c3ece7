import type {
  Field,
  ParameterObject,
  ParameterValue,
  PipelineObject,
  Tag,
  ValidationError,
  ValidationWarning,
} from "@/lib/protocol/types";
import type { Prisma } from "@/lib/generated/prisma/client";

// JSON columns come back from Prisma as JsonValue. We only ever write these shapes into them
// (through toJson below), so reading them back is a checked-by-construction cast.

export function toJson(value: unknown): Prisma.InputJsonValue {
  return value as Prisma.InputJsonValue;
}

export const fieldsFromJson = (v: Prisma.JsonValue): Field[] => (Array.isArray(v) ? (v as unknown as Field[]) : []);
export const objectsFromJson = (v: Prisma.JsonValue): PipelineObject[] =>
  Array.isArray(v) ? (v as unknown as PipelineObject[]) : [];
export const parameterObjectsFromJson = (v: Prisma.JsonValue): ParameterObject[] =>
  Array.isArray(v) ? (v as unknown as ParameterObject[]) : [];
export const parameterValuesFromJson = (v: Prisma.JsonValue | null): ParameterValue[] =>
  Array.isArray(v) ? (v as unknown as ParameterValue[]) : [];
export const tagsFromJson = (v: Prisma.JsonValue): Tag[] => (Array.isArray(v) ? (v as unknown as Tag[]) : []);
export const validationErrorsFromJson = (v: Prisma.JsonValue): ValidationError[] =>
  Array.isArray(v) ? (v as unknown as ValidationError[]) : [];
export const validationWarningsFromJson = (v: Prisma.JsonValue): ValidationWarning[] =>
  Array.isArray(v) ? (v as unknown as ValidationWarning[]) : [];
