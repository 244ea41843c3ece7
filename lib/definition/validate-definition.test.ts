import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Field, ParameterObject, ParameterValue, PipelineObject } from "@/lib/protocol/types";
import { buildMultiStepDefinition, buildSayHelloDefinition } from "@/lib/definition/fixtures";
import {
  validateDefinition,
  type DefinitionValidation,
  type ValidateDefinitionOptions,
} from "@/lib/definition/validate-definition";

type SpecValue = string | { ref: string };
type Spec = Record<string, SpecValue | SpecValue[]>;

/** Builds an object from `{key: "v" | {ref} | [..]}` keeping key order (no sorting, unlike the CLI). */
function o(id: string, spec: Spec = {}): PipelineObject {
  const fields: Field[] = [];
  for (const [key, value] of Object.entries(spec)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      fields.push(typeof item === "string" ? { key, stringValue: item } : { key, refValue: item.ref });
    }
  }
  return { id, name: id, fields };
}
const ref = (id: string) => ({ ref: id });

const NOW = Date.UTC(2030, 0, 1);

function validate(
  objects: PipelineObject[],
  parameters: { parameterObjects?: ParameterObject[]; parameterValues?: ParameterValue[] } = {},
  opts: ValidateDefinitionOptions = {},
): DefinitionValidation {
  return validateDefinition({ objects, ...parameters }, { now: NOW, ...opts });
}

function errorsOf(result: DefinitionValidation, id: string): string[] {
  return result.errors.find((e) => e.id === id)?.errors ?? [];
}
function warningsOf(result: DefinitionValidation, id: string): string[] {
  return result.warnings.find((w) => w.id === id)?.warnings ?? [];
}
function allErrors(result: DefinitionValidation): string[] {
  return result.errors.flatMap((e) => e.errors ?? []);
}

// A valid scheduled pipeline to break one rule at a time.
function scheduled(extra: PipelineObject[] = [], activity: Spec = {}, schedule: Spec = {}): PipelineObject[] {
  return [
    o("Default", { workerGroup: "wg", schedule: ref("Hourly") }),
    o("Hourly", { type: "Schedule", period: "1 hour", startDateTime: "2029-01-01T00:00:00", ...schedule }),
    o("Act", { type: "ShellCommandActivity", command: "echo hi", ...activity }),
    ...extra,
  ];
}

// A valid on-demand pipeline.
function ondemand(extra: PipelineObject[] = [], activity: Spec = {}, defaults: Spec = {}): PipelineObject[] {
  return [
    o("Default", { workerGroup: "wg", scheduleType: "ondemand", ...defaults }),
    o("Act", { type: "ShellCommandActivity", command: "echo hi", ...activity }),
    ...extra,
  ];
}

function expectClean(result: DefinitionValidation): void {
  expect(result.fatal).toEqual([]);
  expect(result.errors).toEqual([]);
}

describe("valid definitions", () => {
  it("accepts AWS's example definition without errors or warnings", () => {
    const result = validateDefinition(buildSayHelloDefinition());
    expect(result).toEqual({ fatal: [], errors: [], warnings: [] });
  });

  it("accepts the multi-step fixture without errors or warnings", () => {
    expect(validateDefinition(buildMultiStepDefinition())).toEqual({ fatal: [], errors: [], warnings: [] });
  });

  it("accepts the base pipelines used below", () => {
    expectClean(validate(scheduled()));
    expectClean(validate(ondemand()));
  });

  it("accepts the guide's 'Schedule from Parent reference' example (a parent template without type)", () => {
    const result = validate([
      o("Default", {
        failureAndRerunMode: "cascade",
        role: "R",
        resourceRole: "RR",
        pipelineLogUri: "s3://logs",
        scheduleType: "cron",
      }),
      o("parent1", { schedule: ref("DefaultSchedule") }),
      o("DefaultSchedule", {
        type: "Schedule",
        occurrences: "1",
        period: "1 Day",
        startAt: "FIRST_ACTIVATION_DATE_TIME",
      }),
      o("A_Fresh_NewEC2Instance", { type: "Ec2Resource", terminateAfter: "1 Hour", parent: ref("parent1") }),
      o("ShellCommandActivity_HelloWorld", {
        runsOn: ref("A_Fresh_NewEC2Instance"),
        parent: ref("parent1"),
        type: "ShellCommandActivity",
        command: "echo 'Hello World!'",
      }),
    ]);
    expectClean(result);
  });
});

describe("fatal problems", () => {
  it("rejects an object without id or name", () => {
    const result = validate([
      { id: "", name: "", fields: [] },
      { id: "A", name: "", fields: [] },
    ]);
    expect(result.fatal).toEqual([
      "Object at index 0 has no id.",
      "Object at index 0 has no name.",
      "Object 'A' has no name.",
    ]);
  });

  it('rejects an empty string field (AWS\'s workerGroup = "" example) and an empty reference', () => {
    const result = validate(scheduled([o("X", { type: "Exists", workerGroup: "" })], { runsOn: ref("") }));
    expect(result.fatal).toEqual([
      "Object 'Act' field 'runsOn' has an empty reference.",
      "Object 'X' field 'workerGroup' has an empty value.",
    ]);
  });

  it("rejects a field with neither or both values", () => {
    const result = validate([
      { id: "A", name: "A", fields: [{ key: "myA" }, { key: "myB", stringValue: "x", refValue: "A" }] },
    ]);
    expect(result.fatal).toEqual([
      "Object 'A' field 'myA' has neither a stringValue nor a refValue.",
      "Object 'A' field 'myB' has both a stringValue and a refValue; a field holds one or the other.",
    ]);
  });

  it("rejects more than 100 objects", () => {
    const many = Array.from({ length: 99 }, (_, i) => o(`Extra${i}`, { type: "Exists" }));
    expect(validate(scheduled(many)).fatal).toEqual([
      "The definition has 102 objects; a pipeline may have at most 100.",
    ]);
    expect(validate(scheduled(many.slice(2))).fatal).toEqual([]);
  });

  it("rejects any definition for a FINISHED pipeline", () => {
    expect(validate(scheduled(), {}, { pipelineState: "FINISHED" }).fatal).toEqual([
      "The pipeline is FINISHED; its definition can no longer be changed.",
    ]);
    expect(validate(scheduled(), {}, { pipelineState: "SCHEDULED" }).fatal).toEqual([]);
  });
});

