// Validates a pipeline definition the way Put/ValidatePipelineDefinition report it: `fatal` problems
// stop the definition from being saved (400), `errors` are saved but block activation, `warnings`
// are advice. Pure and total: any input the TS types allow gives an answer, never an exception.

import type { DefinitionInput } from "@/lib/definition/definition-input";
import { collectSizeProblems } from "@/lib/definition/definition-size";
import type { Field, ParameterObject, PipelineObject, ValidationError, ValidationWarning } from "@/lib/protocol/types";
import { formatDateTime, parseDateTime } from "@/lib/time/datetime";
import { parsePeriod, periodToApproxMs } from "@/lib/time/period";
import {
  DEFAULT_OBJECT_ID,
  findParentCycle,
  getEffectiveValue,
  getEffectiveValues,
  indexObjectsById,
  resolveEffectiveFields,
  type EffectiveField,
  type EffectiveFields,
} from "@/lib/definition/inheritance";
import {
  getKnownFields,
  getObjectKind,
  isUserDefinedFieldName,
  PERIOD_FIELDS,
  REFERENCE_FIELDS,
  REFERENCE_TARGET_KIND,
  SINGLE_VALUED_FIELDS,
  STRING_FIELDS,
  type ObjectKind,
} from "@/lib/definition/object-types";
import {
  findParameterReferences,
  isParameterLikeId,
  substituteParameters,
  type SubstitutionResult,
} from "@/lib/definition/parameter-references";

export interface ValidateDefinitionOptions {
  /** `@pipelineState` of the pipeline being written; FINISHED pipelines refuse new definitions. */
  pipelineState?: string;
  /** The active (last activated) version; enables the edit-after-activation rules. */
  activeObjects?: PipelineObject[];
  /** Clock for the backfill warning (epoch ms); defaults to now. */
  now?: number;
}

export interface DefinitionValidation {
  fatal: string[];
  errors: ValidationError[];
  warnings: ValidationWarning[];
}

/** https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-limits.html and the service model; byte limits are UTF-8. */
export const DEFINITION_LIMITS = {
  maxObjects: 100,
  maxFieldsPerObject: 50,
  maxIdBytes: 256,
  maxKeyBytes: 256,
  maxValueBytes: 10_240,
  maxObjectBytes: 15_360,
  maxParameters: 50,
} as const;

export const ONDEMAND_PERIOD = "ONDEMAND_PERIOD";
export const ONDEMAND_ACTIVATION_TIME = "ONDEMAND_ACTIVATION_TIME";
export const FIRST_ACTIVATION_DATE_TIME = "FIRST_ACTIVATION_DATE_TIME";

const MIN_SCHEDULE_PERIOD_MS = periodToApproxMs({ count: 15, unit: "minutes" });
const MAX_SCHEDULE_PERIOD_MS = periodToApproxMs({ count: 3, unit: "years" });
const SCHEDULE_TYPES = ["cron", "timeseries", "ondemand"];
const FAILURE_AND_RERUN_MODES = ["none", "cascade"];
const PARAMETER_TYPES = ["String", "Integer", "Double", "AWS::S3::ObjectKey"];
const SHELL_COMMAND_TYPES = ["ShellCommandActivity", "ShellCommandPrecondition"];
const SCHEDULED_KINDS: readonly ObjectKind[] = ["activity", "dataNode", "resource"];
const RERUNNABLE_KINDS: readonly ObjectKind[] = ["activity", "dataNode", "precondition", "resource"];
const ROUTED_KINDS: readonly ObjectKind[] = ["activity", "dataNode", "precondition"];

const KIND_LABEL: Readonly<Record<ObjectKind, string>> = {
  default: "the Default object",
  schedule: "a Schedule object",
  activity: "an activity",
  precondition: "a precondition",
  dataNode: "a data node",
  resource: "a resource (Ec2Resource, EmrCluster)",
  action: "an action (SnsAlarm, Terminate)",
  database: "a database",
  dataFormat: "a data format",
  utility: "a utility object",
};

export function validateDefinition(input: DefinitionInput, opts: ValidateDefinitionOptions = {}): DefinitionValidation {
  const objects = Array.isArray(input.objects) ? input.objects : [];
  // Past the size limits nothing else is looked at: the definition is refused whatever it holds,
  // and the rest of the work stays bounded (lib/definition/definition-size.ts).
  const tooLarge = collectSizeProblems(input);
  if (tooLarge.length > 0) return { fatal: tooLarge, errors: [], warnings: [] };
  const fatal = collectFatalProblems(objects, opts.pipelineState);
  const ctx = buildContext(objects, input, opts);
  const errors = new MessageGroups();
  const warnings = new MessageGroups();
  objects.forEach((obj, index) => {
    if (!isNonEmptyString(obj.id)) return;
    validateObject(ctx, obj, index, errors, warnings);
  });
  validateParameters(ctx, errors, warnings);
  validateRemovedObjects(ctx, errors);
  return {
    fatal,
    errors: errors.entries().map(([id, list]) => ({ id, errors: list })),
    warnings: warnings.entries().map(([id, list]) => ({ id, warnings: list })),
  };
}

