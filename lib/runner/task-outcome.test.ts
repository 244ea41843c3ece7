import { describe, expect, it } from "vitest";
import { MAX_STACK_TRACE_CHARS, reportShellOutcome, sanitizeWireText } from "./task-outcome";

describe("reportShellOutcome", () => {
  it("maps exit code 0 to FINISHED for both kinds", () => {
    expect(reportShellOutcome("activity", { kind: "exited", exitCode: 0, stderrTail: "noise" })).toEqual({
      taskStatus: "FINISHED",
    });
    expect(reportShellOutcome("precondition", { kind: "exited", exitCode: 0, stderrTail: "" })).toEqual({
      taskStatus: "FINISHED",
    });
  });

  it("maps a non-zero precondition to FALSE", () => {
    expect(reportShellOutcome("precondition", { kind: "exited", exitCode: 1, stderrTail: "x" })).toEqual({
      taskStatus: "FALSE",
    });
  });

  it("maps a non-zero activity to FAILED with the stderr tail", () => {
    const report = reportShellOutcome("activity", { kind: "exited", exitCode: 3, stderrTail: "line1\nline2" });
    expect(report.taskStatus).toBe("FAILED");
    expect(report.errorId).toBe("ShellCommandFailed");
    expect(report.errorId?.startsWith("Service_")).toBe(false);
    expect(report.errorMessage).toMatch(/^Command exited with code 3\n/);
    expect(report.errorMessage).toContain("line1\nline2");
    expect(report.errorStackTrace).toBe("line1\nline2");
  });

  it("keeps errorStackTrace within 1024 characters", () => {
    const tail = "x".repeat(3000) + "END";
    const report = reportShellOutcome("activity", { kind: "exited", exitCode: 1, stderrTail: tail });
    expect(report.errorStackTrace).toHaveLength(MAX_STACK_TRACE_CHARS);
    expect(report.errorStackTrace?.endsWith("END")).toBe(true);
  });

  it("reports signals and spawn failures as FAILED", () => {
    expect(reportShellOutcome("precondition", { kind: "signaled", signal: "SIGKILL", stderrTail: "" })).toMatchObject({
      taskStatus: "FAILED",
      errorMessage: "Command was terminated by signal SIGKILL",
    });
    expect(reportShellOutcome("activity", { kind: "spawn-failed", message: "ENOENT", stderrTail: "" })).toMatchObject({
      taskStatus: "FAILED",
      errorId: "CommandStartFailed",
    });
  });
});

describe("sanitizeWireText", () => {
  it("drops characters the API string pattern rejects", () => {
    expect(sanitizeWireText("\u001b[31mred\u001b[0m\tok\r\n\u0000")).toBe("[31mred[0m\tok\r\n");
    expect(sanitizeWireText("emoji 😀 kept")).toBe("emoji 😀 kept");
    expect(sanitizeWireText("lone \uD83D end \uDE00")).toBe("lone  end ");
    expect(sanitizeWireText("\uFFFE\uFFFF")).toBe("");
  });
});