describe("references and objects", () => {
  it("reports a reference to a missing object, including parent", () => {
    const result = validate(scheduled([], { onFail: ref("Nope"), parent: ref("Ghost") }));
    expect(errorsOf(result, "Act")).toEqual([
      "INVALID_FIELD_VALUE: 'onFail' refers to 'Nope', which is not an object in this pipeline.",
      "INVALID_FIELD_VALUE: 'parent' refers to 'Ghost', which is not an object in this pipeline.",
    ]);
  });

  it("reports parent cycles on each member of the cycle", () => {
    const result = validate(
      scheduled([
        o("A", { parent: ref("B") }),
        o("B", { parent: ref("A") }),
        o("C", { type: "Exists", parent: ref("A") }),
      ]),
    );
    expect(errorsOf(result, "A")).toEqual(["INVALID_FIELD_VALUE: 'parent' forms a cycle: A -> B -> A."]);
    expect(errorsOf(result, "B")).toEqual(["INVALID_FIELD_VALUE: 'parent' forms a cycle: B -> A -> B."]);
    expect(errorsOf(result, "C")).toEqual([]);
  });

  it("reports duplicate object ids on the later copies", () => {
    const result = validate(scheduled([o("Act", { type: "ShellCommandActivity", command: "echo again" })]));
    expect(errorsOf(result, "Act")).toEqual([
      "INVALID_OBJECT: duplicate object id 'Act'; object ids must be unique within a pipeline.",
    ]);
  });

  it("requires type on objects other than Default and parent templates", () => {
    const result = validate(scheduled([o("Loose", { myNote: "x" })]));
    expect(errorsOf(result, "Loose")).toEqual([
      "MISSING_REQUIRED_FIELD: 'type' is required on every object except Default.",
    ]);
    expect(errorsOf(result, "Default")).toEqual([]);
  });

  it("does not count a type inherited from Default", () => {
    const result = validate([o("Default", { type: "Default", workerGroup: "wg" }), o("Loose", { myNote: "x" })]);
    expect(errorsOf(result, "Loose")).toContain(
      "MISSING_REQUIRED_FIELD: 'type' is required on every object except Default.",
    );
  });

  it("checks that references point at the right kind of object when the target type is known", () => {
    const result = validate(
      scheduled(
        [
          o("Other", { type: "ShellCommandActivity", command: "x", schedule: ref("Act") }),
          o("Custom", { type: "MyOwnType" }),
        ],
        { precondition: ref("Hourly"), dependsOn: ref("Hourly"), input: ref("Custom") },
      ),
    );
    expect(errorsOf(result, "Act")).toEqual([
      "INVALID_FIELD_VALUE: 'precondition' must refer to a precondition; 'Hourly' is a Schedule.",
      "INVALID_FIELD_VALUE: 'dependsOn' must refer to an activity; 'Hourly' is a Schedule.",
    ]);
    expect(errorsOf(result, "Other")).toEqual([
      "INVALID_FIELD_VALUE: 'schedule' must refer to a Schedule object; 'Act' is a ShellCommandActivity.",
    ]);
  });

  it("checks runsOn and action references", () => {
    const result = validate(
      scheduled([o("Alarm", { type: "SnsAlarm", topicArn: "t", subject: "s", message: "m" })], {
        runsOn: ref("Alarm"),
        onSuccess: ref("Alarm"),
      }),
    );
    expect(errorsOf(result, "Act")).toEqual([
      "INVALID_FIELD_VALUE: 'runsOn' must refer to a resource (Ec2Resource, EmrCluster); 'Alarm' is a SnsAlarm.",
    ]);
    expect(warningsOf(result, "Act")).toEqual(["'workerGroup' is ignored because 'runsOn' is set."]);
  });

  it("requires reference fields to be references and string fields to be strings", () => {
    const result = validate(scheduled([], { schedule: "Hourly", command: ref("Hourly") }));
    expect(errorsOf(result, "Act")).toEqual([
      "INVALID_FIELD_VALUE: 'command' must be a string value, not a reference.",
      'INVALID_FIELD_VALUE: \'schedule\' must be a reference to another object ({"ref": "<id>"}), not a string.',
    ]);
  });

  it("rejects a repeated single-valued field once", () => {
    const result = validate(scheduled([], { workerGroup: ["a", "b", "c"] }));
    expect(errorsOf(result, "Act")).toEqual(["INVALID_FIELD: 'workerGroup' may appear only once."]);
  });
});

