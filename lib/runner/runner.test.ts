import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LogDetails, LogEventName } from "./log-event";
import { TaskRunner, type TaskRunnerOptions } from "./runner";
import { FakeDataPipeline, makeTask, shellActivity, taskNotFound } from "./testing/fake-data-pipeline";
import { isProcessAlive } from "./testing/process-state";

let dir: string;
let fake: FakeDataPipeline;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "runner-loop-"));
  fake = new FakeDataPipeline();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function createRunner(overrides: Partial<TaskRunnerOptions> = {}) {
  const events: Array<{ event: LogEventName; details: LogDetails }> = [];
  const runner = new TaskRunner({
    send: fake.send,
    workerGroup: "wg-Exact",
    hostname: "test-host",
    runnerId: "runner-1",
    logDir: path.join(dir, "logs"),
    progressIntervalMs: 20,
    heartbeatIntervalMs: 60_000,
    shutdownGraceMs: 5_000,
    idlePollDelayMs: 5,
    execute: { killGraceMs: 500 },
    log: (event, details = {}) => events.push({ event, details }),
    ...overrides,
  });
  const eventNames = () => events.map((entry) => entry.event);
  return { runner, events, eventNames };
}

const file = (name: string) => path.join(dir, name);

/** Shell that records its background child's pid, then waits on it: a two-level process tree. */
const treeCommand = (pidFile: string) => `sleep 30 & echo $! > "${pidFile}"; wait`;
/** Shell that blocks until the test creates `goFile`. */
const waitForFile = (goFile: string, before = "") => `${before} while [ ! -e "${goFile}" ]; do sleep 0.02; done`;

async function readPid(pidFile: string): Promise<number> {
  let text = "";
  await vi.waitFor(async () => {
    text = await readFile(pidFile, "utf8").catch(() => "");
    expect(text).toMatch(/^\d+\n$/);
  });
  return Number(text);
}

/** Signals reach every process of the tree at once, but dying takes each one a moment. */
async function expectProcessGone(pid: number): Promise<void> {
  await vi.waitFor(() => expect(isProcessAlive(pid)).toBe(false));
}