// ---------------------------------------------------------------------------------------------
// Fatal problems

function collectFatalProblems(objects: readonly PipelineObject[], pipelineState: string | undefined): string[] {
  const fatal: string[] = [];
  if (pipelineState === "FINISHED") {
    fatal.push("The pipeline is FINISHED; its definition can no longer be changed.");
  }
  objects.forEach((obj, index) => {
    const label = isNonEmptyString(obj.id) ? `'${obj.id}'` : `at index ${index}`;
    if (!isNonEmptyString(obj.id)) fatal.push(`Object at index ${index} has no id.`);
    if (!isNonEmptyString(obj.name)) fatal.push(`Object ${label} has no name.`);
    if (!Array.isArray(obj.fields)) {
      fatal.push(`Object ${label} has no field list.`);
      return;
    }
    obj.fields.forEach((field, fieldIndex) => {
      if (!isNonEmptyString(field.key)) {
        fatal.push(`Object ${label} field at index ${fieldIndex} has no key.`);
        return;
      }
      const hasString = field.stringValue !== undefined && field.stringValue !== null;
      const hasRef = field.refValue !== undefined && field.refValue !== null;
      if (!hasString && !hasRef) {
        fatal.push(`Object ${label} field '${field.key}' has neither a stringValue nor a refValue.`);
      } else if (hasString && hasRef) {
        fatal.push(
          `Object ${label} field '${field.key}' has both a stringValue and a refValue; a field holds one or the other.`,
        );
      } else if (hasString && field.stringValue === "") {
        fatal.push(`Object ${label} field '${field.key}' has an empty value.`);
      } else if (hasRef && field.refValue === "") {
        fatal.push(`Object ${label} field '${field.key}' has an empty reference.`);
      }
    });
  });
  return fatal;
}

// ---------------------------------------------------------------------------------------------
// Context shared by the per-object rules

interface Context {
  byId: Map<string, PipelineObject>;
  firstIndexById: Map<string, number>;
  resolvedById: Map<string, EffectiveFields>;
  parentTargets: Set<string>;
  /** Schedule id -> ids of the non-Schedule objects whose effective `schedule` points at it. */
  scheduleUsers: Map<string, string[]>;
  /** Precondition id -> ids of the objects whose effective `precondition` points at it. */
  preconditionUsers: Map<string, string[]>;
  /** Resource id -> ids of the objects whose effective `runsOn` points at it. */
  runsOnUsers: Map<string, string[]>;
  parameterObjects: ParameterObject[];
  parameterById: Map<string, ParameterObject>;
  valuesById: Map<string, string[]>;
  referencedParameters: Set<string>;
  activeById: Map<string, PipelineObject> | undefined;
  now: number;
}

function buildContext(
  objects: readonly PipelineObject[],
  input: DefinitionInput,
  opts: ValidateDefinitionOptions,
): Context {
  const usable = objects.filter((obj) => isNonEmptyString(obj.id) && Array.isArray(obj.fields));
  const byId = indexObjectsById(usable);
  const firstIndexById = new Map<string, number>();
  objects.forEach((obj, index) => {
    if (isNonEmptyString(obj.id) && !firstIndexById.has(obj.id)) firstIndexById.set(obj.id, index);
  });

  const parameterObjects = Array.isArray(input.parameterObjects) ? input.parameterObjects : [];
  const parameterById = new Map<string, ParameterObject>();
  for (const p of parameterObjects) {
    if (typeof p.id === "string" && !parameterById.has(p.id)) parameterById.set(p.id, p);
  }
  const valuesById = new Map<string, string[]>();
  for (const v of Array.isArray(input.parameterValues) ? input.parameterValues : []) {
    if (typeof v.id !== "string" || typeof v.stringValue !== "string") continue;
    const list = valuesById.get(v.id) ?? [];
    list.push(v.stringValue);
    valuesById.set(v.id, list);
  }

  const ctx: Context = {
    byId,
    firstIndexById,
    resolvedById: new Map(),
    parentTargets: new Set(),
    scheduleUsers: new Map(),
    preconditionUsers: new Map(),
    runsOnUsers: new Map(),
    parameterObjects,
    parameterById,
    valuesById,
    referencedParameters: new Set(),
    activeById: Array.isArray(opts.activeObjects)
      ? indexObjectsById(opts.activeObjects.filter((obj) => isNonEmptyString(obj.id) && Array.isArray(obj.fields)))
      : undefined,
    now: opts.now ?? Date.now(),
  };

  for (const obj of usable) {
    for (const field of obj.fields) {
      if (field.key === "parent" && isNonEmptyString(field.refValue)) ctx.parentTargets.add(field.refValue);
      if (typeof field.stringValue === "string") {
        for (const id of findParameterReferences(field.stringValue)) ctx.referencedParameters.add(id);
      }
    }
  }
  for (const id of byId.keys()) {
    if (id === DEFAULT_OBJECT_ID || getTypeOf(ctx, id) === "Schedule") continue;
    const fields = getResolved(ctx, id).fields;
    const scheduleId = getEffectiveRef(fields, "schedule");
    if (scheduleId !== undefined && getTypeOf(ctx, scheduleId) === "Schedule") {
      pushToMap(ctx.scheduleUsers, scheduleId, id);
    }
    for (const field of fields) {
      if (field.key === "precondition" && isNonEmptyString(field.refValue)) {
        pushToMap(ctx.preconditionUsers, field.refValue, id);
      }
    }
    const runsOn = getEffectiveRef(fields, "runsOn");
    if (runsOn !== undefined) pushToMap(ctx.runsOnUsers, runsOn, id);
  }
  return ctx;
}