describe("field names", () => {
  it("rejects @ fields as read-only", () => {
    const result = validate(scheduled([], { "@status": "FINISHED" }));
    expect(errorsOf(result, "Act")).toEqual(["INVALID_FIELD: '@status' is a read-only field set by the service."]);
  });

  it("accepts known fields and my-prefixed user fields, rejects others on known types", () => {
    const result = validate(
      scheduled([], { myField: "1", my_other: "2", "*myPassword": "3", stage: "true", myfield: "4", colour: "red" }),
    );
    expect(errorsOf(result, "Act")).toEqual([
      "INVALID_FIELD: 'myfield' is not a field of ShellCommandActivity; user-defined field names must start with 'my' followed by an uppercase letter or '_'.",
      "INVALID_FIELD: 'colour' is not a field of ShellCommandActivity; user-defined field names must start with 'my' followed by an uppercase letter or '_'.",
    ]);
  });

  it("accepts fields of any tabulated type on Default but not unknown ones", () => {
    const result = validate(
      scheduled([]).map((obj) =>
        obj.id === "Default"
          ? o("Default", {
              workerGroup: "wg",
              schedule: ref("Hourly"),
              role: "R",
              terminateAfter: "1 hour",
              bogus: "x",
            })
          : obj,
      ),
    );
    expect(errorsOf(result, "Default")).toEqual([
      "INVALID_FIELD: 'bogus' is not a field of any object type; user-defined field names must start with 'my' followed by an uppercase letter or '_'.",
    ]);
  });

  it("accepts any non-@ field on a type it does not tabulate", () => {
    expectClean(
      validate(scheduled([o("Db", { type: "SomeFutureType", rdsInstanceId: "x", username: "u", "*password": "p" })])),
    );
  });
});

describe("limits", () => {
  it("rejects more than 50 fields", () => {
    const fields: Spec = {};
    for (let i = 0; i < 49; i++) fields[`myF${i}`] = "x";
    expect(errorsOf(validate([o("A", { type: "Exists", ...fields })]), "A")).toEqual([]);
    fields["myF49"] = "x";
    expect(errorsOf(validate([o("A", { type: "Exists", ...fields })]), "A")).toEqual([
      "INVALID_OBJECT: the object has 51 fields; the limit is 50.",
    ]);
  });

  it("measures key and value limits in UTF-8 bytes", () => {
    const longKey = `my${"K".repeat(255)}`;
    const result = validate([o("A", { type: "Exists", [longKey]: "x", myValue: "é".repeat(5121) })]);
    expect(errorsOf(result, "A")).toEqual([
      `INVALID_FIELD: field name '${longKey.slice(0, 77)}...' is 257 bytes; the limit is 256 bytes.`,
      "INVALID_FIELD_VALUE: 'myValue' value is 10242 bytes; the limit is 10240 bytes.",
    ]);
    expect(errorsOf(validate([o("A", { type: "Exists", myValue: "é".repeat(5120) })]), "A")).toEqual([]);
  });

  it("rejects objects over 15,360 bytes and ids over 256 bytes", () => {
    const result = validate([o("A", { type: "Exists", myA: "x".repeat(8000), myB: "y".repeat(8000) })]);
    expect(errorsOf(result, "A")).toEqual([
      "INVALID_OBJECT: the object's field names and values total 16016 bytes; the limit is 15360 bytes.",
    ]);
    const longId = "I".repeat(257);
    expect(errorsOf(validate([o(longId, { type: "Exists" })]), longId)).toEqual([
      "INVALID_OBJECT: the object id is 257 bytes; the limit is 256 bytes.",
    ]);
  });
});

