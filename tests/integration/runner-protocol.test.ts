import {
  DeactivatePipelineCommand,
  DeletePipelineCommand,
  DescribeObjectsCommand,
  DescribePipelinesCommand,
  EvaluateExpressionCommand,
  InvalidRequestException,
  PollForTaskCommand,
  ReportTaskRunnerHeartbeatCommand,
  SetStatusCommand,
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
  TaskNotFoundException,
  type PipelineObject,
} from "@aws-sdk/client-data-pipeline";
import { describe, expect, it } from "vitest";
import { endpoint, sdk, signedFetch } from "./helpers";
import { completeTask, describe1, instanceIds, pollTask, ref, startPipeline, str, uniqueGroup } from "./runner-helpers";

const client = sdk();

function twoStep(group: string, extraDefault: { key: string; stringValue: string }[] = []): PipelineObject[] {
  return [
    {
      id: "Default",
      name: "Default",
      fields: [
        { key: "scheduleType", stringValue: "ondemand" },
        { key: "workerGroup", stringValue: group },
        ...extraDefault,
      ],
    },
    {
      id: "Step1",
      name: "Step1",
      fields: [
        { key: "type", stringValue: "ShellCommandActivity" },
        { key: "command", stringValue: "echo #{myGreeting} at #{@scheduledStartTime}" },
        { key: "scriptArgument", stringValue: "first" },
        { key: "scriptArgument", stringValue: "second" },
        { key: "myGreeting", stringValue: "hello from #{parent.name}" },
      ],
    },
    {
      id: "Step2",
      name: "Step2",
      fields: [
        { key: "type", stringValue: "ShellCommandActivity" },
        { key: "command", stringValue: "echo step two" },
        { key: "dependsOn", refValue: "Step1" },
      ],
    },
  ];
}