function getResolved(ctx: Context, id: string): EffectiveFields {
  let resolved = ctx.resolvedById.get(id);
  if (resolved === undefined) {
    // The memo lets each object reuse its parent's resolution (linear in the definition).
    resolved = resolveEffectiveFields(id, ctx.byId, ctx.resolvedById);
    ctx.resolvedById.set(id, resolved);
  }
  return resolved;
}

/**
 * The object's type: its own, or one inherited from a parent that serves as a template. A `type`
 * that comes from Default does not count: Default describes every object, not a kind of object.
 */
function getTypeOf(ctx: Context, id: string): string | undefined {
  if (id === DEFAULT_OBJECT_ID) return DEFAULT_OBJECT_ID;
  if (!ctx.byId.has(id)) return undefined;
  const field = getResolved(ctx, id).fields.find((f) => f.key === "type");
  if (field === undefined || field.from === DEFAULT_OBJECT_ID || typeof field.stringValue !== "string")
    return undefined;
  return field.stringValue;
}

// ---------------------------------------------------------------------------------------------
// Per-object rules, in a fixed order so the output is deterministic

function validateObject(
  ctx: Context,
  obj: PipelineObject,
  index: number,
  errors: MessageGroups,
  warnings: MessageGroups,
): void {
  const id = obj.id;
  const fields = Array.isArray(obj.fields) ? obj.fields : [];
  const isDuplicate = ctx.firstIndexById.get(id) !== index;
  const add = (message: string) => errors.add(id, message);

  if (isDuplicate) add(`INVALID_OBJECT: duplicate object id '${id}'; object ids must be unique within a pipeline.`);
  validateObjectLimits(id, fields, add);

  const type = isDuplicate ? getOwnString(fields, "type") : getTypeOf(ctx, id);
  const effective: EffectiveField[] = isDuplicate
    ? fields.map((f) => ({ ...f, from: id }))
    : getResolved(ctx, id).fields;
  validateOwnFields(ctx, id, type, fields, effective, add);
  if (isDuplicate) return;

  const cycle = findParentCycle(id, ctx.byId);
  if (cycle !== null) add(`INVALID_FIELD_VALUE: 'parent' forms a cycle: ${cycle.join(" -> ")}.`);

  if (id !== DEFAULT_OBJECT_ID && type === undefined && !ctx.parentTargets.has(id)) {
    add("MISSING_REQUIRED_FIELD: 'type' is required on every object except Default.");
  }

  const kind = getObjectKind(type);
  if (type === "Schedule") validateSchedule(ctx, id, effective, add);
  if (type !== undefined && SHELL_COMMAND_TYPES.includes(type)) validateShellCommand(ctx, id, kind, effective, add);
  validateScheduleTypeUse(ctx, id, kind, fields, effective, add);
  if (ctx.activeById !== undefined) validateEditAfterActivation(ctx.activeById, id, type, fields, add);

  validateObjectWarnings(ctx, obj, kind, effective, (message) => warnings.add(id, message));
}

function validateObjectLimits(id: string, fields: readonly Field[], add: (message: string) => void): void {
  const idBytes = utf8Length(id);
  if (idBytes > DEFINITION_LIMITS.maxIdBytes) {
    add(`INVALID_OBJECT: the object id is ${idBytes} bytes; the limit is ${DEFINITION_LIMITS.maxIdBytes} bytes.`);
  }
  if (fields.length > DEFINITION_LIMITS.maxFieldsPerObject) {
    add(
      `INVALID_OBJECT: the object has ${fields.length} fields; the limit is ${DEFINITION_LIMITS.maxFieldsPerObject}.`,
    );
  }
  let total = 0;
  for (const field of fields) total += utf8Length(field.key) + utf8Length(getValue(field) ?? "");
  if (total > DEFINITION_LIMITS.maxObjectBytes) {
    add(
      `INVALID_OBJECT: the object's field names and values total ${total} bytes; the limit is ${DEFINITION_LIMITS.maxObjectBytes} bytes.`,
    );
  }
}