describe("Schedule", () => {
  const scheduleErrors = (spec: Spec, extra: PipelineObject[] = []) =>
    errorsOf(
      validate(
        scheduled(extra, {}, {}).map((obj) => (obj.id === "Hourly" ? o("Hourly", { type: "Schedule", ...spec }) : obj)),
      ),
      "Hourly",
    );

  it("requires a period", () => {
    expect(scheduleErrors({ startDateTime: "2029-01-01T00:00:00" })).toEqual([
      "MISSING_REQUIRED_FIELD: 'period' is required on a Schedule.",
    ]);
  });

  it("requires a parseable period between 15 minutes and 3 years", () => {
    const start = { startDateTime: "2029-01-01T00:00:00" };
    expect(scheduleErrors({ ...start, period: "hourly" })).toEqual([
      "INVALID_FIELD_VALUE: 'period' must be a literal period such as '1 hour' (N minutes|hours|days|weeks|months|years); got 'hourly'.",
    ]);
    expect(scheduleErrors({ ...start, period: "14 minutes" })).toEqual([
      "INVALID_FIELD_VALUE: 'period' must be between 15 minutes and 3 years; got '14 minutes'.",
    ]);
    expect(scheduleErrors({ ...start, period: "37 months" })).toEqual([
      "INVALID_FIELD_VALUE: 'period' must be between 15 minutes and 3 years; got '37 months'.",
    ]);
    for (const ok of ["15 Minutes", "1 hours", "1 Day", "2 weeks", "1 month", "3 years"]) {
      expect(scheduleErrors({ ...start, period: ok })).toEqual([]);
    }
  });

  it("requires exactly one of startDateTime and startAt", () => {
    expect(scheduleErrors({ period: "1 hour" })).toEqual([
      "MISSING_REQUIRED_FIELD: a Schedule needs one of 'startDateTime' or 'startAt'.",
    ]);
    expect(
      scheduleErrors({ period: "1 hour", startDateTime: "2029-01-01T00:00:00", startAt: "FIRST_ACTIVATION_DATE_TIME" }),
    ).toEqual(["INVALID_FIELD: a Schedule takes 'startDateTime' or 'startAt', not both."]);
  });

  it("requires startDateTime to be a literal datetime (AWS's message)", () => {
    for (const bad of ["#{format(@scheduledStartTime,'YYYY')}", "2029-01-01 00:00:00", "2029-02-30T00:00:00"]) {
      expect(scheduleErrors({ period: "1 hour", startDateTime: bad })).toEqual([
        "INVALID_FIELD_VALUE: 'startDateTime' value must be a literal datetime value.",
      ]);
    }
  });

  it("accepts only the known startAt values", () => {
    expect(scheduleErrors({ period: "1 hour", startAt: "FIRST_ACTIVATION_DATE_TIME" })).toEqual([]);
    expect(scheduleErrors({ period: "1 hour", startAt: "NOW" })).toEqual([
      "INVALID_FIELD_VALUE: 'startAt' must be FIRST_ACTIVATION_DATE_TIME or ONDEMAND_ACTIVATION_TIME; got 'NOW'.",
    ]);
  });

  it("requires endDateTime to be literal and after the start", () => {
    const base = { period: "1 hour", startDateTime: "2029-01-01T00:00:00" };
    expect(scheduleErrors({ ...base, endDateTime: "2029-01-02T00:00:00" })).toEqual([]);
    expect(scheduleErrors({ ...base, endDateTime: "2029-01-01T00:00:00" })).toEqual([
      "INVALID_FIELD_VALUE: 'endDateTime' must be later than 'startDateTime'.",
    ]);
    expect(scheduleErrors({ ...base, endDateTime: "tomorrow" })).toEqual([
      "INVALID_FIELD_VALUE: 'endDateTime' value must be a literal datetime value.",
    ]);
  });

  it("forbids endDateTime together with occurrences, and requires positive occurrences", () => {
    const base = { period: "1 hour", startDateTime: "2029-01-01T00:00:00" };
    expect(scheduleErrors({ ...base, endDateTime: "2029-01-02T00:00:00", occurrences: "3" })).toEqual([
      "INVALID_FIELD: a Schedule takes 'endDateTime' or 'occurrences', not both.",
    ]);
    expect(scheduleErrors({ ...base, occurrences: "3" })).toEqual([]);
    for (const bad of ["0", "-2", "two", "1.5"]) {
      expect(scheduleErrors({ ...base, occurrences: bad })).toEqual([
        `INVALID_FIELD_VALUE: 'occurrences' must be a positive integer; got '${bad}'.`,
      ]);
    }
  });

  it("reads schedule fields through parameters", () => {
    const objects = scheduled().map((obj) =>
      obj.id === "Hourly" ? o("Hourly", { type: "Schedule", period: "#{myPeriod}", startDateTime: "#{myStart}" }) : obj,
    );
    const params = (period: string) => ({
      parameterObjects: [
        { id: "myPeriod", attributes: [{ key: "default", stringValue: "1 day" }] },
        { id: "myStart", attributes: [{ key: "default", stringValue: "2029-01-01T00:00:00" }] },
      ],
      parameterValues: [{ id: "myPeriod", stringValue: period }],
    });
    expectClean(validate(objects, params("2 hours")));
    expect(errorsOf(validate(objects, params("5 minutes")), "Hourly")).toEqual([
      "INVALID_FIELD_VALUE: 'period' must be between 15 minutes and 3 years; got '5 minutes'.",
    ]);
  });

  it("pairs ONDEMAND_PERIOD with ONDEMAND_ACTIVATION_TIME", () => {
    const od = o("OnDemand", { type: "Schedule", period: "ONDEMAND_PERIOD", startAt: "ONDEMAND_ACTIVATION_TIME" });
    expectClean(validate(ondemand([od], {}, { schedule: ref("OnDemand") })));
    const bad = o("OnDemand", { type: "Schedule", period: "ONDEMAND_PERIOD", startAt: "FIRST_ACTIVATION_DATE_TIME" });
    expect(errorsOf(validate(ondemand([bad], {}, { schedule: ref("OnDemand") })), "OnDemand")).toEqual([
      "INVALID_FIELD_VALUE: period ONDEMAND_PERIOD and startAt ONDEMAND_ACTIVATION_TIME must be used together.",
    ]);
    const reversed = o("OnDemand", { type: "Schedule", period: "1 hour", startAt: "ONDEMAND_ACTIVATION_TIME" });
    expect(errorsOf(validate(ondemand([reversed])), "OnDemand")).toEqual([
      "INVALID_FIELD_VALUE: period ONDEMAND_PERIOD and startAt ONDEMAND_ACTIVATION_TIME must be used together.",
    ]);
  });
});

