// The ReportTaskProgress field keys that carry a task's output to the console (stringValue each).
// Any runner may send them; the service stores them on the attempt like any reported field.
export const LOG_TAIL_KEYS = {
  /** The last few KB of the task's stdout so far (this attempt's output only). */
  stdout: "stdoutTail",
  /** The last few KB of the task's stderr so far. */
  stderr: "stderrTail",
  /** Where the runner writes the full stdout, on its host. */
  stdoutPath: "stdoutPath",
  /** Where the runner writes the full stderr, on its host. */
  stderrPath: "stderrPath",
} as const;
