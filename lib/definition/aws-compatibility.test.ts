// Definitions shaped like the ones users bring from AWS: every field the Developer Guide's object
// reference lists for a type validates on that type, the patterns AWS's own pages and samples rely
// on validate clean, and parameter references work in every field the validator reads.
import { describe, expect, it } from "vitest";
import type { Field, ParameterObject, ParameterValue, PipelineObject } from "@/lib/protocol/types";
import { validateDefinition, type DefinitionValidation } from "@/lib/definition/validate-definition";

type Spec = Record<string, string | { ref: string } | (string | { ref: string })[]>;

function o(id: string, spec: Spec): PipelineObject {
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
  parameterObjects: ParameterObject[] = [],
  parameterValues: ParameterValue[] = [],
): DefinitionValidation {
  return validateDefinition({ objects, parameterObjects, parameterValues }, { now: NOW });
}
const errorsOf = (r: DefinitionValidation, id: string) => r.errors.find((e) => e.id === id)?.errors ?? [];
function expectClean(r: DefinitionValidation): void {
  expect(r.fatal).toEqual([]);
  expect(r.errors).toEqual([]);
}

// The non-runtime fields of each type's table in the Developer Guide's object reference
// ("Pipeline Object Reference"), written out here so the validator's tables are checked against them.
const REFERENCE_FIELDS: Record<string, string> = {
  Schedule: "period startAt startDateTime endDateTime occurrences parent",
  ShellCommandActivity:
    "command scriptUri scriptArgument stage stderr stdout schedule scheduleType runsOn workerGroup attemptTimeout dependsOn failureAndRerunMode input output lateAfterTimeout maxActiveInstances maximumRetries onFail onLateAction onSuccess parent pipelineLogUri precondition reportProgressTimeout retryDelay",
  CopyActivity:
    "schedule scheduleType runsOn workerGroup attemptTimeout dependsOn failureAndRerunMode input output lateAfterTimeout maxActiveInstances maximumRetries onFail onLateAction onSuccess parent pipelineLogUri precondition reportProgressTimeout retryDelay",
  EmrActivity:
    "step preStepCommand postStepCommand resizeClusterBeforeRunning resizeClusterMaxInstances input output runsOn schedule dependsOn precondition",
  HadoopActivity:
    "jarUri mainClass argument hadoopQueue preActivityTaskConfig postActivityTaskConfig input output runsOn schedule",
  HiveActivity:
    "hiveScript scriptUri scriptVariable stage hadoopQueue resizeClusterBeforeRunning resizeClusterMaxInstances input output runsOn schedule",
  HiveCopyActivity: "filterSql preActivityTaskConfig postActivityTaskConfig input output runsOn schedule",
  PigActivity: "script scriptUri scriptVariable stage input output runsOn schedule",
  RedshiftCopyActivity: "insertMode commandOptions queue transformSql input output runsOn schedule",
  SqlActivity: "database script scriptUri scriptArgument queue input output runsOn schedule",
  ShellCommandPrecondition:
    "command scriptUri scriptArgument stderr stdout attemptTimeout failureAndRerunMode lateAfterTimeout maximumRetries onFail onLateAction onSuccess parent preconditionTimeout reportProgressTimeout retryDelay",
  Exists:
    "attemptTimeout failureAndRerunMode lateAfterTimeout maximumRetries onFail onLateAction onSuccess parent preconditionTimeout reportProgressTimeout retryDelay",
  S3KeyExists: "s3Key role preconditionTimeout retryDelay maximumRetries",
  S3PrefixNotEmpty: "s3Prefix role preconditionTimeout",
  DynamoDBDataExists: "tableName role preconditionTimeout",
  DynamoDBTableExists: "tableName role preconditionTimeout",
  S3DataNode:
    "compression dataFormat dependsOn directoryPath filePath manifestFilePath s3EncryptionType schedule scheduleType runsOn workerGroup maxActiveInstances precondition pipelineLogUri",
  SqlDataNode: "database table selectQuery insertQuery createTableSql schemaName schedule",
  MySqlDataNode: "database table selectQuery insertQuery createTableSql schemaName schedule",
  DynamoDBDataNode: "tableName dataFormat readThroughputPercent writeThroughputPercent region schedule",
  RedshiftDataNode: "database tableName createTableSql schemaName primaryKeys schedule",
  Ec2Resource:
    "resourceRole role actionOnResourceFailure actionOnTaskFailure associatePublicIpAddress availabilityZone httpProxy imageId initTimeout instanceCount instanceType keyPair maxActiveInstances minInstanceCount region runAsUser securityGroupIds securityGroups spotBidPrice subnetId terminateAfter useOnDemandOnLastAttempt schedule workerGroup",
  EmrCluster:
    "resourceRole role amiVersion releaseLabel applications bootstrapAction configuration coreInstanceCount coreInstanceType masterInstanceType taskInstanceCount taskInstanceType enableDebugging keyPair subnetId terminateAfter schedule",
  SnsAlarm: "message role subject topicArn",
  Terminate: "parent",
  JdbcDatabase: "connectionString databaseName jdbcDriverClass jdbcDriverJarUri jdbcProperties username *password",
  RdsDatabase: "databaseName jdbcDriverJarUri jdbcProperties rdsInstanceId region username *password",
  RedshiftDatabase: "clusterId connectionString databaseName jdbcProperties region username *password",
  CSV: "column escapeChar",
  TSV: "column columnSeparator escapeChar recordSeparator",
  Custom: "column columnSeparator recordSeparator",
  RegEx: "column inputRegEx outputFormat",
  DynamoDBDataFormat: "column",
  DynamoDBExportDataFormat: "column",
  HttpProxy: "hostname port username *password windowsDomain windowsWorkgroup s3NoProxy",
  ShellScriptConfig: "scriptUri scriptArgument",
  EmrConfiguration: "classification configuration property",
  Property: "key value",
};

