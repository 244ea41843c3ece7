import { describe, expect, it } from "vitest";
import { OPERATIONS } from "@/lib/protocol/registry";
import { API_ROLES, isApiRole, roleAllows } from "./roles";

const ALL = Object.keys(OPERATIONS);

describe("roles", () => {
  it("lets admin and operator call all 19 operations", () => {
    expect(ALL).toHaveLength(19);
    for (const op of ALL) {
      expect(roleAllows("admin", op)).toBe(true);
      expect(roleAllows("operator", op)).toBe(true);
    }
  });

  it("lets runner call exactly the runner operations", () => {
    expect(ALL.filter((op) => roleAllows("runner", op)).sort()).toEqual([
      "EvaluateExpression",
      "PollForTask",
      "ReportTaskProgress",
      "ReportTaskRunnerHeartbeat",
      "SetTaskStatus",
    ]);
  });

  it("lets readonly call exactly the reads", () => {
    expect(ALL.filter((op) => roleAllows("readonly", op)).sort()).toEqual([
      "DescribeObjects",
      "DescribePipelines",
      "EvaluateExpression",
      "GetPipelineDefinition",
      "ListPipelines",
      "QueryObjects",
      "ValidatePipelineDefinition",
    ]);
  });

  it("knows its role names", () => {
    expect(API_ROLES.every(isApiRole)).toBe(true);
    expect(isApiRole("root")).toBe(false);
  });
});
