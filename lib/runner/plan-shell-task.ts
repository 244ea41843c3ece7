import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TaskObject } from "@aws-sdk/client-data-pipeline";
import { resolveOutputPath, type OutputPath } from "./output-paths";
import { findAttemptObject, readStringField, readStringFields } from "./task-fields";

export type ShellTaskKind = "activity" | "precondition";

export type ShellProgram = { command: string } | { scriptPath: string };

export interface ShellTaskPlan {
  kind: ShellTaskKind;
  program: ShellProgram;
  args: string[];
  stdoutPath: string;
  stderrPath: string;
  /** Added to the runner's environment so scripts can tell which attempt they are. */
  env: Record<string, string>;
}

export type PlanResult = { ok: true; plan: ShellTaskPlan } | { ok: false; errorId: string; errorMessage: string };

const TASK_KINDS = new Map<string, ShellTaskKind>([
  ["ShellCommandActivity", "activity"],
  ["ShellCommandPrecondition", "precondition"],
]);

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** A local file for `file://` URLs and scheme-less paths; undefined for remote URIs (s3://, http://). */
export function resolveLocalPath(uri: string): string | undefined {
  const scheme = URL_SCHEME.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined) return path.resolve(uri);
  if (scheme === "file") return fileURLToPath(uri);
  return undefined;
}

/** Ids come from the server; never let one climb out of the log directory. */
export function sanitizePathSegment(id: string): string {
  const cleaned = id.replace(/[/\\\0]/g, "_");
  return cleaned === "" || cleaned === "." || cleaned === ".." ? "_" : cleaned;
}

function rejectTask(errorId: string, errorMessage: string): PlanResult {
  return { ok: false, errorId, errorMessage };
}

function planProgram(command: string | undefined, scriptUri: string | undefined): ShellProgram | PlanResult {
  // AWS validation forbids both; if a definition slipped through, the inline command wins.
  if (command !== undefined && command.trim() !== "") return { command };
  if (scriptUri === undefined || scriptUri.trim() === "") {
    return rejectTask("MissingCommand", "The task has neither a command nor a scriptUri field.");
  }
  const scriptPath = resolveLocalPath(scriptUri);
  if (scriptPath === undefined) {
    return rejectTask(
      "UnsupportedScriptUri",
      `scriptUri ${scriptUri} is not supported by this runner: use a local path or a file:// URL.`,
    );
  }
  return { scriptPath };
}

/** Turns a handed-out task into what to run and where its output goes, or the reason it cannot run. */
export interface PlanOptions {
  /** Let stdout/stderr name absolute paths and file:// URLs outside the log root (--allow-absolute-output-paths). */
  allowAbsoluteOutputPaths?: boolean;
}

export function planShellTask(task: TaskObject, logDir: string, options: PlanOptions = {}): PlanResult {
  const attempt = findAttemptObject(task);
  if (!attempt) {
    const attemptId = task.attemptId ?? "(none)";
    return rejectTask("InvalidTaskObject", `The task object has no attempt object for attemptId ${attemptId}.`);
  }
  const type = readStringField(attempt, "type");
  const kind = type === undefined ? undefined : TASK_KINDS.get(type);
  if (kind === undefined) {
    return rejectTask(
      "UnsupportedTaskType",
      `Task type ${type ?? "(missing)"} is not supported by this runner; it runs ShellCommandActivity and ShellCommandPrecondition only.`,
    );
  }
  const program = planProgram(readStringField(attempt, "command"), readStringField(attempt, "scriptUri"));
  if ("ok" in program) return program;

  const pipelineId = task.pipelineId ?? readStringField(attempt, "@pipelineId") ?? "unknown-pipeline";
  const attemptId = task.attemptId ?? attempt.id ?? "unknown-attempt";
  const attemptLogDir = path.resolve(logDir, sanitizePathSegment(pipelineId), sanitizePathSegment(attemptId));
  const pickOutput = (
    key: string,
    fallbackName: string,
  ): (OutputPath & { ok: true; path: string }) | (OutputPath & { ok: false }) => {
    const value = readStringField(attempt, key);
    const resolved =
      value === undefined || value === ""
        ? null
        : resolveOutputPath(value, logDir, options.allowAbsoluteOutputPaths ?? false);
    if (resolved && !resolved.ok) return resolved;
    return { ok: true, path: resolved?.path ?? path.join(attemptLogDir, fallbackName) };
  };
  const stdout = pickOutput("stdout", "stdout.log");
  if (!stdout.ok) return rejectTask("OutputPathNotAllowed", `stdout: ${stdout.message}`);
  const stderr = pickOutput("stderr", "stderr.log");
  if (!stderr.ok) return rejectTask("OutputPathNotAllowed", `stderr: ${stderr.message}`);

  return {
    ok: true,
    plan: {
      kind,
      program,
      args: readStringFields(attempt, "scriptArgument"),
      stdoutPath: stdout.path,
      stderrPath: stderr.path,
      env: {
        PIPELINEHOUSE_PIPELINE_ID: pipelineId,
        PIPELINEHOUSE_ATTEMPT_ID: attemptId,
        PIPELINEHOUSE_TASK_ID: task.taskId ?? "",
      },
    },
  };
}