// Objects every field above can point at, so reference fields resolve to the right kind.
const TARGETS: PipelineObject[] = [
  o("Default", { workerGroup: "wg", schedule: ref("Hourly") }),
  o("Hourly", { type: "Schedule", period: "1 hour", startDateTime: "2029-01-01T00:00:00" }),
  o("Ec2", { type: "Ec2Resource", role: "R", resourceRole: "RR" }),
  o("Node", { type: "S3DataNode", directoryPath: "s3://b/in" }),
  o("Node2", { type: "S3DataNode", directoryPath: "s3://b/out" }),
  o("Pre", { type: "Exists" }),
  o("Other", { type: "ShellCommandActivity", command: "true" }),
  o("Alarm", { type: "SnsAlarm", topicArn: "arn:aws:sns:us-east-1:1:t", subject: "s", message: "m", role: "R" }),
  o("Fmt", { type: "CSV" }),
  o("Proxy", { type: "HttpProxy", hostname: "proxy", port: "3128" }),
];

/** A plausible value for a field: a reference where the field is one, a period or a number where it must be. */
function valueFor(key: string): string | { ref: string } {
  const refs: Record<string, string> = {
    schedule: "Hourly",
    runsOn: "Ec2",
    input: "Node",
    output: "Node2",
    precondition: "Pre",
    dependsOn: "Other",
    onFail: "Alarm",
    onSuccess: "Alarm",
    onLateAction: "Alarm",
    dataFormat: "Fmt",
    httpProxy: "Proxy",
    parent: "Default",
  };
  if (refs[key]) return ref(refs[key]);
  if (/Timeout$|^retryDelay$|^terminateAfter$/.test(key)) return "1 hour";
  if (key === "maximumRetries" || key === "maxActiveInstances") return "2";
  if (key === "scheduleType") return "cron";
  if (key === "failureAndRerunMode") return "cascade";
  if (key === "startDateTime") return "2029-01-01T00:00:00";
  if (key === "period") return "1 day";
  return "x";
}