describe("the runner cycle", () => {
  it("hands out a resolved, evaluated task object and moves it through ack, progress and FINISHED", async () => {
    const group = uniqueGroup();
    const pipelineId = await startPipeline(client, twoStep(group));
    const task = await pollTask(client, group);
    expect(task.pipelineId).toBe(pipelineId);
    expect(task.taskId).toBeTruthy();
    expect(task.attemptId).toMatch(/^@Step1_\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}_Attempt=1$/);
    const attempt = task.objects![task.attemptId!]!;
    const instanceId = task.attemptId!.replace(/_Attempt=1$/, "");
    expect(attempt.id).toBe(task.attemptId);
    expect(ref(attempt, "@componentParent")).toBe("Step1");
    expect(ref(attempt, "@instanceParent")).toBe(instanceId);
    expect(ref(attempt, "parent")).toBe("Step1");
    expect(str(attempt, "@sphere")).toBe("ATTEMPT");
    expect(str(attempt, "@status")).toBe("WAITING_FOR_RUNNER");
    expect(str(attempt, "workerGroup")).toBe(group); // inherited from Default
    expect(str(attempt, "type")).toBe("ShellCommandActivity");
    expect(str(attempt, "@actualStartTime")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const scheduled = str(attempt, "@scheduledStartTime")!;
    expect(str(attempt, "command")).toBe(`echo hello from Step1 at ${scheduled}`);
    expect(attempt.fields!.filter((f) => f.key === "scriptArgument").map((f) => f.stringValue)).toEqual([
      "first",
      "second",
    ]);

    expect(str(await describe1(client, pipelineId, instanceId), "@status")).toBe("WAITING_FOR_RUNNER");
    const ack = await client.send(
      new ReportTaskProgressCommand({ taskId: task.taskId!, fields: [{ key: "percentComplete", stringValue: "10" }] }),
    );
    expect(ack.canceled).toBe(false);
    expect(await instanceIds(client, pipelineId, "RUNNING")).toEqual([instanceId]);
    const running = await describe1(client, pipelineId, task.attemptId!);
    expect(str(running, "@status")).toBe("RUNNING");
    expect(str(running, "percentComplete")).toBe("10");
    expect(str(running, "hostname")).toBe("test-host");

    // Step2 depends on Step1: nothing for it until Step1 finishes.
    expect(str(await describe1(client, pipelineId, instanceId.replace("@Step1_", "@Step2_")), "@status")).toBe(
      "WAITING_ON_DEPENDENCIES",
    );
    await client.send(new SetTaskStatusCommand({ taskId: task.taskId!, taskStatus: "FINISHED" }));
    expect(str(await describe1(client, pipelineId, instanceId), "@status")).toBe("FINISHED");
    await expect(
      client.send(new SetTaskStatusCommand({ taskId: task.taskId!, taskStatus: "FINISHED" })),
    ).rejects.toBeInstanceOf(TaskNotFoundException);
    await expect(client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }))).rejects.toBeInstanceOf(
      TaskNotFoundException,
    );

    const second = await pollTask(client, group);
    expect(second.attemptId).toMatch(/^@Step2_/);
    expect(second.taskId).not.toBe(task.taskId);
    await completeTask(client, second);
    expect(await instanceIds(client, pipelineId, "FINISHED")).toHaveLength(2);
  });

  it("matches worker groups exactly and case-sensitively", async () => {
    const group = uniqueGroup("Exact");
    await startPipeline(client, twoStep(group));
    const [lower, spaced] = await Promise.all([
      client.send(new PollForTaskCommand({ workerGroup: group.toLowerCase() })),
      client.send(new PollForTaskCommand({ workerGroup: `${group} ` })),
    ]);
    expect(lower.taskObject).toBeUndefined();
    expect(spaced.taskObject).toBeUndefined();
    const task = await pollTask(client, group);
    expect(task.attemptId).toMatch(/^@Step1_/);
  });

  it("wakes a waiting poll when a task becomes ready", async () => {
    const group = uniqueGroup();
    const waiting = client.send(new PollForTaskCommand({ workerGroup: group }));
    const startedAt = Date.now();
    await startPipeline(client, twoStep(group));
    const out = await waiting;
    expect(out.taskObject?.attemptId).toMatch(/^@Step1_/);
    expect(Date.now() - startedAt).toBeLessThan(2500); // the server holds an empty poll for 3 s
  });

  it("retries a failed attempt with a new attempt id, then fails the instance and cascades", async () => {
    const group = uniqueGroup();
    const objects = twoStep(group, [
      { key: "maximumRetries", stringValue: "1" },
      { key: "failureAndRerunMode", stringValue: "CASCADE" },
    ]);
    const pipelineId = await startPipeline(client, objects);
    const first = await pollTask(client, group);
    await client.send(new ReportTaskProgressCommand({ taskId: first.taskId! }));
    await client.send(
      new SetTaskStatusCommand({
        taskId: first.taskId!,
        taskStatus: "FAILED",
        errorId: "Exit1",
        errorMessage: "boom",
        errorStackTrace: "line 1",
      }),
    );
    const failedAttempt = await describe1(client, pipelineId, first.attemptId!);
    expect(str(failedAttempt, "@status")).toBe("FAILED");
    expect(str(failedAttempt, "errorId")).toBe("Exit1");
    expect(str(failedAttempt, "errorMessage")).toBe("boom");
    expect(str(failedAttempt, "errorStackTrace")).toBe("line 1");

    const retry = await pollTask(client, group);
    expect(retry.attemptId).toBe(first.attemptId!.replace("_Attempt=1", "_Attempt=2"));
    await client.send(new ReportTaskProgressCommand({ taskId: retry.taskId! }));
    await client.send(
      new SetTaskStatusCommand({ taskId: retry.taskId!, taskStatus: "FAILED", errorMessage: "boom again" }),
    );
    const instanceId = first.attemptId!.replace("_Attempt=1", "");
    const instance = await describe1(client, pipelineId, instanceId);
    expect(str(instance, "@status")).toBe("FAILED");
    expect(str(instance, "@attemptCount")).toBe("2");
    expect(ref(instance, "@headAttempt")).toBe(retry.attemptId);
    const step2 = await describe1(client, pipelineId, instanceId.replace("@Step1_", "@Step2_"));
    expect(str(step2, "@status")).toBe("CASCADE_FAILED");
    expect(ref(step2, "@cascadeFailedOn")).toBe(instanceId);
  });

  it("rejects bad runner input with AWS-shaped 400s", async () => {
    await expect(client.send(new PollForTaskCommand({ workerGroup: "" }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
    await expect(
      client.send(new SetTaskStatusCommand({ taskId: "nope", taskStatus: "DONE" as "FINISHED" })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(
      client.send(new SetTaskStatusCommand({ taskId: "nope", taskStatus: "FINISHED" })),
    ).rejects.toBeInstanceOf(TaskNotFoundException);
    await expect(client.send(new ReportTaskProgressCommand({ taskId: "" }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
    const group = uniqueGroup();
    await startPipeline(client, twoStep(group));
    const task = await pollTask(client, group);
    await expect(
      client.send(new SetTaskStatusCommand({ taskId: task.taskId!, taskStatus: "FALSE" })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(
      client.send(new SetTaskStatusCommand({ taskId: task.taskId!, taskStatus: "FAILED", errorId: "Service_Mine" })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    // The rejected calls changed nothing: the lease is still good.
    await client.send(new SetTaskStatusCommand({ taskId: task.taskId!, taskStatus: "FINISHED" }));
  });
});

describe("operator actions reach runners", () => {
  it("TRY_CANCEL on a running instance answers canceled to the runner, then TaskNotFound", async () => {
    const group = uniqueGroup();
    const pipelineId = await startPipeline(client, twoStep(group));
    const task = await pollTask(client, group);
    await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }));
    const instanceId = task.attemptId!.replace("_Attempt=1", "");
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [instanceId], status: "TRY_CANCEL" }));
    expect((await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }))).canceled).toBe(true);
    expect(str(await describe1(client, pipelineId, instanceId), "@status")).toBe("CANCELED");
    expect(str(await describe1(client, pipelineId, task.attemptId!), "@status")).toBe("CANCELED");
    await expect(
      client.send(new SetTaskStatusCommand({ taskId: task.taskId!, taskStatus: "FINISHED" })),
    ).rejects.toBeInstanceOf(TaskNotFoundException);
  });

  it("RERUN starts a new attempt and MARK_FINISHED releases dependents", async () => {
    const group = uniqueGroup();
    const pipelineId = await startPipeline(client, twoStep(group, [{ key: "maximumRetries", stringValue: "0" }]));
    const task = await pollTask(client, group);
    const instanceId = task.attemptId!.replace("_Attempt=1", "");
    await client.send(
      new SetTaskStatusCommand({ taskId: task.taskId!, taskStatus: "FAILED", errorMessage: "first try failed" }),
    );
    expect(await statusOfInstance(pipelineId, instanceId)).toBe("FAILED");
    await expect(
      client.send(new SetStatusCommand({ pipelineId, objectIds: [instanceId], status: "PAUSE" })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(
      client.send(new SetStatusCommand({ pipelineId, objectIds: [instanceId, "Step1"], status: "RERUN" })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [instanceId], status: "rerun" }));
    const again = await pollTask(client, group);
    expect(again.attemptId).toBe(`${instanceId}_Attempt=2`);
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [instanceId], status: "MARK_FINISHED" }));
    expect(await statusOfInstance(pipelineId, instanceId)).toBe("FINISHED");
    expect((await client.send(new ReportTaskProgressCommand({ taskId: again.taskId! }))).canceled).toBe(true);
    const step2 = await pollTask(client, group);
    expect(step2.attemptId).toMatch(/^@Step2_/);
  });

  it("PAUSE holds a component's tasks back and RESUME releases them", async () => {
    const group = uniqueGroup();
    const pipelineId = await startPipeline(client, twoStep(group));
    await client.send(new SetStatusCommand({ pipelineId, objectIds: ["Step1"], status: "PAUSE" }));
    const held = await client.send(new PollForTaskCommand({ workerGroup: group }));
    expect(held.taskObject).toBeUndefined();
    const paused = await instanceIds(client, pipelineId, "PAUSED");
    expect(paused).toHaveLength(1);
    expect(str(await describe1(client, pipelineId, "Step1"), "@status")).toBe("PAUSED");
    await client.send(new SetStatusCommand({ pipelineId, objectIds: ["Step1"], status: "RESUME" }));
    const task = await pollTask(client, group);
    expect(task.attemptId).toMatch(/^@Step1_/);
  });

  it("DeactivatePipeline cancels running work; DeletePipeline cancels what a runner holds", async () => {
    const group = uniqueGroup();
    const pipelineId = await startPipeline(client, twoStep(group));
    const task = await pollTask(client, group);
    await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }));
    await client.send(new DeactivatePipelineCommand({ pipelineId }));
    expect((await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }))).canceled).toBe(true);
    const described = await client.send(new DescribePipelinesCommand({ pipelineIds: [pipelineId] }));
    expect(described.pipelineDescriptionList![0]!.fields!.find((f) => f.key === "@pipelineState")?.stringValue).toBe(
      "INACTIVE",
    );
    expect(await instanceIds(client, pipelineId, "CANCELED")).toHaveLength(2);

    const group2 = uniqueGroup();
    const doomed = await startPipeline(client, twoStep(group2));
    const held = await pollTask(client, group2);
    await client.send(new ReportTaskProgressCommand({ taskId: held.taskId! }));
    await client.send(new DeletePipelineCommand({ pipelineId: doomed }));
    expect((await client.send(new ReportTaskProgressCommand({ taskId: held.taskId! }))).canceled).toBe(true);
    await expect(client.send(new ReportTaskProgressCommand({ taskId: held.taskId! }))).rejects.toBeInstanceOf(
      TaskNotFoundException,
    );
  });

  it("records runner heartbeats", async () => {
    const out = await client.send(
      new ReportTaskRunnerHeartbeatCommand({ taskrunnerId: `runner-${Date.now()}`, workerGroup: "wg", hostname: "h1" }),
    );
    expect(out.terminate).toBe(false);
  });
});