function validateOwnFields(
  ctx: Context,
  id: string,
  type: string | undefined,
  fields: readonly Field[],
  effective: readonly EffectiveField[],
  add: (message: string) => void,
): void {
  const known = getKnownFields(id === DEFAULT_OBJECT_ID ? DEFAULT_OBJECT_ID : (type ?? ""));
  const effectiveKeys = new Set(effective.map((f) => f.key));
  const seenSingle = new Set<string>();
  const reportedRepeat = new Set<string>();
  const reportedParameters = new Set<string>();

  for (const field of fields) {
    const key = field.key;
    if (!isNonEmptyString(key)) continue;
    if (key.startsWith("@")) {
      add(`INVALID_FIELD: '${key}' is a read-only field set by the service.`);
      continue;
    }
    const keyBytes = utf8Length(key);
    if (keyBytes > DEFINITION_LIMITS.maxKeyBytes) {
      add(
        `INVALID_FIELD: field name '${abbreviate(key)}' is ${keyBytes} bytes; the limit is ${DEFINITION_LIMITS.maxKeyBytes} bytes.`,
      );
    }
    const bareKey = key.startsWith("*") ? key.slice(1) : key;
    if (known !== undefined && !known.has(bareKey) && !isUserDefinedFieldName(bareKey)) {
      const owner = id === DEFAULT_OBJECT_ID ? "any object type" : (type ?? "this object");
      add(
        `INVALID_FIELD: '${abbreviate(key)}' is not a field of ${owner}; user-defined field names must start with 'my' followed by an uppercase letter or '_'.`,
      );
    }
    if (SINGLE_VALUED_FIELDS.has(key)) {
      if (seenSingle.has(key) && !reportedRepeat.has(key)) {
        add(`INVALID_FIELD: '${key}' may appear only once.`);
        reportedRepeat.add(key);
      }
      seenSingle.add(key);
    }

    const stringValue = typeof field.stringValue === "string" ? field.stringValue : undefined;
    const refValue = typeof field.refValue === "string" ? field.refValue : undefined;
    // Empty, missing or doubled values are fatal and already reported.
    if ((stringValue === undefined) === (refValue === undefined)) continue;
    const value = stringValue ?? refValue ?? "";
    const valueBytes = utf8Length(value);
    if (valueBytes > DEFINITION_LIMITS.maxValueBytes) {
      add(
        `INVALID_FIELD_VALUE: '${key}' value is ${valueBytes} bytes; the limit is ${DEFINITION_LIMITS.maxValueBytes} bytes.`,
      );
    }
    if (value === "") continue;

    if (refValue !== undefined) {
      if (STRING_FIELDS.has(key)) add(`INVALID_FIELD_VALUE: '${key}' must be a string value, not a reference.`);
      validateReference(ctx, key, refValue, add);
      continue;
    }
    if (stringValue === undefined) continue;
    if (REFERENCE_FIELDS.has(key)) {
      add(`INVALID_FIELD_VALUE: '${key}' must be a reference to another object ({"ref": "<id>"}), not a string.`);
    }
    for (const parameterId of findParameterReferences(stringValue)) {
      if (ctx.parameterById.has(parameterId) || ctx.valuesById.has(parameterId) || effectiveKeys.has(parameterId))
        continue;
      if (reportedParameters.has(`${key}\u0000${parameterId}`)) continue;
      reportedParameters.add(`${key}\u0000${parameterId}`);
      add(
        `INVALID_FIELD_VALUE: '${key}' uses '#{${parameterId}}', but there is no parameter object or value for '${parameterId}'.`,
      );
    }
    validateFieldFormat(ctx, key, stringValue, effective, add);
  }
}

function validateReference(ctx: Context, key: string, target: string, add: (message: string) => void): void {
  if (!ctx.byId.has(target)) {
    add(`INVALID_FIELD_VALUE: '${key}' refers to '${target}', which is not an object in this pipeline.`);
    return;
  }
  const expected = REFERENCE_TARGET_KIND.get(key);
  if (expected === undefined) return;
  const targetType = getTypeOf(ctx, target);
  const targetKind = getObjectKind(targetType);
  if (targetKind !== undefined && targetKind !== expected) {
    add(`INVALID_FIELD_VALUE: '${key}' must refer to ${KIND_LABEL[expected]}; '${target}' is a ${targetType}.`);
  }
}

/** Format checks for fields whose values are inherited: checked once, where they are declared. */
function validateFieldFormat(
  ctx: Context,
  key: string,
  raw: string,
  effective: readonly EffectiveField[],
  add: (message: string) => void,
): void {
  const isChecked =
    key === "scheduleType" ||
    key === "failureAndRerunMode" ||
    key === "maximumRetries" ||
    key === "maxActiveInstances" ||
    (PERIOD_FIELDS as readonly string[]).includes(key);
  if (!isChecked) return;
  const resolved = substitute(ctx, raw, effective);
  // Runtime expressions are evaluated per instance; only their results can be checked.
  if (resolved.kind !== "literal") return;
  const value = resolved.text;
  switch (key) {
    case "scheduleType":
      if (!SCHEDULE_TYPES.includes(value.toLowerCase())) {
        add(`INVALID_FIELD_VALUE: 'scheduleType' must be cron, timeseries or ondemand; got '${abbreviate(value)}'.`);
      }
      return;
    case "failureAndRerunMode":
      if (!FAILURE_AND_RERUN_MODES.includes(value.toLowerCase())) {
        add(`INVALID_FIELD_VALUE: 'failureAndRerunMode' must be none or cascade; got '${abbreviate(value)}'.`);
      }
      return;
    case "maximumRetries":
      if (!isIntegerInRange(value, 0, 5)) {
        add(`INVALID_FIELD_VALUE: 'maximumRetries' must be an integer from 0 to 5; got '${abbreviate(value)}'.`);
      }
      return;
    case "maxActiveInstances":
      if (!isIntegerInRange(value, 1, 5)) {
        add(`INVALID_FIELD_VALUE: 'maxActiveInstances' must be an integer from 1 to 5; got '${abbreviate(value)}'.`);
      }
      return;
    default:
      if (parsePeriod(value) === null) {
        add(`INVALID_FIELD_VALUE: '${key}' must be a period such as '10 minutes'; got '${abbreviate(value)}'.`);
      }
  }
}