describe("the object reference's fields", () => {
  for (const [type, list] of Object.entries(REFERENCE_FIELDS)) {
    it(`accepts every field AWS lists for ${type}, and refuses one it does not`, () => {
      const spec: Spec = { type };
      for (const key of list.split(" ")) {
        if (type === "Schedule" && key === "startAt") continue; // startAt excludes startDateTime
        if (type === "Schedule" && key === "occurrences") continue; // occurrences excludes endDateTime
        if (type === "Schedule" && key === "endDateTime") spec[key] = "2029-02-01T00:00:00";
        else if (key === "scriptUri" && list.includes("command"))
          continue; // one of command / scriptUri
        else spec[key] = valueFor(key);
      }
      const objects = [...TARGETS, o("X", spec)];
      expect(errorsOf(validate(objects), "X")).toEqual([]);
      const typo = validate([...TARGETS, o("X", { ...spec, comand: "x" })]);
      expect(errorsOf(typo, "X")).toContain(
        `INVALID_FIELD: 'comand' is not a field of ${type}; user-defined field names must start with 'my' followed by an uppercase letter or '_'.`,
      );
    });
  }
});

describe("what AWS's pages and samples rely on", () => {
  const base = [
    o("Default", { scheduleType: "cron", schedule: ref("Daily"), role: "R", resourceRole: "RR" }),
    o("Daily", { type: "Schedule", period: "1 day", startAt: "FIRST_ACTIVATION_DATE_TIME" }),
  ];

  it("accepts logUri on an Ec2Resource (the Redshift copy tutorial's resource)", () => {
    expectClean(
      validate([
        ...base,
        o("Ec2", { type: "Ec2Resource", logUri: "s3://logs/", securityGroups: "g" }),
        o("A", { type: "ShellCommandActivity", command: "true", runsOn: ref("Ec2") }),
      ]),
    );
  });

  it("accepts maxActiveInstances on a Schedule (console exports carry it)", () => {
    const objects = [
      o("Default", { workerGroup: "wg", schedule: ref("Daily") }),
      o("Daily", { type: "Schedule", period: "1 day", startAt: "FIRST_ACTIVATION_DATE_TIME", maxActiveInstances: "1" }),
      o("A", { type: "ShellCommandActivity", command: "true" }),
    ];
    expectClean(validate(objects));
  });

  it("accepts scriptUri with scriptArgument", () => {
    const objects = [
      ...base,
      o("A", {
        type: "ShellCommandActivity",
        scriptUri: "s3://b/run.sh",
        scriptArgument: ["s3://b/in", "s3://b/out"],
        workerGroup: "wg",
      }),
    ];
    expectClean(validate(objects));
  });

  it("lets a resource without a schedule run on the schedule of the activity that runs on it", () => {
    const objects = [
      o("Default", { scheduleType: "cron", role: "R", resourceRole: "RR" }),
      o("Daily", { type: "Schedule", period: "1 day", startAt: "FIRST_ACTIVATION_DATE_TIME" }),
      o("Ec2", { type: "Ec2Resource", terminateAfter: "1 Hour" }),
      o("A", { type: "ShellCommandActivity", command: "echo hi", runsOn: ref("Ec2"), schedule: ref("Daily") }),
    ];
    expectClean(validate(objects));
  });

  it("lets the activity's schedule come from its parent template", () => {
    const objects = [
      o("Default", { scheduleType: "cron", role: "R", resourceRole: "RR" }),
      o("Template", { schedule: ref("Daily") }),
      o("Daily", { type: "Schedule", period: "1 day", startAt: "FIRST_ACTIVATION_DATE_TIME" }),
      o("Ec2", { type: "Ec2Resource", terminateAfter: "1 Hour" }),
      o("A", { type: "ShellCommandActivity", command: "echo hi", runsOn: ref("Ec2"), parent: ref("Template") }),
    ];
    expectClean(validate(objects));
  });

  it("still requires a schedule on a resource nothing scheduled runs on", () => {
    const objects = [
      o("Default", { scheduleType: "cron", role: "R", resourceRole: "RR" }),
      o("Daily", { type: "Schedule", period: "1 day", startAt: "FIRST_ACTIVATION_DATE_TIME" }),
      o("Ec2", { type: "Ec2Resource" }),
      o("A", { type: "ShellCommandActivity", command: "echo hi", workerGroup: "wg", schedule: ref("Daily") }),
    ];
    expect(errorsOf(validate(objects), "Ec2")).toEqual([
      "MISSING_REQUIRED_FIELD: 'schedule' is required unless scheduleType is ondemand.",
    ]);
  });

  it("accepts the older MySqlDataNode connection fields and an EMR activity's generatedScriptsPath", () => {
    const objects = [
      ...base,
      o("Ec2", { type: "Ec2Resource" }),
      o("Src", {
        type: "MySqlDataNode",
        connectionString: "jdbc:mysql://h/db",
        username: "u",
        "*password": "p",
        table: "t",
      }),
      o("Out", { type: "S3DataNode", directoryPath: "s3://b/out" }),
      o("A", { type: "CopyActivity", input: ref("Src"), output: ref("Out"), runsOn: ref("Ec2") }),
      o("Emr", { type: "EmrCluster" }),
      o("P", {
        type: "PigActivity",
        scriptUri: "s3://b/x.pig",
        generatedScriptsPath: "s3://b/gen",
        runsOn: ref("Emr"),
      }),
    ];
    expectClean(validate(objects));
  });
});

