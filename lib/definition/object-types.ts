// What the definition validator knows about Data Pipeline object types: the kind of each type
// (for "schedule must point at a Schedule" checks) and, for the types a self-hosted clone runs,
// the fields the Developer Guide lists. Types known only by kind accept any non-@ field.

export type ObjectKind =
  | "default"
  | "schedule"
  | "activity"
  | "precondition"
  | "dataNode"
  | "resource"
  | "action"
  | "database"
  | "dataFormat"
  | "utility";

const KIND_BY_TYPE: Readonly<Record<string, ObjectKind>> = {
  Default: "default",
  Schedule: "schedule",
  ShellCommandActivity: "activity",
  CopyActivity: "activity",
  EmrActivity: "activity",
  HadoopActivity: "activity",
  HiveActivity: "activity",
  HiveCopyActivity: "activity",
  PigActivity: "activity",
  RedshiftCopyActivity: "activity",
  SqlActivity: "activity",
  ShellCommandPrecondition: "precondition",
  Exists: "precondition",
  S3KeyExists: "precondition",
  S3PrefixNotEmpty: "precondition",
  DynamoDBDataExists: "precondition",
  DynamoDBTableExists: "precondition",
  S3DataNode: "dataNode",
  SqlDataNode: "dataNode",
  DynamoDBDataNode: "dataNode",
  MySqlDataNode: "dataNode",
  RedshiftDataNode: "dataNode",
  Ec2Resource: "resource",
  EmrCluster: "resource",
  SnsAlarm: "action",
  Terminate: "action",
  JdbcDatabase: "database",
  RdsDatabase: "database",
  RedshiftDatabase: "database",
  CSV: "dataFormat",
  TSV: "dataFormat",
  Custom: "dataFormat",
  RegEx: "dataFormat",
  DynamoDBDataFormat: "dataFormat",
  DynamoDBExportDataFormat: "dataFormat",
  HttpProxy: "utility",
  ShellScriptConfig: "utility",
  EmrConfiguration: "utility",
  Property: "utility",
};

export function getObjectKind(type: string | undefined): ObjectKind | undefined {
  if (type === undefined || !Object.hasOwn(KIND_BY_TYPE, type)) return undefined;
  return KIND_BY_TYPE[type];
}

// Non-@ fields the guide lists as runtime fields; a client that round-trips DescribeObjects output
// may send them back, and AWS lists them on every runnable type.
const RUNTIME_FIELDS = [
  "attemptStatus",
  "cancellationReason",
  "emrStepLog",
  "errorId",
  "errorMessage",
  "errorStackTrace",
  "hadoopJobLog",
  "hostname",
  "node",
  "reportProgressTime",
];

const COMMON_FIELDS = ["type", "parent"];

const RUNNABLE_FIELDS = [
  "schedule",
  "scheduleType",
  "attemptTimeout",
  "failureAndRerunMode",
  "lateAfterTimeout",
  "maximumRetries",
  "onFail",
  "onLateAction",
  "onSuccess",
  "pipelineLogUri",
  "reportProgressTimeout",
  "retryDelay",
];

// Preconditions do not list runsOn/workerGroup, but user-managed ones run on one
// (dp-concepts-preconditions.md), and they commonly inherit the pipeline's schedule fields.
const PRECONDITION_FIELDS = [...RUNNABLE_FIELDS, "preconditionTimeout", "runsOn", "workerGroup"];