describe("preconditions", () => {
  it("retries a precondition answered FALSE, and runs the activity once it is met", async () => {
    const group = uniqueGroup();
    const objects: PipelineObject[] = [
      {
        id: "Default",
        name: "Default",
        fields: [
          { key: "scheduleType", stringValue: "ondemand" },
          { key: "workerGroup", stringValue: group },
        ],
      },
      {
        id: "Ready",
        name: "Ready",
        fields: [
          { key: "type", stringValue: "ShellCommandPrecondition" },
          { key: "command", stringValue: "test -f /tmp/#{node.@scheduledStartTime}" },
          { key: "preconditionTimeout", stringValue: "2 hours" },
          { key: "retryDelay", stringValue: "2 minutes" },
        ],
      },
      {
        id: "Act",
        name: "Act",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "command", stringValue: "echo go" },
          { key: "precondition", refValue: "Ready" },
        ],
      },
    ];
    const pipelineId = await startPipeline(client, objects);
    const check = await pollTask(client, group);
    expect(check.attemptId).toMatch(/^@Ready_/);
    const checkObject = check.objects![check.attemptId!]!;
    const scheduled = str(checkObject, "@scheduledStartTime");
    expect(str(checkObject, "command")).toBe(`test -f /tmp/${scheduled}`); // node = the activity instance
    const actInstance = `@Act_${scheduled}`;
    expect(await statusOfInstance(pipelineId, actInstance)).toBe("WAITING_ON_DEPENDENCIES");
    await completeTask(client, check, { taskStatus: "FALSE" });
    const recheck = await pollTask(client, group); // retryDelay 2 minutes x DURATION_SCALE 0.01
    expect(recheck.attemptId).toBe(check.attemptId!.replace("_Attempt=1", "_Attempt=2"));
    await client.send(new SetTaskStatusCommand({ taskId: recheck.taskId!, taskStatus: "FINISHED" }));
    const act = await pollTask(client, group);
    expect(act.attemptId).toBe(`${actInstance}_Attempt=1`);
    expect(ref(act.objects![act.attemptId!], "precondition")).toBe(`@Ready_${scheduled}`);
  });

  it("fails the precondition after preconditionTimeout and cascades to the activity", async () => {
    const group = uniqueGroup();
    const objects: PipelineObject[] = [
      {
        id: "Default",
        name: "Default",
        fields: [
          { key: "scheduleType", stringValue: "ondemand" },
          { key: "workerGroup", stringValue: group },
          { key: "failureAndRerunMode", stringValue: "cascade" },
        ],
      },
      {
        id: "Never",
        name: "Never",
        fields: [
          { key: "type", stringValue: "ShellCommandPrecondition" },
          { key: "command", stringValue: "false" },
          { key: "preconditionTimeout", stringValue: "1 minutes" },
          { key: "retryDelay", stringValue: "2 minutes" },
        ],
      },
      {
        id: "Act",
        name: "Act",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "command", stringValue: "echo" },
          { key: "precondition", refValue: "Never" },
        ],
      },
    ];
    const pipelineId = await startPipeline(client, objects);
    const check = await pollTask(client, group);
    await client.send(new SetTaskStatusCommand({ taskId: check.taskId!, taskStatus: "FALSE" }));
    // retryDelay (1.2 s scaled) is past preconditionTimeout (0.6 s scaled): no second check.
    const instanceId = check.attemptId!.replace("_Attempt=1", "");
    expect(await statusOfInstance(pipelineId, instanceId)).toBe("FAILED");
    const act = (await instanceIds(client, pipelineId)).find((id) => id.startsWith("@Act_"))!;
    expect(await statusOfInstance(pipelineId, act)).toBe("CASCADE_FAILED");
  });
});