describe("TaskRunner task lifecycle", () => {
  it("heartbeats, polls its worker group, acks before running, then reports FINISHED", async () => {
    const marker = file("ran");
    const ranAtAck: boolean[] = [];
    fake.progressAnswer = () => {
      ranAtAck.push(existsSync(marker));
      return { canceled: false };
    };
    const task = makeTask(shellActivity(`touch "${marker}"`));
    fake.queueTask(task);
    const { runner } = createRunner({ maxTasks: 1, progressIntervalMs: 60_000 });

    await runner.start();

    // The ack comes before the work; the last report (with the output paths and tails) after it.
    expect(ranAtAck).toEqual([false, true]);
    expect(existsSync(marker)).toBe(true);
    expect(fake.calls).toEqual([
      "ReportTaskRunnerHeartbeat",
      "PollForTask",
      `ReportTaskProgress:${task.taskId}`,
      `ReportTaskProgress:${task.taskId}`,
      `SetTaskStatus:${task.taskId}`,
    ]);
    expect(fake.callsOf("ReportTaskProgress")[0]).toEqual({ taskId: task.taskId });
    expect(fake.callsOf("ReportTaskProgress")[1]?.fields?.map((f) => f.key)).toEqual(["stdoutPath", "stderrPath"]);
    expect(fake.callsOf("ReportTaskRunnerHeartbeat")).toEqual([
      { taskrunnerId: "runner-1", workerGroup: "wg-Exact", hostname: "test-host" },
    ]);
    expect(fake.callsOf("PollForTask")).toEqual([{ workerGroup: "wg-Exact", hostname: "test-host" }]);
    expect(fake.statusOf(task.taskId)).toEqual({ taskId: task.taskId, taskStatus: "FINISHED" });
  });

  it("passes scriptArgument and the task ids to the command and writes its output under the log dir", async () => {
    const task = makeTask(
      shellActivity('echo "$1|$2|$PIPELINEHOUSE_PIPELINE_ID|$PIPELINEHOUSE_ATTEMPT_ID|$PIPELINEHOUSE_TASK_ID"', [
        { key: "scriptArgument", stringValue: "a b" },
        { key: "scriptArgument", stringValue: "c" },
      ]),
    );
    fake.queueTask(task);
    await createRunner({ maxTasks: 1 }).runner.start();

    const stdout = await readFile(path.join(dir, "logs", "df-fake", String(task.attemptId), "stdout.log"), "utf8");
    expect(stdout).toBe(`a b|c|df-fake|${task.attemptId}|${task.taskId}\n`);
  });

  it("sends the stdout and stderr tails with its progress reports, for the console", async () => {
    const task = makeTask(shellActivity("echo hello out; echo 'oops' >&2"));
    fake.queueTask(task);
    await createRunner({ maxTasks: 1 }).runner.start();

    const fields = fake.callsOf("ReportTaskProgress").flatMap((c) => c.fields ?? []);
    expect(fields.find((f) => f.key === "stdoutTail")?.stringValue).toBe("hello out\n");
    expect(fields.find((f) => f.key === "stderrTail")?.stringValue).toBe("oops\n");
    expect(fake.calls.at(-1)).toBe(`SetTaskStatus:${task.taskId}`);
  });

  it("reports a failing activity as FAILED with ShellCommandFailed and the stderr tail", async () => {
    const task = makeTask(shellActivity("echo 'disk on fire' >&2; exit 4"));
    fake.queueTask(task);
    await createRunner({ maxTasks: 1 }).runner.start();

    const status = fake.statusOf(task.taskId);
    expect(status).toMatchObject({
      taskStatus: "FAILED",
      errorId: "ShellCommandFailed",
      errorStackTrace: "disk on fire",
    });
    expect(status?.errorMessage).toMatch(/^Command exited with code 4\n[\s\S]*disk on fire$/);
  });

  it("reports a precondition as FALSE when its command fails and FINISHED when it succeeds", async () => {
    const precondition = (command: string) =>
      makeTask([
        { key: "type", stringValue: "ShellCommandPrecondition" },
        { key: "command", stringValue: command },
      ]);
    const unmet = precondition("test -e /definitely/not/here");
    const met = precondition("true");
    fake.queue({ task: unmet }, { task: met });
    await createRunner({ maxTasks: 2 }).runner.start();

    expect(fake.statusOf(unmet.taskId)).toEqual({ taskId: unmet.taskId, taskStatus: "FALSE" });
    expect(fake.statusOf(met.taskId)).toEqual({ taskId: met.taskId, taskStatus: "FINISHED" });
  });

  it("fails unsupported task types, malformed copies and s3 shell scripts without running anything", async () => {
    const emr = makeTask([{ key: "type", stringValue: "EmrActivity" }]);
    const copy = makeTask([{ key: "type", stringValue: "CopyActivity" }]);
    const s3 = makeTask([
      { key: "type", stringValue: "ShellCommandActivity" },
      { key: "scriptUri", stringValue: "s3://bucket/job.sh" },
    ]);
    fake.queue({ task: emr }, { task: copy }, { task: s3 });
    await createRunner({ maxTasks: 3 }).runner.start();

    expect(fake.statusOf(emr.taskId)).toMatchObject({ taskStatus: "FAILED", errorId: "UnsupportedTaskType" });
    expect(fake.statusOf(emr.taskId)?.errorMessage).toContain(
      "EmrActivity is not supported by this runner: it needs an EMR cluster",
    );
    expect(fake.statusOf(copy.taskId)).toMatchObject({ taskStatus: "FAILED", errorId: "InvalidCopyActivity" });
    expect(fake.statusOf(s3.taskId)).toMatchObject({ taskStatus: "FAILED", errorId: "UnsupportedScriptUri" });
  });

  it("reports a script that cannot be started as FAILED", async () => {
    const task = makeTask([
      { key: "type", stringValue: "ShellCommandActivity" },
      { key: "scriptUri", stringValue: file("no-such-script.sh") },
    ]);
    fake.queueTask(task);
    await createRunner({ maxTasks: 1 }).runner.start();
    expect(fake.statusOf(task.taskId)).toMatchObject({ taskStatus: "FAILED", errorId: "CommandStartFailed" });
  });

  it("keeps reporting progress while a task runs", async () => {
    const go = file("go");
    const task = makeTask(shellActivity(waitForFile(go)));
    fake.queueTask(task);
    const done = createRunner({ maxTasks: 1, progressIntervalMs: 10 }).runner.start();

    await vi.waitFor(() => expect(fake.callsOf("ReportTaskProgress").length).toBeGreaterThanOrEqual(4));
    await writeFile(go, "");
    await done;
    expect(fake.statusOf(task.taskId)?.taskStatus).toBe("FINISHED");
  });
});