describe("parameter references in every field", () => {
  const params: ParameterObject[] = [
    { id: "myPeriod", attributes: [{ key: "type", stringValue: "String" }] },
    { id: "myStart", attributes: [{ key: "type", stringValue: "String" }] },
    { id: "myScheduleType", attributes: [{ key: "type", stringValue: "String" }] },
    { id: "myWorkerGroup", attributes: [{ key: "type", stringValue: "String" }] },
    { id: "myRetryDelay", attributes: [{ key: "type", stringValue: "String" }] },
  ];
  const objects = [
    o("Default", {
      scheduleType: "#{myScheduleType}",
      workerGroup: "#{myWorkerGroup}",
      schedule: ref("Sched"),
      retryDelay: "#{myRetryDelay}",
    }),
    o("Sched", { type: "Schedule", period: "#{myPeriod}", startDateTime: "#{myStart}" }),
    o("A", { type: "ShellCommandActivity", command: "echo hi" }),
  ];
  const values = (period: string, scheduleType: string, retryDelay = "10 minutes"): ParameterValue[] => [
    { id: "myPeriod", stringValue: period },
    { id: "myStart", stringValue: "2029-01-01T00:00:00" },
    { id: "myScheduleType", stringValue: scheduleType },
    { id: "myWorkerGroup", stringValue: "wg" },
    { id: "myRetryDelay", stringValue: retryDelay },
  ];

  it("accepts a Schedule, scheduleType, workerGroup and periods given through parameters", () => {
    expectClean(validate(objects, params, values("1 hour", "cron")));
  });

  it("checks the values as the fields they become", () => {
    const r = validate(objects, params, values("5 minutes", "sometimes", "soon"));
    expect(errorsOf(r, "Sched")).toEqual([
      "INVALID_FIELD_VALUE: 'period' must be between 15 minutes and 3 years; got '5 minutes'.",
    ]);
    expect(errorsOf(r, "Default")).toEqual([
      "INVALID_FIELD_VALUE: 'scheduleType' must be cron, timeseries or ondemand; got 'sometimes'.",
      "INVALID_FIELD_VALUE: 'retryDelay' must be a period such as '10 minutes'; got 'soon'.",
    ]);
  });

  it("uses a parameter's default when no value is given", () => {
    const withDefaults = params.map((p) => ({
      ...p,
      attributes: [
        ...p.attributes,
        { key: "default", stringValue: values("1 day", "timeseries").find((v) => v.id === p.id)!.stringValue },
      ],
    }));
    expectClean(validate(objects, withDefaults, []));
  });
});

describe("duplicate ids", () => {
  it("reports the later copies as an error, like Validate does", () => {
    const objects = [
      o("Default", { workerGroup: "wg", scheduleType: "ondemand" }),
      o("A", { type: "ShellCommandActivity", command: "a" }),
      o("A", { type: "ShellCommandActivity", command: "b" }),
    ];
    const r = validate(objects);
    expect(r.fatal).toEqual([]);
    expect(errorsOf(r, "A")).toEqual([
      "INVALID_OBJECT: duplicate object id 'A'; object ids must be unique within a pipeline.",
    ]);
  });
});