describe("schedules", () => {
  function scheduled(group: string, scheduleType: string, start: Date): PipelineObject[] {
    const iso = (d: Date) => d.toISOString().slice(0, 19);
    return [
      {
        id: "Default",
        name: "Default",
        fields: [
          { key: "scheduleType", stringValue: scheduleType },
          { key: "workerGroup", stringValue: group },
          { key: "schedule", refValue: "Hourly" },
          { key: "maxActiveInstances", stringValue: "5" },
        ],
      },
      {
        id: "Hourly",
        name: "Hourly",
        fields: [
          { key: "type", stringValue: "Schedule" },
          { key: "period", stringValue: "1 hour" },
          { key: "startDateTime", stringValue: iso(start) },
          { key: "endDateTime", stringValue: iso(new Date(start.getTime() + 3 * 3600_000)) },
        ],
      },
      {
        id: "Job",
        name: "Job",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "command", stringValue: "echo #{@scheduledStartTime}" },
        ],
      },
    ];
  }

  it("cron creates an instance at the start of each due period, timeseries at its end, with past periods backfilled", async () => {
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 90 * 60_000);
    const cronId = await startPipeline(client, scheduled(uniqueGroup(), "cron", start));
    const seriesId = await startPipeline(client, scheduled(uniqueGroup(), "timeseries", start));
    const at = (offsetHours: number) =>
      `@Job_${new Date(start.getTime() + offsetHours * 3600_000).toISOString().slice(0, 19)}`;
    expect((await instanceIds(client, cronId)).sort()).toEqual([at(0), at(1)]);
    expect(await instanceIds(client, seriesId)).toEqual([at(0)]);
    const instance = await describe1(client, cronId, at(1));
    expect(str(instance, "@scheduledStartTime")).toBe(at(1).slice(5));
    expect(str(instance, "@scheduledEndTime")).toBe(
      new Date(start.getTime() + 2 * 3600_000).toISOString().slice(0, 19),
    );
  });

  it("finishes a pipeline whose schedule is exhausted once its runs are done", async () => {
    const group = uniqueGroup();
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 3600_000);
    const pipelineId = await startPipeline(client, scheduled(group, "cron", start));
    for (let i = 0; i < 3; i++) {
      const task = await pollTask(client, group);
      await client.send(new SetTaskStatusCommand({ taskId: task.taskId!, taskStatus: "FINISHED" }));
    }
    await waitForPipelineState(pipelineId, "FINISHED");
  });
});