describe("TaskRunner when the server takes a task back", () => {
  it("kills the process tree and skips SetTaskStatus when progress answers canceled", async () => {
    const pidFile = file("child.pid");
    fake.progressAnswer = () => ({ canceled: existsSync(pidFile) });
    const task = makeTask(shellActivity(treeCommand(pidFile)));
    fake.queueTask(task);
    const { runner, eventNames } = createRunner({ maxTasks: 1 });

    await runner.start();

    await expectProcessGone(await readPid(pidFile));
    expect(fake.callsOf("SetTaskStatus")).toEqual([]);
    expect(eventNames()).toContain("canceled");
  });

  it("does not run a task whose ack already answers canceled", async () => {
    const marker = file("ran");
    fake.progressAnswer = () => ({ canceled: true });
    fake.queueTask(makeTask(shellActivity(`touch "${marker}"`)));
    await createRunner({ maxTasks: 1 }).runner.start();
    expect(existsSync(marker)).toBe(false);
    expect(fake.callsOf("SetTaskStatus")).toEqual([]);
  });

  it("on TaskNotFound from progress: kills the task, skips SetTaskStatus, keeps polling", async () => {
    const pidFile = file("child.pid");
    const lost = makeTask(shellActivity(treeCommand(pidFile)));
    const next = makeTask(shellActivity("true"));
    fake.progressAnswer = (input) =>
      input.taskId === lost.taskId && existsSync(pidFile) ? taskNotFound() : { canceled: false };
    fake.queue({ task: lost }, { task: next });
    const { runner, events } = createRunner({ maxTasks: 2 });

    await runner.start();

    await expectProcessGone(await readPid(pidFile));
    expect(fake.statusOf(lost.taskId)).toBeUndefined();
    expect(fake.statusOf(next.taskId)?.taskStatus).toBe("FINISHED");
    expect(events).toContainEqual(
      expect.objectContaining({ event: "lease-lost", details: expect.objectContaining({ during: "progress" }) }),
    );
  });

  it("on TaskNotFound from the ack: does not run the task", async () => {
    const marker = file("ran");
    fake.progressAnswer = () => taskNotFound();
    fake.queueTask(makeTask(shellActivity(`touch "${marker}"`)));
    await createRunner({ maxTasks: 1 }).runner.start();
    expect(existsSync(marker)).toBe(false);
    expect(fake.callsOf("SetTaskStatus")).toEqual([]);
  });

  it("on TaskNotFound from SetTaskStatus: logs it and keeps polling", async () => {
    const first = makeTask(shellActivity("true"));
    const second = makeTask(shellActivity("true"));
    fake.statusAnswer = (input) => (input.taskId === first.taskId ? taskNotFound() : {});
    fake.queue({ task: first }, { task: second });
    const { runner, events } = createRunner({ maxTasks: 2 });

    await runner.start();

    expect(fake.callsOf("SetTaskStatus").map((input) => input.taskId)).toEqual([first.taskId, second.taskId]);
    expect(events).toContainEqual(
      expect.objectContaining({ event: "lease-lost", details: expect.objectContaining({ during: "set-status" }) }),
    );
    expect(events.filter((entry) => entry.event === "finished")).toHaveLength(1);
  });
});

describe("TaskRunner loop control", () => {
  it("runs N tasks at once with concurrency N", async () => {
    const go = file("go");
    const tasks = [1, 2, 3].map((n) => makeTask(shellActivity(waitForFile(go, `touch "${file(`started-${n}`)}";`))));
    fake.queue(...tasks.map((task) => ({ task })));
    const done = createRunner({ concurrency: 3, maxTasks: 3 }).runner.start();

    // All three must be running together before any is allowed to finish.
    await vi.waitFor(() => expect([1, 2, 3].every((n) => existsSync(file(`started-${n}`)))).toBe(true));
    await writeFile(go, "");
    await done;
    expect(tasks.map((task) => fake.statusOf(task.taskId)?.taskStatus)).toEqual(["FINISHED", "FINISHED", "FINISHED"]);
  });

  it("takes no more than --max-tasks tasks across all slots", async () => {
    fake.queue(...[1, 2, 3].map(() => ({ task: makeTask(shellActivity("true")) })));
    await createRunner({ concurrency: 2, maxTasks: 2 }).runner.start();
    expect(fake.callsOf("SetTaskStatus")).toHaveLength(2);
    expect(fake.callsOf("PollForTask")).toHaveLength(2);
  });

  it("with exitWhenIdle, ends each loop when a poll comes back empty", async () => {
    const task = makeTask(shellActivity("true"));
    fake.queue({ task }, { empty: true }, { empty: true });
    const { runner, eventNames } = createRunner({ concurrency: 2, exitWhenIdle: true });
    await runner.start();
    expect(fake.statusOf(task.taskId)?.taskStatus).toBe("FINISHED");
    expect(eventNames().filter((name) => name === "polled")).toHaveLength(2);
  });

  it("backs off exponentially on network errors and recovers", async () => {
    const networkError = () =>
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:3000"), { code: "ECONNREFUSED" });
    const task = makeTask(shellActivity("true"));
    fake.queue({ error: networkError() }, { error: networkError() }, { error: networkError() }, { task });
    const delays: number[] = [];
    const { runner, eventNames } = createRunner({
      maxTasks: 1,
      backoff: { baseMs: 100, maxMs: 250 },
      random: () => 1,
      delay: async (ms) => {
        delays.push(ms);
      },
    });

    await runner.start();

    expect(delays).toEqual([100, 200, 250]);
    expect(eventNames().filter((name) => name === "poll-error")).toHaveLength(3);
    expect(fake.statusOf(task.taskId)?.taskStatus).toBe("FINISHED");
  });

  it("keeps going when a heartbeat fails", async () => {
    fake.heartbeatAnswer = () => new Error("socket hang up");
    const task = makeTask(shellActivity("true"));
    fake.queueTask(task);
    await createRunner({ maxTasks: 1 }).runner.start();
    expect(fake.statusOf(task.taskId)?.taskStatus).toBe("FINISHED");
  });
});

