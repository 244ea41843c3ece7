import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startShellTask, type ShellTaskSpec } from "./execute-shell-task";
import { isProcessAlive } from "./testing/process-state";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runner-exec-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function spec(command: string, args: string[] = [], extra: Partial<ShellTaskSpec> = {}): ShellTaskSpec {
  return {
    program: { command },
    args,
    env: { ...process.env, GREETING: "hello" },
    stdoutPath: path.join(dir, "logs", "stdout.log"),
    stderrPath: path.join(dir, "logs", "stderr.log"),
    ...extra,
  };
}

async function run(taskSpec: ShellTaskSpec, options = {}) {
  const execution = await startShellTask(taskSpec, options);
  return execution.outcome;
}

async function readPid(file: string): Promise<number> {
  let text = "";
  await vi.waitFor(async () => {
    text = await readFile(file, "utf8").catch(() => "");
    expect(text).toMatch(/^\d+\n$/);
  });
  return Number(text);
}

describe("startShellTask", () => {
  it("reports the exit code", async () => {
    expect(await run(spec("exit 0"))).toMatchObject({ kind: "exited", exitCode: 0 });
    expect(await run(spec("exit 42"))).toMatchObject({ kind: "exited", exitCode: 42 });
  });

  it("passes scriptArgument values as $1, $2 and the environment through", async () => {
    await run(spec('printf "%s|%s|%s|%s\\n" "$1" "$2" "$#" "$GREETING"', ["one two", "three"]));
    expect(await readFile(path.join(dir, "logs", "stdout.log"), "utf8")).toBe("one two|three|2|hello\n");
  });

  it("appends stdout and stderr to their files", async () => {
    await run(spec("echo out-1; echo err-1 >&2"));
    await run(spec("echo out-2; echo err-2 >&2"));
    expect(await readFile(path.join(dir, "logs", "stdout.log"), "utf8")).toBe("out-1\nout-2\n");
    expect(await readFile(path.join(dir, "logs", "stderr.log"), "utf8")).toBe("err-1\nerr-2\n");
  });

  it("keeps a bounded tail of stderr while the file gets everything", async () => {
    const outcome = await run(spec('i=1; while [ $i -le 500 ]; do echo "error line $i" >&2; i=$((i+1)); done; exit 1'));
    expect(outcome.kind).toBe("exited");
    const lines = outcome.stderrTail.split("\n");
    expect(lines).toHaveLength(20);
    expect(lines.at(-1)).toBe("error line 500");
    const file = await readFile(path.join(dir, "logs", "stderr.log"), "utf8");
    expect(file.split("\n")).toHaveLength(501);
  });

  it("bounds the tail by bytes too", async () => {
    const outcome = await run(spec("head -c 20000 /dev/zero | tr '\\0' x >&2; exit 1"));
    expect(outcome.stderrTail).toHaveLength(4096);
  });

  it("reports a missing command as exit code 127 with sh's message", async () => {
    const outcome = await run(spec("definitely-not-a-command-xyz"));
    expect(outcome).toMatchObject({ kind: "exited", exitCode: 127 });
    expect(outcome.stderrTail).toContain("not found");
  });

  it("reports a missing script as a spawn failure", async () => {
    const outcome = await run(spec("", [], { program: { scriptPath: path.join(dir, "missing.sh") } }));
    expect(outcome).toMatchObject({ kind: "spawn-failed" });
    expect(outcome.kind === "spawn-failed" && outcome.message).toContain("missing.sh");
  });

  it("reports an output file that cannot be created as a spawn failure", async () => {
    await writeFile(path.join(dir, "a-file"), "");
    const outcome = await run(spec("true", [], { stdoutPath: path.join(dir, "a-file", "stdout.log") }));
    expect(outcome.kind).toBe("spawn-failed");
  });

  it("runs a script file with arguments, with or without the execute bit", async () => {
    const script = path.join(dir, "job.sh");
    await writeFile(script, '#!/bin/sh\necho "script $1"\nexit 5\n');
    expect(await run(spec("", ["plain"], { program: { scriptPath: script } }))).toMatchObject({ exitCode: 5 });
    await chmod(script, 0o755);
    expect(await run(spec("", ["exec"], { program: { scriptPath: script } }))).toMatchObject({ exitCode: 5 });
    expect(await readFile(path.join(dir, "logs", "stdout.log"), "utf8")).toBe("script plain\nscript exec\n");
  });

  it("terminate() kills the whole process tree", async () => {
    const pidFile = path.join(dir, "grandchild.pid");
    const execution = await startShellTask(spec(`sleep 30 & echo $! > "${pidFile}"; wait`));
    const grandchild = await readPid(pidFile);
    execution.terminate();
    const outcome = await execution.outcome;
    expect(outcome).toMatchObject({ kind: "signaled", signal: "SIGTERM" });
    await vi.waitFor(() => expect(isProcessAlive(grandchild)).toBe(false));
  });

  it("escalates to SIGKILL when SIGTERM is ignored", async () => {
    const ready = path.join(dir, "ready.pid");
    const execution = await startShellTask(spec(`trap '' TERM; echo $$ > "${ready}"; while :; do sleep 0.05; done`), {
      killGraceMs: 100,
    });
    await readPid(ready);
    execution.terminate();
    expect(await execution.outcome).toMatchObject({ kind: "signaled", signal: "SIGKILL" });
  });

  it("does not wait forever for a background process that keeps stderr open", async () => {
    const pidFile = path.join(dir, "background.pid");
    const outcome = await run(spec(`sleep 30 & echo $! > "${pidFile}"; echo done >&2`), { drainMs: 100 });
    expect(outcome).toMatchObject({ kind: "exited", exitCode: 0, stderrTail: "done" });
    process.kill(Number(await readFile(pidFile, "utf8")), "SIGKILL");
  });
});