describe("expressions at run time", () => {
  it("evaluates on instances through EvaluateExpression and DescribeObjects", async () => {
    const group = uniqueGroup();
    const pipelineId = await startPipeline(client, twoStep(group));
    const task = await pollTask(client, group);
    const instanceId = task.attemptId!.replace("_Attempt=1", "");
    const scheduled = instanceId.slice("@Step1_".length);
    const out = await client.send(
      new EvaluateExpressionCommand({
        pipelineId,
        objectId: instanceId,
        expression: "#{format(@scheduledStartTime,'YYYY')}/#{myGreeting}/#{@status}",
      }),
    );
    expect(out.evaluatedExpression).toBe(`${scheduled.slice(0, 4)}/hello from Step1/WAITING_FOR_RUNNER`);
    const raw = await describe1(client, pipelineId, instanceId);
    expect(str(raw, "command")).toBe("echo #{myGreeting} at #{@scheduledStartTime}");
    const evaluated = await client.send(
      new DescribeObjectsCommand({ pipelineId, objectIds: [instanceId], evaluateExpressions: true }),
    );
    expect(str(evaluated.pipelineObjects![0], "command")).toBe(`echo hello from Step1 at ${scheduled}`);
    await expect(
      client.send(new EvaluateExpressionCommand({ pipelineId, objectId: instanceId, expression: "#{nosuchfield}" })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
  });
});

describe("exactly-once hand-out", () => {
  it("32 concurrent pollers share 500 tasks, each handed out exactly once", async () => {
    const group = uniqueGroup("many");
    const perPipeline = 100;
    const pipelines = 5;
    for (let p = 0; p < pipelines; p++) {
      const objects: PipelineObject[] = [
        {
          id: "Default",
          name: "Default",
          fields: [
            { key: "scheduleType", stringValue: "ondemand" },
            { key: "workerGroup", stringValue: group },
          ],
        },
        ...Array.from({ length: perPipeline - 1 }, (_, i) => ({
          id: `A${i}`,
          name: `A${i}`,
          fields: [
            { key: "type", stringValue: "ShellCommandActivity" },
            { key: "command", stringValue: `echo ${i}` },
          ],
        })),
      ];
      await startPipeline(client, objects);
    }
    const total = pipelines * (perPipeline - 1);
    const received: string[] = [];
    const pollers = Array.from({ length: 32 }, async () => {
      const own = sdk();
      for (;;) {
        const out = await own.send(new PollForTaskCommand({ workerGroup: group }));
        if (!out.taskObject) return;
        received.push(`${out.taskObject.pipelineId}/${out.taskObject.attemptId}`);
        await completeTask(own, out.taskObject);
      }
    });
    await Promise.all(pollers);
    expect(received).toHaveLength(total);
    expect(new Set(received).size).toBe(total);
  }, 120_000);
});

async function statusOfInstance(pipelineId: string, id: string) {
  return str(await describe1(client, pipelineId, id), "@status");
}

async function waitForPipelineState(pipelineId: string, want: string) {
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new DescribePipelinesCommand({ pipelineIds: [pipelineId] }));
    if (d.pipelineDescriptionList![0]!.fields!.find((f) => f.key === "@pipelineState")?.stringValue === want) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pipeline ${pipelineId} never reached ${want}`);
}

describe("client disconnects", () => {
  it("a poll whose client went away stops waiting and leaves no lease behind", async () => {
    const group = uniqueGroup("gone");
    const heldPolls = async () =>
      ((await (await fetch(`${endpoint()}/api/health`)).json()) as { heldPolls: number }).heldPolls;
    const before = await heldPolls();
    const abort = new AbortController();
    const abandoned = signedFetch(`${endpoint()}/`, {
      method: "POST",
      headers: { "x-amz-target": "DataPipeline.PollForTask", "content-type": "application/x-amz-json-1.1" },
      body: JSON.stringify({ workerGroup: group }),
      signal: abort.signal,
    }).catch(() => undefined);
    for (let i = 0; i < 100 && (await heldPolls()) <= before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await heldPolls()).toBeGreaterThan(before);
    abort.abort();
    await abandoned;
    for (let i = 0; i < 100 && (await heldPolls()) > before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await heldPolls()).toBe(before);
    await startPipeline(client, twoStep(group));
    const out = await client.send(new PollForTaskCommand({ workerGroup: group }));
    expect(out.taskObject?.attemptId).toMatch(/^@Step1_/);
  });
});
