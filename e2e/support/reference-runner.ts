// The reference task runner (lib/runner/cli.ts) as a real child process, started the way a user
// starts it, so specs exercise real polls, progress reports, output tails and final statuses.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect } from "@playwright/test";
import { E2E_ROOT_CREDENTIALS } from "./credentials";

export interface RunnerProcess {
  child: ChildProcess;
  /** Everything the runner printed so far (one `<time> <event> key=value` line per event). */
  output(): string;
  /** Resolves once a line matching `pattern` was printed (waits on output, not on time). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function startReferenceRunner(baseURL: string, workerGroup: string, extraArgs: string[] = []): RunnerProcess {
  const child = spawn(
    process.execPath,
    // In this very process (tsx as a loader, not tsx's CLI, which runs the script in a child):
    // signals the spec sends (SIGSTOP to freeze a runner) must reach the runner itself.
    [
      "--import",
      "tsx",
      "lib/runner/cli.ts",
      "--endpoint",
      baseURL,
      "--worker-group",
      workerGroup,
      "--log-dir",
      path.resolve("test-results", "runner-logs"),
      ...extraArgs,
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: E2E_ROOT_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: E2E_ROOT_CREDENTIALS.secretAccessKey,
      },
    },
  );
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => out,
    waitFor: (pattern, timeoutMs = 60_000) =>
      expect
        .poll(() => pattern.test(out), {
          timeout: timeoutMs,
          message: `runner output never matched ${pattern}:\n${out}`,
        })
        .toBe(true),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGCONT");
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}