function validateSchedule(
  ctx: Context,
  id: string,
  effective: readonly EffectiveField[],
  add: (message: string) => void,
): void {
  const literal = (key: string): SubstitutionResult | undefined => {
    const raw = getEffectiveString(effective, key);
    return raw === undefined ? undefined : substitute(ctx, raw, effective);
  };

  const period = literal("period");
  let isOndemandPeriod = false;
  if (period === undefined) {
    add("MISSING_REQUIRED_FIELD: 'period' is required on a Schedule.");
  } else if (period.kind !== "unresolved") {
    const text = period.text;
    if (period.kind === "literal" && text === ONDEMAND_PERIOD) {
      isOndemandPeriod = true;
    } else {
      const parsed = period.kind === "literal" ? parsePeriod(text) : null;
      if (parsed === null) {
        add(
          `INVALID_FIELD_VALUE: 'period' must be a literal period such as '1 hour' (N minutes|hours|days|weeks|months|years); got '${abbreviate(text)}'.`,
        );
      } else {
        const ms = periodToApproxMs(parsed);
        if (ms < MIN_SCHEDULE_PERIOD_MS || ms > MAX_SCHEDULE_PERIOD_MS) {
          add(`INVALID_FIELD_VALUE: 'period' must be between 15 minutes and 3 years; got '${abbreviate(text)}'.`);
        }
      }
    }
  }

  const startDateTime = literal("startDateTime");
  const startAt = literal("startAt");
  if (startDateTime === undefined && startAt === undefined) {
    add("MISSING_REQUIRED_FIELD: a Schedule needs one of 'startDateTime' or 'startAt'.");
  } else if (startDateTime !== undefined && startAt !== undefined) {
    add("INVALID_FIELD: a Schedule takes 'startDateTime' or 'startAt', not both.");
  }
  let startMs: number | null = null;
  if (startDateTime !== undefined && startDateTime.kind !== "unresolved") {
    startMs = startDateTime.kind === "literal" ? parseDateTime(startDateTime.text) : null;
    if (startMs === null) add("INVALID_FIELD_VALUE: 'startDateTime' value must be a literal datetime value.");
  }
  let isOndemandStart = false;
  if (startAt !== undefined && startAt.kind !== "unresolved") {
    if (startAt.kind === "literal" && startAt.text === ONDEMAND_ACTIVATION_TIME) {
      isOndemandStart = true;
    } else if (startAt.kind !== "literal" || startAt.text !== FIRST_ACTIVATION_DATE_TIME) {
      add(
        `INVALID_FIELD_VALUE: 'startAt' must be ${FIRST_ACTIVATION_DATE_TIME} or ${ONDEMAND_ACTIVATION_TIME}; got '${abbreviate(startAt.text)}'.`,
      );
    }
  }
  if (isOndemandPeriod !== isOndemandStart && (isOndemandPeriod || isOndemandStart)) {
    add(
      `INVALID_FIELD_VALUE: period ${ONDEMAND_PERIOD} and startAt ${ONDEMAND_ACTIVATION_TIME} must be used together.`,
    );
  }

  const endDateTime = literal("endDateTime");
  if (endDateTime !== undefined && endDateTime.kind !== "unresolved") {
    const endMs = endDateTime.kind === "literal" ? parseDateTime(endDateTime.text) : null;
    if (endMs === null) {
      add("INVALID_FIELD_VALUE: 'endDateTime' value must be a literal datetime value.");
    } else if (startMs !== null && endMs <= startMs) {
      add("INVALID_FIELD_VALUE: 'endDateTime' must be later than 'startDateTime'.");
    }
  }
  const occurrences = literal("occurrences");
  if (endDateTime !== undefined && occurrences !== undefined) {
    add("INVALID_FIELD: a Schedule takes 'endDateTime' or 'occurrences', not both.");
  }
  if (occurrences !== undefined && occurrences.kind !== "unresolved") {
    if (occurrences.kind !== "literal" || !isIntegerInRange(occurrences.text, 1, Number.MAX_SAFE_INTEGER)) {
      add(`INVALID_FIELD_VALUE: 'occurrences' must be a positive integer; got '${abbreviate(occurrences.text)}'.`);
    }
  }

  // Who uses this schedule decides whether an on-demand schedule is right.
  const users = ctx.scheduleUsers.get(id) ?? [];
  const ondemandUsers: string[] = [];
  const scheduledUsers: string[] = [];
  for (const userId of users) {
    const scheduleType = getScheduleType(ctx, getResolved(ctx, userId).fields);
    if (scheduleType === "ondemand") ondemandUsers.push(userId);
    else if (scheduleType !== "unknown") scheduledUsers.push(userId);
  }
  if (!isOndemandPeriod && ondemandUsers.length > 0) {
    add(
      `INVALID_FIELD_VALUE: ondemand objects (${listIds(ondemandUsers)}) cannot use this Schedule; remove the schedule or give it period ${ONDEMAND_PERIOD} and startAt ${ONDEMAND_ACTIVATION_TIME}.`,
    );
  }
  if (isOndemandPeriod && scheduledUsers.length > 0) {
    add(
      `INVALID_FIELD_VALUE: an ${ONDEMAND_PERIOD} Schedule can only be used when scheduleType is ondemand; used by ${listIds(scheduledUsers)}.`,
    );
  }
}