const FIELDS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  Schedule: ["period", "startAt", "startDateTime", "endDateTime", "occurrences"],
  ShellCommandActivity: [
    ...RUNNABLE_FIELDS,
    "command",
    "scriptUri",
    "runsOn",
    "workerGroup",
    "dependsOn",
    "input",
    "output",
    "maxActiveInstances",
    "precondition",
    "scriptArgument",
    "stage",
    "stderr",
    "stdout",
  ],
  CopyActivity: [
    ...RUNNABLE_FIELDS,
    "runsOn",
    "workerGroup",
    "dependsOn",
    "input",
    "output",
    "maxActiveInstances",
    "precondition",
  ],
  ShellCommandPrecondition: [...PRECONDITION_FIELDS, "command", "scriptUri", "scriptArgument", "stderr", "stdout"],
  Exists: PRECONDITION_FIELDS,
  S3DataNode: [
    ...RUNNABLE_FIELDS,
    "compression",
    "dataFormat",
    "dependsOn",
    "directoryPath",
    "filePath",
    "manifestFilePath",
    "maxActiveInstances",
    "precondition",
    "runsOn",
    "s3EncryptionType",
    "workerGroup",
  ],
  Ec2Resource: [
    ...RUNNABLE_FIELDS,
    "resourceRole",
    "role",
    "actionOnResourceFailure",
    "actionOnTaskFailure",
    "associatePublicIpAddress",
    "availabilityZone",
    "httpProxy",
    "imageId",
    "initTimeout",
    "instanceCount",
    "instanceType",
    "keyPair",
    "maxActiveInstances",
    "minInstanceCount",
    "region",
    "runAsUser",
    "securityGroupIds",
    "securityGroups",
    "spotBidPrice",
    "subnetId",
    "terminateAfter",
    "useOnDemandOnLastAttempt",
  ],
  SnsAlarm: ["message", "role", "subject", "topicArn"],
};

const KNOWN_FIELDS_BY_TYPE: ReadonlyMap<string, ReadonlySet<string>> = buildKnownFields();

function buildKnownFields(): Map<string, Set<string>> {
  const byType = new Map<string, Set<string>>();
  const everything = new Set<string>([...COMMON_FIELDS, ...RUNTIME_FIELDS]);
  for (const [type, fields] of Object.entries(FIELDS_BY_TYPE)) {
    const known = new Set<string>([...COMMON_FIELDS, ...RUNTIME_FIELDS, ...fields]);
    byType.set(type, known);
    for (const field of fields) everything.add(field);
  }
  // Default supplies fields to every object, so anything some type accepts may sit on it.
  byType.set("Default", everything);
  return byType;
}

/** The fields a type accepts besides user-defined `my...` ones; undefined when we do not tabulate it. */
export function getKnownFields(type: string): ReadonlySet<string> | undefined {
  return KNOWN_FIELDS_BY_TYPE.get(type);
}

/** "prefixed with the word "my" in all lower-case letters, followed by a capital letter or underscore". */
export function isUserDefinedFieldName(key: string): boolean {
  return /^my[A-Z_]/.test(key);
}

/** Reference fields whose target must be of a given kind, checked when the target's type is known. */
export const REFERENCE_TARGET_KIND: ReadonlyMap<string, ObjectKind> = new Map<string, ObjectKind>([
  ["schedule", "schedule"],
  ["precondition", "precondition"],
  ["dependsOn", "activity"],
  ["runsOn", "resource"],
  ["input", "dataNode"],
  ["output", "dataNode"],
  ["onFail", "action"],
  ["onSuccess", "action"],
  ["onLateAction", "action"],
]);

/** Fields that only make sense as references to another object. */
export const REFERENCE_FIELDS: ReadonlySet<string> = new Set([
  "parent",
  ...REFERENCE_TARGET_KIND.keys(),
  "dataFormat",
  "httpProxy",
]);

export const PERIOD_FIELDS = [
  "retryDelay",
  "attemptTimeout",
  "reportProgressTimeout",
  "preconditionTimeout",
  "lateAfterTimeout",
  "terminateAfter",
  "initTimeout",
] as const;

/** Fields that hold exactly one value; a repeated key is an error. */
export const SINGLE_VALUED_FIELDS: ReadonlySet<string> = new Set([
  "type",
  "parent",
  "period",
  "startAt",
  "startDateTime",
  "endDateTime",
  "occurrences",
  "schedule",
  "scheduleType",
  "command",
  "scriptUri",
  "runsOn",
  "workerGroup",
  "maximumRetries",
  "maxActiveInstances",
  "failureAndRerunMode",
  ...PERIOD_FIELDS,
]);

/** Fields that must be written as strings, never as references. */
export const STRING_FIELDS: ReadonlySet<string> = new Set([
  "type",
  "period",
  "startAt",
  "startDateTime",
  "endDateTime",
  "occurrences",
  "scheduleType",
  "command",
  "scriptUri",
  "scriptArgument",
  "workerGroup",
  "maximumRetries",
  "maxActiveInstances",
  "failureAndRerunMode",
  ...PERIOD_FIELDS,
]);
