// What the definition validator knows about Data Pipeline object types: the kind of each type
// (for "schedule must point at a Schedule" checks) and the fields the Developer Guide's object
// reference lists for each type. Types we do not know accept any non-@ field.

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
  "currentRetryCount",
  "emrStepLog",
  "errorId",
  "errorMessage",
  "errorStackTrace",
  "hadoopJobLog",
  "hostname",
  "lastRetryTime",
  "node",
  "reportProgressTime",
];

const COMMON_FIELDS = ["type", "parent"];

// The field tables of the Developer Guide's object reference ("Pipeline Object Reference"), one
// list per type, grouped the way the guide repeats them. Each type accepts its own fields, the
// common and runtime ones, user-defined `my...` fields, and the extras below.

/** "Object Invocation Fields" and "Optional Fields" every activity, data node and resource lists. */
const RUNNABLE_FIELDS = [
  "schedule",
  "scheduleType",
  "attemptTimeout",
  "failureAndRerunMode",
  "lateAfterTimeout",
  "maxActiveInstances",
  "maximumRetries",
  "onFail",
  "onLateAction",
  "onSuccess",
  "pipelineLogUri",
  "reportProgressTimeout",
  "retryDelay",
  "runsOn",
  "workerGroup",
];

const ACTIVITY_FIELDS = [...RUNNABLE_FIELDS, "dependsOn", "input", "output", "precondition"];
const DATA_NODE_FIELDS = [...RUNNABLE_FIELDS, "dependsOn", "precondition"];
/** Hadoop-based activities (Hive, HiveCopy, Pig, Hadoop) share these. */
const EMR_TASK_CONFIG_FIELDS = ["postActivityTaskConfig", "preActivityTaskConfig"];
const RESIZE_FIELDS = ["resizeClusterBeforeRunning", "resizeClusterMaxInstances"];

/**
 * Preconditions list the retry and timeout fields; user-managed ones also run on a worker group or
 * resource (dp-concepts-preconditions.md), and they commonly inherit the pipeline's schedule fields
 * from Default, so those are accepted too.
 */
const PRECONDITION_FIELDS = [
  "attemptTimeout",
  "failureAndRerunMode",
  "lateAfterTimeout",
  "maximumRetries",
  "onFail",
  "onLateAction",
  "onSuccess",
  "preconditionTimeout",
  "reportProgressTimeout",
  "retryDelay",
  "role",
  "schedule",
  "scheduleType",
  "pipelineLogUri",
  "runsOn",
  "workerGroup",
];

const RESOURCE_FIELDS = [
  ...RUNNABLE_FIELDS,
  "actionOnResourceFailure",
  "actionOnTaskFailure",
  "availabilityZone",
  "httpProxy",
  "initTimeout",
  "keyPair",
  "region",
  "resourceRole",
  "role",
  "subnetId",
  "terminateAfter",
  "useOnDemandOnLastAttempt",
];

