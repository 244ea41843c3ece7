import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Field } from "@aws-sdk/client-data-pipeline";
import { planShellTask, resolveLocalPath, sanitizePathSegment } from "./plan-shell-task";

const attemptId = "@Job_2024-01-01T00:00:00_Attempt=1";

function taskWith(fields: Field[]) {
  return {
    taskId: "task-1",
    pipelineId: "df-123",
    attemptId,
    objects: { [attemptId]: { id: attemptId, name: attemptId, fields } },
  };
}

describe("planShellTask", () => {
  it("plans a command with its arguments, env and default log files", () => {
    const result = planShellTask(
      taskWith([
        { key: "type", stringValue: "ShellCommandActivity" },
        { key: "command", stringValue: "echo $1 $2" },
        { key: "scriptArgument", stringValue: "a" },
        { key: "scriptArgument", stringValue: "b c" },
        { key: "stdout", stringValue: "s3://bucket/out" },
      ]),
      "/var/runner-logs",
    );
    expect(result).toEqual({
      ok: true,
      plan: {
        kind: "activity",
        program: { command: "echo $1 $2" },
        args: ["a", "b c"],
        stdoutPath: `/var/runner-logs/df-123/${attemptId}/stdout.log`,
        stderrPath: `/var/runner-logs/df-123/${attemptId}/stderr.log`,
        env: {
          PIPELINEHOUSE_PIPELINE_ID: "df-123",
          PIPELINEHOUSE_ATTEMPT_ID: attemptId,
          PIPELINEHOUSE_TASK_ID: "task-1",
        },
      },
    });
  });

  it("uses absolute stdout/stderr paths and file:// URLs only when the runner allows them", () => {
    const fields: Field[] = [
      { key: "type", stringValue: "ShellCommandPrecondition" },
      { key: "command", stringValue: "true" },
      { key: "stdout", stringValue: "/tmp/out.txt" },
      { key: "stderr", stringValue: "file:///tmp/err.txt" },
    ];
    const allowed = planShellTask(taskWith(fields), "logs", { allowAbsoluteOutputPaths: true });
    expect(allowed.ok && allowed.plan).toMatchObject({
      kind: "precondition",
      stdoutPath: "/tmp/out.txt",
      stderrPath: "/tmp/err.txt",
    });
    const refused = planShellTask(taskWith(fields), "logs");
    expect(refused).toMatchObject({ ok: false, errorId: "OutputPathNotAllowed" });
    expect(!refused.ok && refused.errorMessage).toMatch(/outside the runner's log root.*--allow-absolute-output-paths/);
  });

  it("keeps stdout/stderr under the log root: relative paths resolve there, escapes are refused", () => {
    const root = path.resolve("/srv/runner-logs");
    const plan = (stdout: string) =>
      planShellTask(
        taskWith([
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "command", stringValue: "true" },
          { key: "stdout", stringValue: stdout },
        ]),
        root,
      );
    const inside = plan("mine/out.txt");
    expect(inside.ok && inside.plan.stdoutPath).toBe(path.join(root, "mine/out.txt"));
    const insideUrl = plan(`file://${root}/x/out.txt`);
    expect(insideUrl.ok && insideUrl.plan.stdoutPath).toBe(path.join(root, "x/out.txt"));
    for (const escape of [
      "../elsewhere.txt",
      "/etc/cron.d/evil",
      "file:///root/.bashrc",
      `${root}/../../etc/passwd`,
      `file://${root}/../x`,
    ]) {
      expect(plan(escape), escape).toMatchObject({ ok: false, errorId: "OutputPathNotAllowed" });
    }
  });

  it("plans a local scriptUri", () => {
    const result = planShellTask(
      taskWith([
        { key: "type", stringValue: "ShellCommandActivity" },
        { key: "scriptUri", stringValue: "file:///opt/jobs/run.sh" },
        { key: "scriptArgument", stringValue: "x" },
      ]),
      "logs",
    );
    expect(result.ok && result.plan).toMatchObject({ program: { scriptPath: "/opt/jobs/run.sh" }, args: ["x"] });
  });

  it("rejects an s3:// scriptUri", () => {
    const result = planShellTask(
      taskWith([
        { key: "type", stringValue: "ShellCommandActivity" },
        { key: "scriptUri", stringValue: "s3://bucket/run.sh" },
      ]),
      "logs",
    );
    expect(result).toMatchObject({ ok: false, errorId: "UnsupportedScriptUri" });
  });

  it("rejects other task types with a clear message", () => {
    expect(planShellTask(taskWith([{ key: "type", stringValue: "toString" }]), "logs")).toMatchObject({
      errorId: "UnsupportedTaskType",
    });
    const result = planShellTask(taskWith([{ key: "type", stringValue: "CopyActivity" }]), "logs");
    expect(result).toMatchObject({ ok: false, errorId: "UnsupportedTaskType" });
    expect(!result.ok && result.errorMessage).toContain("CopyActivity");
  });

  it("rejects a task without command or scriptUri, or without its attempt object", () => {
    expect(planShellTask(taskWith([{ key: "type", stringValue: "ShellCommandActivity" }]), "logs")).toMatchObject({
      ok: false,
      errorId: "MissingCommand",
    });
    expect(planShellTask({ taskId: "t", attemptId: "nope", objects: {} }, "logs")).toMatchObject({
      ok: false,
      errorId: "InvalidTaskObject",
    });
  });

  it("keeps server ids from escaping the log directory", () => {
    expect(sanitizePathSegment("../../etc")).toBe(".._.._etc");
    expect(sanitizePathSegment("..")).toBe("_");
    const result = planShellTask(
      {
        ...taskWith([
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "command", stringValue: "true" },
        ]),
        pipelineId: "../x",
      },
      "/logs",
    );
    expect(result.ok && path.dirname(path.dirname(result.plan.stdoutPath))).toBe("/logs/.._x");
  });
});

describe("resolveLocalPath", () => {
  it("resolves plain paths and file URLs, and refuses remote URIs", () => {
    expect(resolveLocalPath("/a/b")).toBe("/a/b");
    expect(resolveLocalPath("rel/b")).toBe(path.resolve("rel/b"));
    expect(resolveLocalPath("file:///a/b")).toBe("/a/b");
    expect(resolveLocalPath("s3://bucket/key")).toBeUndefined();
    expect(resolveLocalPath("https://example.com/x")).toBeUndefined();
  });
});