describe("TaskRunner shutdown", () => {
  it("exits without polling when the first heartbeat says terminate", async () => {
    fake.heartbeatAnswer = () => ({ terminate: true });
    await createRunner().runner.start();
    expect(fake.callsOf("PollForTask")).toEqual([]);
  });

  it("on a later terminate, stops polling and lets the running task finish", async () => {
    const go = file("go");
    const task = makeTask(shellActivity(waitForFile(go)));
    fake.queueTask(task);
    fake.heartbeatAnswer = (_input, callNumber) => ({ terminate: callNumber >= 2 });
    const { runner, eventNames } = createRunner({ heartbeatIntervalMs: 10 });
    const done = runner.start();

    await vi.waitFor(() => expect(eventNames()).toContain("stopping"));
    await writeFile(go, "");
    await done;
    expect(fake.statusOf(task.taskId)?.taskStatus).toBe("FINISHED");
    expect(fake.callsOf("PollForTask")).toHaveLength(1);
  });

  it("sends heartbeats periodically", async () => {
    const { runner } = createRunner({ heartbeatIntervalMs: 5 });
    const done = runner.start();
    await vi.waitFor(() => expect(fake.callsOf("ReportTaskRunnerHeartbeat").length).toBeGreaterThanOrEqual(3));
    await runner.stop();
    await done;
  });

  it("stop() aborts a poll in flight", async () => {
    const { runner, eventNames } = createRunner();
    const done = runner.start();
    await vi.waitFor(() => expect(fake.callsOf("PollForTask")).toHaveLength(1));
    await runner.stop("SIGTERM");
    await done;
    expect(eventNames()).toEqual(["started", "heartbeat", "stopping", "stopped"]);
  });

  it("stop() lets a running task finish within the grace period", async () => {
    const go = file("go");
    const task = makeTask(shellActivity(waitForFile(go)));
    fake.queueTask(task);
    const { runner } = createRunner({ shutdownGraceMs: 10_000 });
    const done = runner.start();
    await vi.waitFor(() => expect(fake.callsOf("ReportTaskProgress").length).toBeGreaterThanOrEqual(1));

    const stopped = runner.stop();
    await writeFile(go, "");
    await stopped;
    await done;
    expect(fake.statusOf(task.taskId)?.taskStatus).toBe("FINISHED");
  });

  it("stop() kills tasks still running after the grace period, without SetTaskStatus", async () => {
    const pidFile = file("child.pid");
    fake.queueTask(makeTask(shellActivity(treeCommand(pidFile))));
    const { runner, eventNames } = createRunner({ shutdownGraceMs: 50 });
    const done = runner.start();
    const child = await readPid(pidFile);

    await runner.stop();
    await done;
    await expectProcessGone(child);
    expect(fake.callsOf("SetTaskStatus")).toEqual([]);
    expect(eventNames()).toContain("killed");
  });

  it("killAll() kills running tasks at once", async () => {
    const pidFile = file("child.pid");
    fake.queueTask(makeTask(shellActivity(`trap '' TERM; ${treeCommand(pidFile)}`)));
    const { runner } = createRunner({ shutdownGraceMs: 60_000, execute: { killGraceMs: 60_000 } });
    const done = runner.start();
    const child = await readPid(pidFile);

    runner.killAll();
    await done;
    await expectProcessGone(child);
    expect(fake.callsOf("SetTaskStatus")).toEqual([]);
  });
});