describe("scheduleType", () => {
  it("accepts cron, timeseries and ondemand in any case", () => {
    expectClean(validate(scheduled([], { scheduleType: "CRON" })));
    expectClean(validate(scheduled([], { scheduleType: "TimeSeries" })));
    expect(errorsOf(validate(scheduled([], { scheduleType: "hourly" })), "Act")).toEqual([
      "INVALID_FIELD_VALUE: 'scheduleType' must be cron, timeseries or ondemand; got 'hourly'.",
    ]);
  });

  it("rejects an ondemand pipeline that uses a regular Schedule", () => {
    const result = validate(
      ondemand([o("Hourly", { type: "Schedule", period: "1 hour", startDateTime: "2029-01-01T00:00:00" })], {
        schedule: ref("Hourly"),
      }),
    );
    expect(errorsOf(result, "Hourly")).toEqual([
      "INVALID_FIELD_VALUE: ondemand objects ('Act') cannot use this Schedule; remove the schedule or give it period ONDEMAND_PERIOD and startAt ONDEMAND_ACTIVATION_TIME.",
    ]);
  });

  it("rejects an ONDEMAND_PERIOD schedule used by scheduled objects", () => {
    const od = o("OnDemand", { type: "Schedule", period: "ONDEMAND_PERIOD", startAt: "ONDEMAND_ACTIVATION_TIME" });
    const result = validate([
      o("Default", { workerGroup: "wg", schedule: ref("OnDemand") }),
      od,
      o("Act", { type: "ShellCommandActivity", command: "x" }),
    ]);
    expect(errorsOf(result, "OnDemand")).toEqual([
      "INVALID_FIELD_VALUE: an ONDEMAND_PERIOD Schedule can only be used when scheduleType is ondemand; used by 'Act'.",
    ]);
  });

  it("requires ondemand on Default and as the only scheduleType", () => {
    const onObject = validate(scheduled([], { scheduleType: "ondemand" }));
    expect(errorsOf(onObject, "Act")).toContain(
      "INVALID_FIELD_VALUE: scheduleType ondemand must be set on the Default object, not on individual objects.",
    );
    const mixed = validate(
      ondemand([], { scheduleType: "cron", schedule: ref("Hourly") }).concat(
        o("Hourly", { type: "Schedule", period: "1 hour", startDateTime: "2029-01-01T00:00:00" }),
      ),
    );
    expect(errorsOf(mixed, "Act")).toEqual([
      "INVALID_FIELD_VALUE: scheduleType 'cron' cannot be mixed with scheduleType ondemand set on Default.",
    ]);
  });

  it("requires a schedule on scheduled activities, data nodes and resources", () => {
    const result = validate([
      o("Default", { workerGroup: "wg" }),
      o("Act", { type: "ShellCommandActivity", command: "x" }),
      o("Node", { type: "S3DataNode", filePath: "s3://b/k" }),
      o("Pre", { type: "Exists" }),
    ]);
    expect(errorsOf(result, "Act")).toEqual([
      "MISSING_REQUIRED_FIELD: 'schedule' is required unless scheduleType is ondemand.",
    ]);
    expect(errorsOf(result, "Node")).toEqual([
      "MISSING_REQUIRED_FIELD: 'schedule' is required unless scheduleType is ondemand.",
    ]);
    expect(errorsOf(result, "Pre")).toEqual([]);
  });
});

describe("ShellCommandActivity and ShellCommandPrecondition", () => {
  it("requires exactly one of command and scriptUri after inheritance", () => {
    const none = validate(scheduled([], { command: [] }));
    expect(errorsOf(none, "Act")).toEqual(["MISSING_REQUIRED_FIELD: one of 'command' or 'scriptUri' is required."]);
    const both = validate(scheduled([], { scriptUri: "s3://b/run.sh" }));
    expect(errorsOf(both, "Act")).toEqual(["INVALID_FIELD: 'command' and 'scriptUri' cannot both be set."]);
    const inherited = validate(
      scheduled([
        o("Tpl", { command: "echo from template" }),
        o("Act2", { type: "ShellCommandActivity", parent: ref("Tpl") }),
      ]),
    );
    expectClean(inherited);
  });

  it("passes scriptArgument to a command or to a script (AWS's samples read it as $1)", () => {
    expectClean(validate(scheduled([], { scriptArgument: ["a", "b"] })));
    expectClean(validate(scheduled([], { command: [], scriptUri: "s3://b/run.sh", scriptArgument: "a" })));
  });

  it("requires runsOn or workerGroup after inheritance", () => {
    const objects = [
      o("Default", { schedule: ref("Hourly") }),
      o("Hourly", { type: "Schedule", period: "1 hour", startDateTime: "2029-01-01T00:00:00" }),
      o("Act", { type: "ShellCommandActivity", command: "x" }),
    ];
    expect(errorsOf(validate(objects), "Act")).toEqual([
      "MISSING_REQUIRED_FIELD: one of 'runsOn' or 'workerGroup' is required.",
    ]);
    const withResource = [
      ...objects.slice(0, 2),
      o("Act", { type: "ShellCommandActivity", command: "x", runsOn: ref("Ec2") }),
      o("Ec2", { type: "Ec2Resource", role: "R", resourceRole: "RR" }),
    ];
    expectClean(validate(withResource));
  });

  it("lets a precondition take its worker group from the objects that use it", () => {
    const base = [
      o("Default", { schedule: ref("Hourly") }),
      o("Hourly", { type: "Schedule", period: "1 hour", startDateTime: "2029-01-01T00:00:00" }),
      o("Pre", { type: "ShellCommandPrecondition", command: "test -f x" }),
    ];
    const used = validate([
      ...base,
      o("Act", { type: "ShellCommandActivity", command: "x", workerGroup: "wg", precondition: ref("Pre") }),
    ]);
    expectClean(used);
    const unused = validate([...base, o("Act", { type: "ShellCommandActivity", command: "x", workerGroup: "wg" })]);
    expect(errorsOf(unused, "Pre")).toEqual(["MISSING_REQUIRED_FIELD: one of 'runsOn' or 'workerGroup' is required."]);
  });

  it("warns that workerGroup is ignored when runsOn is set", () => {
    const result = validate(
      scheduled([o("Ec2", { type: "Ec2Resource", role: "R", resourceRole: "RR" })], { runsOn: ref("Ec2") }),
    );
    expectClean(result);
    expect(warningsOf(result, "Act")).toEqual(["'workerGroup' is ignored because 'runsOn' is set."]);
  });
});