function validateShellCommand(
  ctx: Context,
  id: string,
  kind: ObjectKind | undefined,
  effective: readonly EffectiveField[],
  add: (message: string) => void,
): void {
  const hasCommand = hasEffective(effective, "command");
  const hasScriptUri = hasEffective(effective, "scriptUri");
  if (!hasCommand && !hasScriptUri) {
    add("MISSING_REQUIRED_FIELD: one of 'command' or 'scriptUri' is required.");
  } else if (hasCommand && hasScriptUri) {
    add("INVALID_FIELD: 'command' and 'scriptUri' cannot both be set.");
  }
  // scriptArgument goes with scriptUri too: AWS's samples pass the script its arguments as $1...
  if (!hasWorkerRoute(effective)) {
    // A user-managed precondition may take its worker group from the objects that use it.
    const users = kind === "precondition" ? (ctx.preconditionUsers.get(id) ?? []) : [];
    const isRoutedByUsers =
      users.length > 0 && users.every((userId) => hasWorkerRoute(getResolved(ctx, userId).fields));
    if (!isRoutedByUsers) add("MISSING_REQUIRED_FIELD: one of 'runsOn' or 'workerGroup' is required.");
  }
}

/**
 * ondemand "must be specified in the default object and must be the only scheduleType specified
 * for objects in the pipeline" [G]; and scheduled objects need a schedule.
 */
function validateScheduleTypeUse(
  ctx: Context,
  id: string,
  kind: ObjectKind | undefined,
  fields: readonly Field[],
  effective: readonly EffectiveField[],
  add: (message: string) => void,
): void {
  if (id !== DEFAULT_OBJECT_ID) {
    const own = getOwnString(fields, "scheduleType");
    const ownType = own === undefined ? undefined : literalLower(ctx, own, effective);
    const defaults = ctx.byId.get(DEFAULT_OBJECT_ID);
    const defaultRaw = defaults === undefined ? undefined : getOwnString(defaults.fields, "scheduleType");
    const defaultType = defaultRaw === undefined ? undefined : literalLower(ctx, defaultRaw, defaults?.fields ?? []);
    if (ownType === "ondemand" && defaultType !== "ondemand") {
      add("INVALID_FIELD_VALUE: scheduleType ondemand must be set on the Default object, not on individual objects.");
    } else if (
      defaultType === "ondemand" &&
      ownType !== undefined &&
      ownType !== "ondemand" &&
      SCHEDULE_TYPES.includes(ownType)
    ) {
      add(`INVALID_FIELD_VALUE: scheduleType '${ownType}' cannot be mixed with scheduleType ondemand set on Default.`);
    }
  }
  if (kind !== undefined && SCHEDULED_KINDS.includes(kind)) {
    const scheduleType = getScheduleType(ctx, effective);
    if (scheduleType !== "ondemand" && scheduleType !== "unknown" && !hasEffective(effective, "schedule")) {
      if (!(kind === "resource" && isScheduledByUsers(ctx, id))) {
        add("MISSING_REQUIRED_FIELD: 'schedule' is required unless scheduleType is ondemand.");
      }
    }
  }
}

/**
 * A resource without a schedule of its own runs on the schedule of the objects that run on it
 * (the Schedule reference's own examples): it is scheduled when one of them has a schedule.
 */
function isScheduledByUsers(ctx: Context, resourceId: string): boolean {
  const users = ctx.runsOnUsers.get(resourceId) ?? [];
  return users.some((userId) => hasEffective(getResolved(ctx, userId).fields, "schedule"));
}

