// What each access key role may call, modelled on the service's managed policies:
// admin and operator call everything (admin also manages keys and users, outside the API);
// runner calls what a task runner needs; readonly calls what reads (and validates, and evaluates).

export const API_ROLES = ["admin", "operator", "runner", "readonly"] as const;
export type ApiRole = (typeof API_ROLES)[number];

export function isApiRole(value: string): value is ApiRole {
  return (API_ROLES as readonly string[]).includes(value);
}

const RUNNER_OPERATIONS = new Set([
  "PollForTask",
  "ReportTaskProgress",
  "SetTaskStatus",
  "ReportTaskRunnerHeartbeat",
  "EvaluateExpression",
]);

const READONLY_OPERATIONS = new Set([
  "ListPipelines",
  "DescribePipelines",
  "DescribeObjects",
  "GetPipelineDefinition",
  "QueryObjects",
  "ValidatePipelineDefinition",
  "EvaluateExpression",
]);

/** True when a key of this role may call the (known) operation. */
export function roleAllows(role: ApiRole, operation: string): boolean {
  switch (role) {
    case "admin":
    case "operator":
      return true;
    case "runner":
      return RUNNER_OPERATIONS.has(operation);
    case "readonly":
      return READONLY_OPERATIONS.has(operation);
  }
}