describe("numeric, period and enumeration fields", () => {
  it("bounds maximumRetries to 0..5 and maxActiveInstances to 1..5", () => {
    expectClean(validate(scheduled([], { maximumRetries: "0", maxActiveInstances: "5" })));
    const result = validate(scheduled([], { maximumRetries: "6", maxActiveInstances: "0" }));
    expect(errorsOf(result, "Act")).toEqual([
      "INVALID_FIELD_VALUE: 'maximumRetries' must be an integer from 0 to 5; got '6'.",
      "INVALID_FIELD_VALUE: 'maxActiveInstances' must be an integer from 1 to 5; got '0'.",
    ]);
    expect(errorsOf(validate(scheduled([], { maximumRetries: "three" })), "Act")).toHaveLength(1);
  });

  it("checks values where they are declared, including on Default", () => {
    const result = validate(ondemand([], {}, { maximumRetries: "-1" }));
    expect(errorsOf(result, "Default")).toEqual([
      "INVALID_FIELD_VALUE: 'maximumRetries' must be an integer from 0 to 5; got '-1'.",
    ]);
    expect(errorsOf(result, "Act")).toEqual([]);
  });

  it("requires period-valued fields to parse", () => {
    for (const key of ["retryDelay", "attemptTimeout", "reportProgressTimeout", "lateAfterTimeout"]) {
      expect(errorsOf(validate(scheduled([], { [key]: "soon" })), "Act")).toEqual([
        `INVALID_FIELD_VALUE: '${key}' must be a period such as '10 minutes'; got 'soon'.`,
      ]);
    }
    expect(
      errorsOf(validate(scheduled([o("P", { type: "Exists", preconditionTimeout: "1 fortnight" })])), "P"),
    ).toHaveLength(1);
    expectClean(
      validate(scheduled([], { retryDelay: "10 Minutes", attemptTimeout: "#{myTimeout}", myTimeout: "1 hour" })),
    );
  });

  it("accepts failureAndRerunMode none or cascade in any case", () => {
    expectClean(validate(scheduled([], { failureAndRerunMode: "NONE" })));
    expect(errorsOf(validate(scheduled([], { failureAndRerunMode: "sometimes" })), "Act")).toEqual([
      "INVALID_FIELD_VALUE: 'failureAndRerunMode' must be none or cascade; got 'sometimes'.",
    ]);
  });
});