function validateEditAfterActivation(
  activeById: Map<string, PipelineObject>,
  id: string,
  type: string | undefined,
  fields: readonly Field[],
  add: (message: string) => void,
): void {
  const previous = activeById.get(id);
  if (previous === undefined) {
    for (const field of fields) {
      if (field.key === "output" && isNonEmptyString(field.refValue) && activeById.has(field.refValue)) {
        add(
          `INVALID_FIELD_VALUE: 'output' of a new object cannot refer to existing object '${field.refValue}' after activation.`,
        );
      }
    }
    return;
  }
  const before = groupRefs(previous.fields);
  const after = groupRefs(fields);
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  for (const key of keys) {
    const a = (before.get(key) ?? []).join("\u0000");
    const b = (after.get(key) ?? []).join("\u0000");
    if (a !== b) {
      add(
        `INVALID_FIELD_VALUE: reference field '${key}' of an existing object cannot be added, removed or changed after activation.`,
      );
    }
  }
  const wasSchedule = getOwnString(previous.fields, "type") === "Schedule";
  if (type === "Schedule" || wasSchedule) {
    for (const key of ["period", "startDateTime", "startAt"]) {
      const a = getOwnStrings(previous.fields, key).join("\u0000");
      const b = getOwnStrings(fields, key).join("\u0000");
      if (a !== b) add(`INVALID_FIELD_VALUE: '${key}' of an existing Schedule cannot be changed after activation.`);
    }
  }
}

