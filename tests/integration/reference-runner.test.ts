import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SetStatusCommand, type PipelineObject } from "@aws-sdk/client-data-pipeline";
import { afterEach, describe, expect, it } from "vitest";
import { endpoint, sdk } from "./helpers";
import { describe1, instanceIds, runnerEnv, startPipeline, str, uniqueGroup } from "./runner-helpers";

// The reference runner (lib/runner) runs a real multi-step pipeline of shell commands against the
// server, as a user would start it: `npm run runner -- --worker-group ...`.

const client = sdk();
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGKILL");
});

function startRunner(
  group: string,
  args: string[] = [],
  env: Record<string, string> = runnerEnv(),
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [
      path.resolve("node_modules/tsx/dist/cli.mjs"),
      "lib/runner/cli.ts",
      "--endpoint",
      endpoint(),
      "--worker-group",
      group,
      ...args,
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    },
  );
  running.push(child);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("reference runner", () => {
  it("runs a multi-step pipeline: precondition, dependsOn, arguments, stdout files, and a failure with its stderr", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ph-runner-"));
    const group = uniqueGroup("ref");
    const objects: PipelineObject[] = [
      {
        id: "Default",
        name: "Default",
        fields: [
          { key: "scheduleType", stringValue: "ondemand" },
          { key: "workerGroup", stringValue: group },
          { key: "maximumRetries", stringValue: "0" },
        ],
      },
      {
        id: "DirReady",
        name: "DirReady",
        fields: [
          { key: "type", stringValue: "ShellCommandPrecondition" },
          { key: "command", stringValue: `test -d ${dir}` },
        ],
      },
      {
        id: "Extract",
        name: "Extract",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "precondition", refValue: "DirReady" },
          { key: "command", stringValue: `echo "$1-$2" > ${dir}/extract.txt; echo extracted #{@scheduledStartTime}` },
          { key: "scriptArgument", stringValue: "alpha" },
          { key: "scriptArgument", stringValue: "beta" },
          // Relative to the runner's log root (--log-dir).
          { key: "stdout", stringValue: "extract.stdout" },
        ],
      },
      {
        id: "Transform",
        name: "Transform",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "dependsOn", refValue: "Extract" },
          { key: "command", stringValue: `tr a-z A-Z < ${dir}/extract.txt > ${dir}/transform.txt` },
        ],
      },
      {
        id: "Broken",
        name: "Broken",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "dependsOn", refValue: "Transform" },
          { key: "command", stringValue: "echo about to fail >&2; exit 3" },
        ],
      },
    ];
    const pipelineId = await startPipeline(client, objects);
    const runner = startRunner(group, ["--max-tasks", "4", "--log-dir", path.join(dir, "logs")]);
    expect(await runner.exited).toBe(0);

    expect(readFileSync(path.join(dir, "extract.txt"), "utf8")).toBe("alpha-beta\n");
    expect(readFileSync(path.join(dir, "transform.txt"), "utf8")).toBe("ALPHA-BETA\n");
    expect(readFileSync(path.join(dir, "logs", "extract.stdout"), "utf8")).toMatch(
      /^extracted \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\n$/,
    );
    const ids = await instanceIds(client, pipelineId);
    const byPrefix = (p: string) => ids.find((id) => id.startsWith(p))!;
    for (const p of ["@DirReady_", "@Extract_", "@Transform_"])
      expect(str(await describe1(client, pipelineId, byPrefix(p)), "@status")).toBe("FINISHED");
    const broken = await describe1(client, pipelineId, `${byPrefix("@Broken_")}_Attempt=1`);
    expect(str(broken, "@status")).toBe("FAILED");
    expect(str(broken, "errorId")).toBe("ShellCommandFailed");
    expect(str(broken, "errorMessage")).toMatch(/code 3/);
    expect(str(broken, "errorMessage")).toMatch(/about to fail/);
  });

  it("kills the running command when the instance is cancelled", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ph-runner-"));
    const group = uniqueGroup("cancel");
    const pipelineId = await startPipeline(client, [
      {
        id: "Default",
        name: "Default",
        fields: [
          { key: "scheduleType", stringValue: "ondemand" },
          { key: "workerGroup", stringValue: group },
        ],
      },
      {
        id: "Slow",
        name: "Slow",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "command", stringValue: `echo $$ > ${dir}/pid; sleep 30; touch ${dir}/completed` },
        ],
      },
    ]);
    const runner = startRunner(group, ["--progress-interval", "1", "--max-tasks", "1"]);
    const pid = await waitFor("the command to start", async () =>
      existsSync(path.join(dir, "pid")) ? Number(readFileSync(path.join(dir, "pid"), "utf8")) : undefined,
    );
    const [instanceId] = await instanceIds(client, pipelineId);
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [instanceId!], status: "TRY_CANCEL" }));
    await waitFor("the command to be killed", async () => {
      try {
        process.kill(pid, 0);
        return undefined;
      } catch {
        return true;
      }
    });
    expect(await runner.exited).toBe(0);
    expect(runner.output()).toMatch(/canceled/);
    expect(existsSync(path.join(dir, "completed"))).toBe(false);
    expect(str(await describe1(client, pipelineId, instanceId!), "@status")).toBe("CANCELED");
  });

  it("writes only under its log root, and hands tasks the documented environment, not its credentials", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ph-runner-"));
    const outside = mkdtempSync(path.join(tmpdir(), "ph-outside-"));
    const group = uniqueGroup("root");
    const pipelineId = await startPipeline(client, [
      {
        id: "Default",
        name: "Default",
        fields: [
          { key: "scheduleType", stringValue: "ondemand" },
          { key: "workerGroup", stringValue: group },
          { key: "maximumRetries", stringValue: "0" },
        ],
      },
      {
        id: "Env",
        name: "Env",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "command", stringValue: "env" },
          { key: "stdout", stringValue: "env.txt" },
        ],
      },
      {
        id: "Escape",
        name: "Escape",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "dependsOn", refValue: "Env" },
          { key: "command", stringValue: "echo escaped" },
          { key: "stdout", stringValue: `file://${outside}/deep/escape.txt` },
        ],
      },
    ]);
    // The runner's own credentials (real ones: it signs its calls with them) must not reach the task.
    const secrets = { ...runnerEnv(), DATABASE_URL: "postgres://secret@db/x", MY_SETTING: "passed" };
    const runner = startRunner(group, ["--max-tasks", "2", "--log-dir", dir, "--pass-env", "MY_SETTING"], secrets);
    expect(await runner.exited).toBe(0);

    const env = readFileSync(path.join(dir, "env.txt"), "utf8");
    expect(env).toMatch(/^PATH=/m);
    expect(env).toMatch(/^MY_SETTING=passed$/m);
    expect(env).toMatch(new RegExp(`^PIPELINEHOUSE_PIPELINE_ID=${pipelineId}$`, "m"));
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "DATABASE_URL"])
      expect(env).not.toMatch(new RegExp(`^${name}=`, "m"));

    const ids = await instanceIds(client, pipelineId);
    const escape = await describe1(client, pipelineId, `${ids.find((id) => id.startsWith("@Escape_"))!}_Attempt=1`);
    expect(str(escape, "@status")).toBe("FAILED");
    expect(str(escape, "errorId")).toBe("OutputPathNotAllowed");
    expect(str(escape, "errorMessage")).toMatch(/outside the runner's log root/);
    expect(existsSync(path.join(outside, "deep"))).toBe(false);
  });
});
