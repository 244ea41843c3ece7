import type { TaskStatus } from "@aws-sdk/client-data-pipeline";
import type { ShellOutcome } from "./execute-shell-task";
import type { ShellTaskKind } from "./plan-shell-task";

export interface TaskReport {
  taskStatus: TaskStatus;
  errorId?: string;
  errorMessage?: string;
  errorStackTrace?: string;
}

/** The API model caps errorStackTrace (and errorId) at 1024 characters. */
export const MAX_STACK_TRACE_CHARS = 1024;

// Everything outside the API's string pattern (XML-legal characters): ANSI colour codes and other
// control bytes in stderr would otherwise make the server reject the whole SetTaskStatus call.
// Without the `u` flag on purpose: the class works on UTF-16 code units so that lone surrogates can be matched.
const ILLEGAL_CHARS =
  // eslint-disable-next-line no-misleading-character-class
  /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function sanitizeWireText(text: string): string {
  return text.replace(ILLEGAL_CHARS, "");
}

function appendStderr(headline: string, stderrTail: string): string {
  return stderrTail === "" ? headline : `${headline}\n--- last lines of stderr ---\n${stderrTail}`;
}

function buildStackTrace(stderrTail: string): string | undefined {
  if (stderrTail === "") return undefined;
  return sanitizeWireText(stderrTail.slice(-MAX_STACK_TRACE_CHARS));
}

function buildFailure(errorId: string, headline: string, stderrTail: string): TaskReport {
  return {
    taskStatus: "FAILED",
    errorId,
    errorMessage: sanitizeWireText(appendStderr(headline, stderrTail)),
    errorStackTrace: buildStackTrace(stderrTail),
  };
}

/** What to tell SetTaskStatus about a finished shell process. */
export function reportShellOutcome(kind: ShellTaskKind, outcome: ShellOutcome): TaskReport {
  switch (outcome.kind) {
    case "exited":
      if (outcome.exitCode === 0) return { taskStatus: "FINISHED" };
      // For a precondition a non-zero exit is the answer "not met", not a failure of the runner.
      if (kind === "precondition") return { taskStatus: "FALSE" };
      return buildFailure("ShellCommandFailed", `Command exited with code ${outcome.exitCode}`, outcome.stderrTail);
    case "signaled":
      return buildFailure(
        "ShellCommandFailed",
        `Command was terminated by signal ${outcome.signal}`,
        outcome.stderrTail,
      );
    case "spawn-failed":
      return buildFailure("CommandStartFailed", `Command could not be started: ${outcome.message}`, outcome.stderrTail);
  }
}