function validateObjectWarnings(
  ctx: Context,
  obj: PipelineObject,
  kind: ObjectKind | undefined,
  effective: readonly EffectiveField[],
  warn: (message: string) => void,
): void {
  if (kind !== undefined && ROUTED_KINDS.includes(kind)) {
    if (hasEffective(effective, "runsOn") && hasEffective(effective, "workerGroup")) {
      warn("'workerGroup' is ignored because 'runsOn' is set.");
    }
  }
  if (kind === undefined || !RERUNNABLE_KINDS.includes(kind)) return;
  const mode = getEffectiveString(effective, "failureAndRerunMode");
  if (mode === undefined || literalLower(ctx, mode, effective) !== "cascade") return;
  if (getScheduleType(ctx, effective) === "ondemand") return;
  const scheduleId = getEffectiveRef(effective, "schedule");
  if (scheduleId === undefined || getTypeOf(ctx, scheduleId) !== "Schedule") return;
  const scheduleFields = getResolved(ctx, scheduleId).fields;
  const rawStart = getEffectiveString(scheduleFields, "startDateTime");
  if (rawStart === undefined) return;
  const start = substitute(ctx, rawStart, scheduleFields);
  const startMs = start.kind === "literal" ? parseDateTime(start.text) : null;
  if (startMs === null || startMs >= ctx.now) return;
  const name = isNonEmptyString(obj.name) ? obj.name : obj.id;
  warn(
    `${name} has 'failureAndRerunMode' field set to 'cascade' and you are about to create a backfill with scheduleStartTime ${formatDateTime(startMs)}. This can result in rapid creation of pipeline objects in case of failures.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Parameters and removed objects

function validateParameters(ctx: Context, errors: MessageGroups, warnings: MessageGroups): void {
  const seen = new Set<string>();
  ctx.parameterObjects.forEach((parameter, index) => {
    const id = typeof parameter.id === "string" ? parameter.id : "";
    const add = (message: string) => errors.add(id, message);
    if (seen.has(id)) add(`INVALID_FIELD: duplicate parameter id '${id}'.`);
    seen.add(id);
    if (!isParameterLikeId(id))
      add(`INVALID_FIELD: parameter id '${id}' must start with 'my' (or '*my' for an encrypted value).`);
    if (index === DEFINITION_LIMITS.maxParameters) {
      add(
        `INVALID_OBJECT: a definition may declare at most ${DEFINITION_LIMITS.maxParameters} parameters; found ${ctx.parameterObjects.length}.`,
      );
    }
    const attributes = Array.isArray(parameter.attributes) ? parameter.attributes : [];
    const attribute = (key: string) =>
      attributes.find((a) => a.key === key && typeof a.stringValue === "string")?.stringValue;
    const type = attribute("type") ?? "String";
    if (!PARAMETER_TYPES.includes(type)) {
      add(
        `INVALID_FIELD_VALUE: parameter type must be String, Integer, Double or AWS::S3::ObjectKey; got '${abbreviate(type)}'.`,
      );
    }
    const allowed = attributes
      .filter((a) => a.key === "allowedValues" && typeof a.stringValue === "string")
      .map((a) => a.stringValue);
    const defaultValue = attribute("default");
    const values = ctx.valuesById.get(id) ?? [];
    const candidates: { label: string; value: string }[] = [
      ...values.map((value) => ({ label: "value", value })),
      ...(defaultValue === undefined ? [] : [{ label: "default", value: defaultValue }]),
    ];
    for (const { label, value } of candidates) {
      if (type === "Integer" && !/^[+-]?\d+$/.test(value.trim())) {
        add(`INVALID_FIELD_VALUE: ${label} '${abbreviate(value)}' of parameter '${id}' is not a valid Integer.`);
      } else if (type === "Double" && !isDouble(value)) {
        add(`INVALID_FIELD_VALUE: ${label} '${abbreviate(value)}' of parameter '${id}' is not a valid Double.`);
      }
      if (allowed.length > 0 && !allowed.includes(value)) {
        add(
          `INVALID_FIELD_VALUE: ${label} '${abbreviate(value)}' of parameter '${id}' is not one of the allowed values: ${allowed.map(abbreviate).join(", ")}.`,
        );
      }
    }
    const isOptional = (attribute("optional") ?? "").toLowerCase() === "true";
    if (!isOptional && values.length === 0 && defaultValue === undefined) {
      add(`MISSING_REQUIRED_FIELD: parameter '${id}' needs a value or a default, or "optional": "true".`);
    }
  });

  for (const id of ctx.valuesById.keys()) {
    if (!ctx.parameterById.has(id) && !isParameterLikeId(id)) {
      errors.add(id, `INVALID_FIELD: parameter id '${id}' must start with 'my' (or '*my' for an encrypted value).`);
    }
  }

  const declared = [
    ...ctx.parameterById.keys(),
    ...[...ctx.valuesById.keys()].filter((id) => !ctx.parameterById.has(id)),
  ];
  for (const id of declared) {
    if (!ctx.referencedParameters.has(id)) warnings.add(id, `Parameter '${id}' is not used by any object.`);
  }
}

function validateRemovedObjects(ctx: Context, errors: MessageGroups): void {
  if (ctx.activeById === undefined) return;
  for (const id of ctx.activeById.keys()) {
    if (!ctx.firstIndexById.has(id)) {
      errors.add(id, `INVALID_OBJECT: object '${id}' cannot be removed after the pipeline has been activated.`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Messages grouped by id, ids in first-seen order, each message once. */
class MessageGroups {
  private readonly byId = new Map<string, string[]>();

  add(id: string, message: string): void {
    const list = this.byId.get(id);
    if (list === undefined) this.byId.set(id, [message]);
    else if (!list.includes(message)) list.push(message);
  }

  entries(): [string, string[]][] {
    return [...this.byId.entries()];
  }
}

const encoder = new TextEncoder();

function utf8Length(text: string): number {
  return typeof text === "string" ? encoder.encode(text).length : 0;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

function getValue(field: Field): string | undefined {
  if (typeof field.stringValue === "string") return field.stringValue;
  if (typeof field.refValue === "string") return field.refValue;
  return undefined;
}

function getOwnString(fields: readonly Field[], key: string): string | undefined {
  for (const field of fields) {
    if (field.key === key && typeof field.stringValue === "string") return field.stringValue;
  }
  return undefined;
}

function getOwnStrings(fields: readonly Field[], key: string): string[] {
  return fields.filter((f) => f.key === key && typeof f.stringValue === "string").map((f) => f.stringValue ?? "");
}

function getEffectiveString(fields: readonly Field[], key: string): string | undefined {
  const field = fields.find((f) => f.key === key);
  return typeof field?.stringValue === "string" ? field.stringValue : undefined;
}

function getEffectiveRef(fields: readonly Field[], key: string): string | undefined {
  const field = fields.find((f) => f.key === key);
  return isNonEmptyString(field?.refValue) ? field.refValue : undefined;
}

function hasEffective(fields: readonly Field[], key: string): boolean {
  return getEffectiveValue(fields, key) !== undefined;
}

function hasWorkerRoute(fields: readonly Field[]): boolean {
  return getEffectiveValues(fields, "runsOn").length > 0 || getEffectiveValues(fields, "workerGroup").length > 0;
}

function groupRefs(fields: readonly Field[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const field of fields) {
    if (typeof field.refValue === "string" && typeof field.key === "string")
      pushToMap(byKey, field.key, field.refValue);
  }
  for (const list of byKey.values()) list.sort();
  return byKey;
}

function pushToMap(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function substitute(ctx: Context, raw: string, effective: readonly Field[]): SubstitutionResult {
  return substituteParameters(raw, (parameterId) => {
    // A field of the object with that name wins over a parameter; its value is not a parameter's.
    if (effective.some((f) => f.key === parameterId)) return undefined;
    const values = ctx.valuesById.get(parameterId);
    if (values !== undefined && values.length > 0) return values[0];
    const parameter = ctx.parameterById.get(parameterId);
    const attributes = Array.isArray(parameter?.attributes) ? parameter.attributes : [];
    return attributes.find((a) => a.key === "default" && typeof a.stringValue === "string")?.stringValue;
  });
}

function literalLower(ctx: Context, raw: string, effective: readonly Field[]): string | undefined {
  const resolved = substitute(ctx, raw, effective);
  return resolved.kind === "literal" ? resolved.text.toLowerCase() : undefined;
}

/** The object's scheduleType in lower case; "unknown" when it is an expression we cannot resolve. */
function getScheduleType(ctx: Context, effective: readonly Field[]): string | undefined {
  const raw = getEffectiveString(effective, "scheduleType");
  if (raw === undefined) return undefined;
  return literalLower(ctx, raw, effective) ?? "unknown";
}

function isIntegerInRange(text: string, min: number, max: number): boolean {
  if (!/^[+-]?\d+$/.test(text.trim())) return false;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max;
}

function isDouble(text: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) && Number.isFinite(Number(text));
}

function abbreviate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function listIds(ids: readonly string[]): string {
  const shown = ids
    .slice(0, 3)
    .map((id) => `'${id}'`)
    .join(", ");
  return ids.length > 3 ? `${shown} and ${ids.length - 3} more` : shown;
}