describe("parameters", () => {
  const withParam = (
    command: string,
    parameterObjects: ParameterObject[] = [],
    parameterValues: ParameterValue[] = [],
  ) => validate(scheduled([], { command }), { parameterObjects, parameterValues });
  const p = (id: string, attributes: Record<string, string | string[]> = {}): ParameterObject => ({
    id,
    attributes: Object.entries(attributes).flatMap(([key, v]) =>
      (Array.isArray(v) ? v : [v]).map((stringValue) => ({ key, stringValue })),
    ),
  });

  it("reports #{myX} without a parameter object or value", () => {
    const result = withParam("echo #{myMissing} #{format(myAlso, 'x')} #{node.myNot} '#{myGreeting}'");
    expect(errorsOf(result, "Act")).toEqual([
      "INVALID_FIELD_VALUE: 'command' uses '#{myMissing}', but there is no parameter object or value for 'myMissing'.",
      "INVALID_FIELD_VALUE: 'command' uses '#{myAlso}', but there is no parameter object or value for 'myAlso'.",
      "INVALID_FIELD_VALUE: 'command' uses '#{myGreeting}', but there is no parameter object or value for 'myGreeting'.",
    ]);
  });

  it("accepts #{myX} backed by a parameter object, a value, or a field of the object", () => {
    expectClean(withParam("echo #{myA}", [p("myA", { default: "a" })]));
    expectClean(withParam("echo #{myB}", [], [{ id: "myB", stringValue: "b" }]));
    expectClean(validate(scheduled([], { command: "echo #{myField}", myField: "f" })));
    expectClean(
      validate(scheduled([o("Tpl", { myInherited: "i" })], { command: "echo #{myInherited}", parent: ref("Tpl") })),
    );
  });

  it("requires parameter ids to start with my (or *my)", () => {
    const result = withParam("echo #{*myPassword}", [
      p("*myPassword", { default: "x" }),
      p("bucket", { default: "x" }),
    ]);
    expect(errorsOf(result, "bucket")).toEqual([
      "INVALID_FIELD: parameter id 'bucket' must start with 'my' (or '*my' for an encrypted value).",
    ]);
    expect(errorsOf(result, "*myPassword")).toEqual([]);
    const stray = withParam("echo #{myA}", [p("myA", { default: "x" })], [{ id: "bucket", stringValue: "b" }]);
    expect(errorsOf(stray, "bucket")).toEqual([
      "INVALID_FIELD: parameter id 'bucket' must start with 'my' (or '*my' for an encrypted value).",
    ]);
  });

  it("rejects duplicate parameter ids", () => {
    const result = withParam("echo #{myA}", [p("myA", { default: "x" }), p("myA", { default: "y" })]);
    expect(errorsOf(result, "myA")).toEqual(["INVALID_FIELD: duplicate parameter id 'myA'."]);
  });

  it("allows at most 50 parameters", () => {
    const params = Array.from({ length: 51 }, (_, i) => p(`myP${i}`, { optional: "true" }));
    const result = withParam(`echo ${params.map((x) => `#{${x.id}}`).join(" ")}`, params);
    expect(allErrors(result)).toEqual(["INVALID_OBJECT: a definition may declare at most 50 parameters; found 51."]);
    expect(errorsOf(result, "myP50")).toHaveLength(1);
  });

  it("accepts only the documented parameter types", () => {
    const result = withParam("echo #{myA}", [p("myA", { type: "Boolean", default: "true" })]);
    expect(errorsOf(result, "myA")).toEqual([
      "INVALID_FIELD_VALUE: parameter type must be String, Integer, Double or AWS::S3::ObjectKey; got 'Boolean'.",
    ]);
    expectClean(withParam("echo #{myA}", [p("myA", { type: "AWS::S3::ObjectKey", default: "s3://b/k" })]));
  });

  it("checks values and defaults against allowedValues", () => {
    const param = p("myColour", { allowedValues: ["red", "green"], default: "red" });
    expectClean(withParam("echo #{myColour}", [param], [{ id: "myColour", stringValue: "green" }]));
    const result = withParam("echo #{myColour}", [param], [{ id: "myColour", stringValue: "blue" }]);
    expect(errorsOf(result, "myColour")).toEqual([
      "INVALID_FIELD_VALUE: value 'blue' of parameter 'myColour' is not one of the allowed values: red, green.",
    ]);
  });

  it("requires a value or default for non-optional parameters", () => {
    expect(errorsOf(withParam("echo #{myA}", [p("myA")]), "myA")).toEqual([
      'MISSING_REQUIRED_FIELD: parameter \'myA\' needs a value or a default, or "optional": "true".',
    ]);
    expectClean(withParam("echo #{myA}", [p("myA", { optional: "True" })]));
  });

  it("checks Integer and Double values", () => {
    const result = withParam(
      "echo #{myI} #{myD}",
      [p("myI", { type: "Integer", default: "1.5" }), p("myD", { type: "Double" })],
      [{ id: "myD", stringValue: "abc" }],
    );
    expect(errorsOf(result, "myI")).toEqual([
      "INVALID_FIELD_VALUE: default '1.5' of parameter 'myI' is not a valid Integer.",
    ]);
    expect(errorsOf(result, "myD")).toEqual([
      "INVALID_FIELD_VALUE: value 'abc' of parameter 'myD' is not a valid Double.",
    ]);
    expectClean(
      withParam("echo #{myI} #{myD}", [
        p("myI", { type: "Integer", default: "-3" }),
        p("myD", { type: "Double", default: "1e3" }),
      ]),
    );
  });

  it("warns about unused parameters", () => {
    const result = withParam("echo", [p("myUnused", { default: "x" })], [{ id: "myStray", stringValue: "y" }]);
    expectClean(result);
    expect(result.warnings).toEqual([
      { id: "myUnused", warnings: ["Parameter 'myUnused' is not used by any object."] },
      { id: "myStray", warnings: ["Parameter 'myStray' is not used by any object."] },
    ]);
  });
});

describe("edits after activation", () => {
  const active = scheduled([o("Node", { type: "S3DataNode", filePath: "s3://b/k" })], { output: ref("Node") });

  it("accepts an unchanged definition and changed non-reference fields", () => {
    expectClean(validate(active, {}, { activeObjects: active }));
    expectClean(
      validate(
        scheduled([o("Node", { type: "S3DataNode", filePath: "s3://b/other" })], {
          output: ref("Node"),
          command: "echo changed",
        }),
        {},
        { activeObjects: active },
      ),
    );
  });

  it("rejects removing an object", () => {
    const result = validate(scheduled([], {}), {}, { activeObjects: active });
    expect(errorsOf(result, "Node")).toEqual([
      "INVALID_OBJECT: object 'Node' cannot be removed after the pipeline has been activated.",
    ]);
  });

  it("rejects adding, removing or changing reference fields of an existing object", () => {
    const changed = validate(
      scheduled(
        [
          o("Node", { type: "S3DataNode", filePath: "s3://b/k" }),
          o("Node2", { type: "S3DataNode", filePath: "s3://b/k2" }),
        ],
        { output: ref("Node2"), input: ref("Node") },
      ),
      {},
      { activeObjects: active },
    );
    expect(errorsOf(changed, "Act")).toEqual([
      "INVALID_FIELD_VALUE: reference field 'output' of an existing object cannot be added, removed or changed after activation.",
      "INVALID_FIELD_VALUE: reference field 'input' of an existing object cannot be added, removed or changed after activation.",
    ]);
  });

  it("rejects changing a Schedule's period or start", () => {
    const result = validate(
      scheduled(
        [o("Node", { type: "S3DataNode", filePath: "s3://b/k" })],
        { output: ref("Node") },
        { period: "2 hours", startDateTime: "2029-02-01T00:00:00" },
      ),
      {},
      { activeObjects: active },
    );
    expect(errorsOf(result, "Hourly")).toEqual([
      "INVALID_FIELD_VALUE: 'period' of an existing Schedule cannot be changed after activation.",
      "INVALID_FIELD_VALUE: 'startDateTime' of an existing Schedule cannot be changed after activation.",
    ]);
  });

  it("rejects a new object writing its output to an existing object", () => {
    const result = validate(
      [...active, o("NewAct", { type: "ShellCommandActivity", command: "x", output: ref("Node"), input: ref("Node") })],
      {},
      { activeObjects: active },
    );
    expect(errorsOf(result, "NewAct")).toEqual([
      "INVALID_FIELD_VALUE: 'output' of a new object cannot refer to existing object 'Node' after activation.",
    ]);
  });
});

describe("cascade backfill warning", () => {
  it("warns with the guide's text when a cascade object backfills", () => {
    const objects = scheduled([], { failureAndRerunMode: "cascade" }, { startDateTime: "2012-12-12T00:00:00" });
    const result = validate(objects);
    expectClean(result);
    expect(warningsOf(result, "Act")).toEqual([
      "Act has 'failureAndRerunMode' field set to 'cascade' and you are about to create a backfill with scheduleStartTime 2012-12-12T00:00:00. This can result in rapid creation of pipeline objects in case of failures.",
    ]);
  });

  it("does not warn for a future start or without cascade", () => {
    expect(
      validate(scheduled([], { failureAndRerunMode: "cascade" }, { startDateTime: "2031-01-01T00:00:00" })).warnings,
    ).toEqual([]);
    expect(validate(scheduled([], {}, { startDateTime: "2012-12-12T00:00:00" })).warnings).toEqual([]);
  });
});

describe("output shape", () => {
  it("groups errors per object id in object order, then rule order", () => {
    const result = validate([
      o("Default", { workerGroup: "wg", schedule: ref("Hourly") }),
      o("Zed", { type: "ShellCommandActivity", "@status": "x" }),
      o("Hourly", { type: "Schedule", period: "1 hour" }),
      o("Alpha", { myNote: "x" }),
    ]);
    expect(result.errors).toEqual([
      {
        id: "Zed",
        errors: [
          "INVALID_FIELD: '@status' is a read-only field set by the service.",
          "MISSING_REQUIRED_FIELD: one of 'command' or 'scriptUri' is required.",
        ],
      },
      { id: "Hourly", errors: ["MISSING_REQUIRED_FIELD: a Schedule needs one of 'startDateTime' or 'startAt'."] },
      { id: "Alpha", errors: ["MISSING_REQUIRED_FIELD: 'type' is required on every object except Default."] },
    ]);
  });

  it("is deterministic", () => {
    const objects = scheduled([o("A", { parent: ref("B") }), o("B", { parent: ref("A") })], {
      bogus: "x",
      schedule: "Hourly",
    });
    expect(validate(objects)).toEqual(validate(objects));
  });
});

describe("robustness", () => {
  const ids = ["Default", "A", "B", "Sched", "Act", ""];
  const keys = [
    "type",
    "parent",
    "schedule",
    "period",
    "startDateTime",
    "startAt",
    "endDateTime",
    "occurrences",
    "command",
    "scriptUri",
    "scriptArgument",
    "runsOn",
    "workerGroup",
    "scheduleType",
    "maximumRetries",
    "maxActiveInstances",
    "retryDelay",
    "failureAndRerunMode",
    "precondition",
    "dependsOn",
    "output",
    "@status",
    "myX",
    "*myY",
    "__proto__",
    "constructor",
    "",
  ];
  const valueArb = fc.oneof(
    fc.string(),
    fc.constantFrom(
      "Schedule",
      "ShellCommandActivity",
      "ShellCommandPrecondition",
      "Exists",
      "1 hour",
      "ONDEMAND_PERIOD",
      "ONDEMAND_ACTIVATION_TIME",
      "2012-01-01T00:00:00",
      "ondemand",
      "cascade",
      "#{myX}",
      "#{*myY}",
      "#{",
      "3",
    ),
  );
  const fieldArb = fc.record(
    {
      key: fc.oneof(fc.constantFrom(...keys), fc.string()),
      stringValue: valueArb,
      refValue: fc.oneof(fc.constantFrom(...ids), fc.string()),
    },
    { requiredKeys: ["key"] },
  );
  const objectArb = fc.record({
    id: fc.oneof(fc.constantFrom(...ids), fc.string()),
    name: fc.string(),
    fields: fc.array(fieldArb, { maxLength: 8 }),
  });
  const parameterArb = fc.record({
    id: fc.oneof(fc.constantFrom("myX", "*myY", "bad"), fc.string()),
    attributes: fc.array(
      fc.record({
        key: fc.constantFrom("type", "default", "allowedValues", "optional", "isArray", "x"),
        stringValue: valueArb,
      }),
      { maxLength: 4 },
    ),
  });
  const valueEntryArb = fc.record({ id: fc.constantFrom("myX", "*myY", "other"), stringValue: valueArb });

  it("never throws on arbitrary objects, fields and parameters", () => {
    fc.assert(
      fc.property(
        fc.array(objectArb, { maxLength: 8 }),
        fc.array(parameterArb, { maxLength: 3 }),
        fc.array(valueEntryArb, { maxLength: 3 }),
        fc.option(fc.array(objectArb, { maxLength: 4 }), { nil: undefined }),
        fc.constantFrom(undefined, "FINISHED", "SCHEDULED"),
        (objects, parameterObjects, parameterValues, activeObjects, pipelineState) => {
          const result = validateDefinition(
            { objects, parameterObjects, parameterValues },
            { activeObjects, pipelineState, now: NOW },
          );
          expect(Array.isArray(result.fatal)).toBe(true);
          for (const group of result.errors) expect(group.errors?.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
