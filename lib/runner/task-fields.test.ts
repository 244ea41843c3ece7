import { describe, expect, it } from "vitest";
import { findAttemptObject, readStringField, readStringFields } from "./task-fields";

const attempt = {
  id: "@Say_2024-01-01T00:00:00_Attempt=1",
  name: "@Say_2024-01-01T00:00:00_Attempt=1",
  fields: [
    { key: "type", stringValue: "ShellCommandActivity" },
    { key: "scriptArgument", stringValue: "first" },
    { key: "parent", refValue: "Say" },
    { key: "scriptArgument", stringValue: "second one" },
    { key: "scriptArgument", stringValue: "" },
    { key: "command", stringValue: "echo $1" },
  ],
};

describe("task fields", () => {
  it("finds the attempt object by attemptId", () => {
    const task = {
      taskId: "t",
      attemptId: attempt.id,
      objects: { [attempt.id]: attempt, other: { id: "other", name: "other", fields: [] } },
    };
    expect(findAttemptObject(task)).toBe(attempt);
    expect(findAttemptObject({ ...task, attemptId: "missing" })).toBeUndefined();
    expect(findAttemptObject({ taskId: "t" })).toBeUndefined();
  });

  it("reads the first string value of a field", () => {
    expect(readStringField(attempt, "command")).toBe("echo $1");
    expect(readStringField(attempt, "scriptArgument")).toBe("first");
    expect(readStringField(attempt, "missing")).toBeUndefined();
  });

  it("ignores reference values", () => {
    expect(readStringField(attempt, "parent")).toBeUndefined();
  });

  it("reads repeated values in order, keeping empty strings", () => {
    expect(readStringFields(attempt, "scriptArgument")).toEqual(["first", "second one", ""]);
    expect(readStringFields({ id: "x", name: "x", fields: undefined }, "scriptArgument")).toEqual([]);
  });
});