const FIELDS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  Schedule: ["period", "startAt", "startDateTime", "endDateTime", "occurrences"],
  ShellCommandActivity: [...ACTIVITY_FIELDS, "command", "scriptUri", "scriptArgument", "stage", "stderr", "stdout"],
  CopyActivity: ACTIVITY_FIELDS,
  EmrActivity: [...ACTIVITY_FIELDS, ...RESIZE_FIELDS, "step", "preStepCommand", "postStepCommand"],
  HadoopActivity: [...ACTIVITY_FIELDS, ...EMR_TASK_CONFIG_FIELDS, "jarUri", "mainClass", "argument", "hadoopQueue"],
  HiveActivity: [
    ...ACTIVITY_FIELDS,
    ...EMR_TASK_CONFIG_FIELDS,
    ...RESIZE_FIELDS,
    "hiveScript",
    "scriptUri",
    "scriptVariable",
    "stage",
    "hadoopQueue",
  ],
  HiveCopyActivity: [...ACTIVITY_FIELDS, ...EMR_TASK_CONFIG_FIELDS, ...RESIZE_FIELDS, "filterSql"],
  PigActivity: [
    ...ACTIVITY_FIELDS,
    ...EMR_TASK_CONFIG_FIELDS,
    ...RESIZE_FIELDS,
    "script",
    "scriptUri",
    "scriptVariable",
    "stage",
  ],
  RedshiftCopyActivity: [...ACTIVITY_FIELDS, "insertMode", "commandOptions", "queue", "transformSql"],
  SqlActivity: [...ACTIVITY_FIELDS, "database", "script", "scriptUri", "scriptArgument", "queue"],
  ShellCommandPrecondition: [...PRECONDITION_FIELDS, "command", "scriptUri", "scriptArgument", "stderr", "stdout"],
  Exists: PRECONDITION_FIELDS,
  S3KeyExists: [...PRECONDITION_FIELDS, "s3Key"],
  S3PrefixNotEmpty: [...PRECONDITION_FIELDS, "s3Prefix"],
  DynamoDBDataExists: [...PRECONDITION_FIELDS, "tableName"],
  DynamoDBTableExists: [...PRECONDITION_FIELDS, "tableName"],
  S3DataNode: [
    ...DATA_NODE_FIELDS,
    "compression",
    "dataFormat",
    "directoryPath",
    "filePath",
    "manifestFilePath",
    "s3EncryptionType",
  ],
  SqlDataNode: [...DATA_NODE_FIELDS, "database", "table", "selectQuery", "insertQuery", "createTableSql", "schemaName"],
  MySqlDataNode: [
    ...DATA_NODE_FIELDS,
    "database",
    "table",
    "selectQuery",
    "insertQuery",
    "createTableSql",
    "schemaName",
  ],
  DynamoDBDataNode: [
    ...DATA_NODE_FIELDS,
    "tableName",
    "dataFormat",
    "readThroughputPercent",
    "writeThroughputPercent",
    "region",
  ],
  RedshiftDataNode: [...DATA_NODE_FIELDS, "database", "tableName", "createTableSql", "schemaName", "primaryKeys"],
  Ec2Resource: [
    ...RESOURCE_FIELDS,
    "associatePublicIpAddress",
    "imageId",
    "instanceCount",
    "instanceType",
    "minInstanceCount",
    "runAsUser",
    "securityGroupIds",
    "securityGroups",
    "spotBidPrice",
  ],
  EmrCluster: [
    ...RESOURCE_FIELDS,
    "additionalMasterSecurityGroupIds",
    "additionalSlaveSecurityGroupIds",
    "amiVersion",
    "applications",
    "bootstrapAction",
    "configuration",
    "coreEbsConfiguration",
    "coreGroupConfiguration",
    "coreInstanceBidPrice",
    "coreInstanceCount",
    "coreInstanceType",
    "emrManagedMasterSecurityGroupId",
    "emrManagedSlaveSecurityGroupId",
    "enableDebugging",
    "hadoopSchedulerType",
    "masterEbsConfiguration",
    "masterGroupConfiguration",
    "masterInstanceBidPrice",
    "masterInstanceType",
    "releaseLabel",
    "serviceAccessSecurityGroupId",
    "supportedProducts",
    "taskEbsConfiguration",
    "taskGroupConfiguration",
    "taskInstanceBidPrice",
    "taskInstanceCount",
    "taskInstanceType",
  ],
  SnsAlarm: ["message", "role", "subject", "topicArn"],
  Terminate: [],
  JdbcDatabase: [
    "connectionString",
    "databaseName",
    "jdbcDriverClass",
    "jdbcDriverJarUri",
    "jdbcProperties",
    "username",
    "password",
  ],
  RdsDatabase: [
    "databaseName",
    "jdbcDriverJarUri",
    "jdbcProperties",
    "rdsInstanceId",
    "region",
    "username",
    "password",
  ],
  RedshiftDatabase: [
    "clusterId",
    "connectionString",
    "databaseName",
    "jdbcProperties",
    "region",
    "username",
    "password",
  ],
  CSV: ["column", "escapeChar"],
  TSV: ["column", "columnSeparator", "escapeChar", "recordSeparator"],
  Custom: ["column", "columnSeparator", "recordSeparator"],
  RegEx: ["column", "inputRegEx", "outputFormat"],
  DynamoDBDataFormat: ["column"],
  DynamoDBExportDataFormat: ["column"],
  HttpProxy: ["hostname", "port", "username", "password", "windowsDomain", "windowsWorkgroup", "s3NoProxy"],
  ShellScriptConfig: ["scriptUri", "scriptArgument"],
  EmrConfiguration: ["classification", "configuration", "property"],
  Property: ["key", "value"],
};

/**
 * Fields the reference tables leave out but AWS accepted, because its own guide pages, samples or
 * console exports use them: they validate clean here too (and are otherwise ignored).
 */
const ACCEPTED_EXTRA_FIELDS: Readonly<Record<string, readonly string[]>> = {
  // The Redshift copy tutorial's Ec2Resource (dp-copydata-redshift-resource-cli.md) sets logUri.
  Ec2Resource: ["logUri"],
  // The DynamoDB-export-as-CSV sample installs Hive on its pre-release-label cluster.
  EmrCluster: ["logUri", "emrLogUri", "installHive"],
  // Console-exported definitions carry maxActiveInstances on the Schedule object.
  Schedule: ["maxActiveInstances"],
  // The earlier MySqlDataNode/SqlDataNode held their own connection (the RDS-to-S3 sample uses it).
  MySqlDataNode: ["connectionString", "username", "password"],
  SqlDataNode: ["connectionString", "username", "password"],
  // Where EMR activities stage generated scripts (the Pig sample sets it).
  PigActivity: ["generatedScriptsPath"],
  HiveActivity: ["generatedScriptsPath"],
  HiveCopyActivity: ["generatedScriptsPath"],
};

const KNOWN_FIELDS_BY_TYPE: ReadonlyMap<string, ReadonlySet<string>> = buildKnownFields();

function buildKnownFields(): Map<string, Set<string>> {
  const byType = new Map<string, Set<string>>();
  const everything = new Set<string>([...COMMON_FIELDS, ...RUNTIME_FIELDS]);
  for (const [type, fields] of Object.entries(FIELDS_BY_TYPE)) {
    const extras = ACCEPTED_EXTRA_FIELDS[type] ?? [];
    const known = new Set<string>([...COMMON_FIELDS, ...RUNTIME_FIELDS, ...fields, ...extras]);
    byType.set(type, known);
    for (const field of [...fields, ...extras]) everything.add(field);
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
