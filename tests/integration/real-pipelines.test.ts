import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  ActivatePipelineCommand,
  CreatePipelineCommand,
  DeactivatePipelineCommand,
  DescribeObjectsCommand,
  DescribePipelinesCommand,
  EvaluateExpressionCommand,
  GetPipelineDefinitionCommand,
  PutPipelineDefinitionCommand,
  ReportTaskProgressCommand,
  SetStatusCommand,
  SetTaskStatusCommand,
  ValidatePipelineDefinitionCommand,
  type ParameterObject,
  type ParameterValue,
  type PipelineObject,
} from "@aws-sdk/client-data-pipeline";
import { describe, expect, it } from "vitest";
import { endpoint, rawCall, sdk, uniqueName } from "./helpers";
import { completeTask, describe1, instanceIds, pollTask, ref, str, uniqueGroup, waitForStatus } from "./runner-helpers";
import { runnerEnv } from "./runner-helpers";

// Definitions shaped like the ones users bring from AWS (written for these tests): what AWS
// accepted validates and runs, schedules given through parameters run on time, expressions on
// instances and attempts follow references within their run, and the pipeline's health and
// last/next run tell the truth after finish, fail, rerun and cancel.

const client = sdk();

type Spec = Record<string, string | { ref: string } | (string | { ref: string })[]>;
function o(id: string, spec: Spec): PipelineObject {
  const fields: { key: string; stringValue?: string; refValue?: string }[] = [];
  for (const [key, value] of Object.entries(spec)) {
    for (const item of Array.isArray(value) ? value : [value])
      fields.push(typeof item === "string" ? { key, stringValue: item } : { key, refValue: item.ref });
  }
  return { id, name: id, fields };
}
const r = (id: string) => ({ ref: id });
const param = (id: string): ParameterObject => ({ id, attributes: [{ key: "type", stringValue: "String" }] });
/** `YYYY-MM-DDTHH:MM:SS` in UTC, as Data Pipeline writes times. */
const dp = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const parseDp = (text: string | undefined) => (text ? Date.parse(`${text}Z`) : NaN);

async function createPipeline(): Promise<string> {
  const name = uniqueName("real");
  return (await client.send(new CreatePipelineCommand({ name, uniqueId: name }))).pipelineId!;
}

async function put(
  pipelineId: string,
  objects: PipelineObject[],
  parameterObjects: ParameterObject[] = [],
  parameterValues: ParameterValue[] = [],
) {
  return client.send(
    new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: objects, parameterObjects, parameterValues }),
  );
}

async function pipelineFields(pipelineId: string): Promise<Record<string, string>> {
  const out = await client.send(new DescribePipelinesCommand({ pipelineIds: [pipelineId] }));
  return Object.fromEntries((out.pipelineDescriptionList?.[0]?.fields ?? []).map((f) => [f.key!, f.stringValue!]));
}

const evaluate = (pipelineId: string, objectId: string, expression: string) =>
  client.send(new EvaluateExpressionCommand({ pipelineId, objectId, expression })).then((x) => x.evaluatedExpression);

/** Waits (re-reading, never sleeping a fixed time) until `read` returns something `ok` accepts. */
async function until<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

describe("Put answers what Validate answers", () => {
  const cases: [string, PipelineObject[]][] = [
    [
      "two objects with one id",
      [
        o("Default", { scheduleType: "ondemand", workerGroup: "wg" }),
        o("Step", { type: "ShellCommandActivity", command: "echo a" }),
        o("Step", { type: "ShellCommandActivity", command: "echo b" }),
      ],
    ],
    [
      "an id repeated three times, one of them Default",
      [
        o("Default", { scheduleType: "ondemand", workerGroup: "wg" }),
        o("Default", { workerGroup: "other" }),
        o("Default", { role: "R" }),
      ],
    ],
    [
      "a reference cycle, a dangling reference and a schedule pointing at an activity",
      [
        o("Default", { workerGroup: "wg", schedule: r("A") }),
        o("A", { type: "ShellCommandActivity", command: "x", parent: r("B"), dependsOn: r("Nowhere") }),
        o("B", { type: "ShellCommandActivity", parent: r("A") }),
      ],
    ],
    [
      "fields that are neither known nor user-defined, and @ fields",
      [o("Default", { scheduleType: "ondemand", workerGroup: "wg", "@status": "RUNNING", bogus: "1", "*": "x" })],
    ],
  ];

  for (const [title, objects] of cases) {
    it(`${title}: the same validation result, stored, never a 500`, async () => {
      const pipelineId = await createPipeline();
      const validated = await client.send(
        new ValidatePipelineDefinitionCommand({ pipelineId, pipelineObjects: objects }),
      );
      const raw = await rawCall(
        "DataPipeline.PutPipelineDefinition",
        JSON.stringify({ pipelineId, pipelineObjects: objects }),
      );
      expect(raw.status).toBe(200);
      const putResult = raw.json as { errored: boolean; validationErrors?: unknown; validationWarnings?: unknown };
      expect(putResult.errored).toBe(true);
      expect(putResult.validationErrors).toEqual(validated.validationErrors);
      expect(putResult.validationWarnings ?? []).toEqual(validated.validationWarnings ?? []);
      // Stored as put: the definition reads back with every object, and cannot be activated.
      const got = await client.send(new GetPipelineDefinitionCommand({ pipelineId, version: "latest" }));
      expect(got.pipelineObjects?.map((x) => x.id)).toEqual(objects.map((x) => x.id));
      await expect(client.send(new ActivatePipelineCommand({ pipelineId }))).rejects.toThrow(/validation errors/);
    });
  }

  it("reports the duplicate id on the object, as Validate does", async () => {
    const pipelineId = await createPipeline();
    const out = await put(pipelineId, cases[0]![1]);
    expect(out.errored).toBe(true);
    expect(out.validationErrors).toEqual([
      {
        id: "Step",
        errors: ["INVALID_OBJECT: duplicate object id 'Step'; object ids must be unique within a pipeline."],
      },
    ]);
  });
});

describe("what AWS's own pages and samples rely on", () => {
  const wg = uniqueGroup("samples");
  const patterns: [string, PipelineObject[]][] = [
    [
      "logUri on an Ec2Resource",
      [
        o("Default", { scheduleType: "ondemand", role: "R", resourceRole: "RR" }),
        o("Box", { type: "Ec2Resource", logUri: "s3://logs/", securityGroups: "g", workerGroup: wg }),
        o("A", { type: "ShellCommandActivity", command: "echo hi", runsOn: r("Box") }),
      ],
    ],
    [
      "maxActiveInstances on a Schedule",
      [
        o("Default", { workerGroup: wg, scheduleType: "cron", schedule: r("Daily") }),
        o("Daily", {
          type: "Schedule",
          period: "1 day",
          startAt: "FIRST_ACTIVATION_DATE_TIME",
          maxActiveInstances: "1",
        }),
        o("A", { type: "ShellCommandActivity", command: "echo hi" }),
      ],
    ],
    [
      "scriptUri with scriptArgument",
      [
        o("Default", { scheduleType: "ondemand", workerGroup: wg }),
        o("A", {
          type: "ShellCommandActivity",
          scriptUri: "s3://bucket/copy.sh",
          scriptArgument: ["s3://bucket/in", "s3://bucket/out"],
        }),
      ],
    ],
    [
      "an Ec2Resource that runs on the schedule of the activity using it (through the activity's parent)",
      [
        o("Default", { scheduleType: "cron", role: "R", resourceRole: "RR", failureAndRerunMode: "cascade" }),
        o("Template", { schedule: r("Daily") }),
        o("Daily", { type: "Schedule", period: "1 day", startAt: "FIRST_ACTIVATION_DATE_TIME", occurrences: "1" }),
        o("Box", { type: "Ec2Resource", terminateAfter: "1 Hour", workerGroup: wg }),
        o("A", {
          type: "ShellCommandActivity",
          command: "echo 'Hello World!'",
          runsOn: r("Box"),
          parent: r("Template"),
        }),
      ],
    ],
  ];

  for (const [title, objects] of patterns) {
    it(`accepts ${title}, and it activates`, async () => {
      const pipelineId = await createPipeline();
      const out = await put(pipelineId, objects);
      expect(out.validationErrors ?? []).toEqual([]);
      expect(out.errored).toBe(false);
      await client.send(new ActivatePipelineCommand({ pipelineId }));
      expect((await pipelineFields(pipelineId))["@pipelineState"]).toBe("SCHEDULED");
    });
  }
});

describe("schedules through parameters", () => {
  const objects = [
    o("Default", {
      scheduleType: "#{myScheduleType}",
      workerGroup: "#{myWorkerGroup}",
      schedule: r("Every"),
      maximumRetries: "#{myRetries}",
    }),
    o("Every", { type: "Schedule", period: "#{mySchedulePeriod}", startDateTime: "#{myStartDateTime}" }),
    o("Extract", { type: "ShellCommandActivity", command: "echo #{mySchedulePeriod}" }),
  ];
  const parameters = ["myScheduleType", "myWorkerGroup", "mySchedulePeriod", "myStartDateTime", "myRetries"].map(param);
  const values = (v: Record<string, string>): ParameterValue[] =>
    Object.entries(v).map(([id, stringValue]) => ({ id, stringValue }));

  it("a cron schedule given through parameters produces instances on its periods, queued on the parameter's worker group", async () => {
    const group = uniqueGroup("param");
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 40 * 60_000;
    const pipelineId = await createPipeline();
    const out = await put(
      pipelineId,
      objects,
      parameters,
      values({
        myScheduleType: "cron",
        myWorkerGroup: group,
        mySchedulePeriod: "15 minutes",
        myStartDateTime: dp(start),
        myRetries: "0",
      }),
    );
    expect(out.validationErrors ?? []).toEqual([]);
    await client.send(new ActivatePipelineCommand({ pipelineId }));

    const first = `@Extract_${dp(start)}`;
    await until(
      () => instanceIds(client, pipelineId),
      (ids) => ids.includes(first),
      "the first period's instance",
    );
    expect((await pipelineFields(pipelineId))["@pipelineState"]).toBe("SCHEDULED");
    const instance = await describe1(client, pipelineId, first);
    expect(str(instance, "@scheduledStartTime")).toBe(dp(start));
    expect(str(instance, "@scheduledEndTime")).toBe(dp(start + 15 * 60_000));

    // The task goes to the worker group the parameter names, with the parameter evaluated in it.
    const task = await pollTask(client, group);
    expect(task.attemptId).toBe(`${first}_Attempt=1`);
    expect(str(task.objects![task.attemptId!], "command")).toBe("echo 15 minutes");
    await completeTask(client, task);

    // maxActiveInstances (1) held the next periods back; now the second one follows, 15 minutes on.
    const second = `@Extract_${dp(start + 15 * 60_000)}`;
    await until(
      () => instanceIds(client, pipelineId),
      (ids) => ids.includes(second),
      "the second period's instance",
    );
  });

  it("plans with the values given at activation, over the stored ones", async () => {
    const group = uniqueGroup("param-act");
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;
    const pipelineId = await createPipeline();
    const stored = values({
      myScheduleType: "timeseries",
      myWorkerGroup: group,
      mySchedulePeriod: "1 day",
      myStartDateTime: "2099-01-01T00:00:00",
      myRetries: "0",
    });
    expect((await put(pipelineId, objects, parameters, stored)).errored).toBe(false);
    await client.send(
      new ActivatePipelineCommand({
        pipelineId,
        parameterValues: values({ myStartDateTime: dp(start), mySchedulePeriod: "15 minutes" }),
      }),
    );
    // timeseries: the first period [start, start+15m) runs at its end, which is past.
    const first = `@Extract_${dp(start)}`;
    await until(
      () => instanceIds(client, pipelineId),
      (ids) => ids.includes(first),
      "the first period's instance",
    );
    const fields = await until(
      () => pipelineFields(pipelineId),
      (f) => f["@nextRunTime"] !== undefined,
      "@nextRunTime",
    );
    // The next period [start+15m, start+30m) runs at its end.
    expect(parseDp(fields["@nextRunTime"])).toBe(start + 30 * 60_000);
  });
});

/** A pipeline reading its input's path, its resource's instance type and its head attempt's error. */
function etl(group: string, schedule: "ondemand" | { start: number }, retries: string): PipelineObject[] {
  const scheduling: Spec =
    schedule === "ondemand" ? { scheduleType: "ondemand" } : { scheduleType: "cron", schedule: r("Every") };
  return [
    o("Default", {
      ...scheduling,
      failureAndRerunMode: "cascade",
      maximumRetries: retries,
      retryDelay: "10 minutes",
      role: "R",
      resourceRole: "RR",
    }),
    ...(schedule === "ondemand"
      ? []
      : [o("Every", { type: "Schedule", period: "1 hour", startDateTime: dp(schedule.start) })]),
    o("RawData", { type: "S3DataNode", directoryPath: "s3://bucket/#{myPrefix}/raw" }),
    o("Box", { type: "Ec2Resource", instanceType: "m5.large", workerGroup: group, logUri: "s3://bucket/logs" }),
    o("Extract", {
      type: "ShellCommandActivity",
      input: r("RawData"),
      runsOn: r("Box"),
      command: "cp #{input.directoryPath} /tmp/out",
      myWhere: "#{input.directoryPath} on #{runsOn.instanceType}",
    }),
    o("Load", { type: "ShellCommandActivity", dependsOn: r("Extract"), runsOn: r("Box"), command: "load.sh" }),
  ];
}
const prefixParam: ParameterObject = {
  id: "myPrefix",
  attributes: [
    { key: "type", stringValue: "String" },
    { key: "default", stringValue: "daily" },
  ],
};

/** maximumRetries 1 by default (retryDelay 10 minutes, 6 s at the tests' DURATION_SCALE). */
async function startEtl(group: string, schedule: "ondemand" | { start: number }, retries = "1"): Promise<string> {
  const pipelineId = await createPipeline();
  const out = await put(pipelineId, etl(group, schedule, retries), [prefixParam]);
  expect(out.validationErrors ?? []).toEqual([]);
  await client.send(new ActivatePipelineCommand({ pipelineId }));
  return pipelineId;
}

describe("expressions on runs", () => {
  for (const kind of ["ondemand", "scheduled"] as const) {
    it(`${kind}: an instance and its attempt resolve input, runsOn, @headAttempt and @instanceParent within their run`, async () => {
      const group = uniqueGroup(`expr-${kind}`);
      const start = Math.floor(Date.now() / 3_600_000) * 3_600_000;
      const pipelineId = await startEtl(group, kind === "ondemand" ? "ondemand" : { start }, "0");
      const task = await pollTask(client, group);
      const attemptId = task.attemptId!;
      const instanceId = attemptId.replace(/_Attempt=1$/, "");
      const when = instanceId.slice("@Extract_".length);
      if (kind === "scheduled") expect(when).toBe(dp(start));
      const rawInstance = `@RawData_${when}`;

      // Task objects given to the runner: the attempt's command and its input, evaluated.
      const attempt = task.objects![attemptId]!;
      expect(str(attempt, "command")).toBe("cp s3://bucket/daily/raw /tmp/out");
      expect(ref(attempt, "input")).toBe(rawInstance);
      expect(str(task.objects![rawInstance], "directoryPath")).toBe("s3://bucket/daily/raw");

      for (const id of [instanceId, attemptId]) {
        expect(await evaluate(pipelineId, id, "#{input.directoryPath}")).toBe("s3://bucket/daily/raw");
        expect(await evaluate(pipelineId, id, "#{input.@status}")).toBe("FINISHED");
        expect(await evaluate(pipelineId, id, "#{runsOn.instanceType}")).toBe("m5.large");
        expect(await evaluate(pipelineId, id, "#{myWhere}")).toBe("s3://bucket/daily/raw on m5.large");
      }
      expect(await evaluate(pipelineId, attemptId, "#{@instanceParent.input.directoryPath}")).toBe(
        "s3://bucket/daily/raw",
      );

      await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }));
      await client.send(
        new SetTaskStatusCommand({
          taskId: task.taskId!,
          taskStatus: "FAILED",
          errorId: "ExitCode1",
          errorMessage: "cp: no such file",
        }),
      );
      expect(await evaluate(pipelineId, instanceId, "#{@headAttempt.errorMessage}")).toBe("cp: no such file");
      expect(
        await evaluate(
          pipelineId,
          instanceId,
          "#{@headAttempt.@status} after #{@headAttempt.@instanceParent.input.directoryPath}",
        ),
      ).toBe("FAILED after s3://bucket/daily/raw");

      // dependsOn, on the instance downstream, is the upstream instance of the same run.
      expect(
        await evaluate(
          pipelineId,
          `@Load_${when}`,
          "#{dependsOn} #{dependsOn.@status} #{dependsOn.input.directoryPath}",
        ),
      ).toBe(`${instanceId} FAILED s3://bucket/daily/raw`);

      // DescribeObjects(evaluateExpressions=true) evaluates the inherited fields the same way.
      const described = await client.send(
        new DescribeObjectsCommand({ pipelineId, objectIds: [instanceId, attemptId], evaluateExpressions: true }),
      );
      for (const obj of described.pipelineObjects ?? []) {
        expect(str(obj, "myWhere")).toBe("s3://bucket/daily/raw on m5.large");
        expect(str(obj, "command")).toBe("cp s3://bucket/daily/raw /tmp/out");
      }
    });
  }
});

describe("health, last run and next run", () => {
  async function runOnce(group: string, outcome: "FINISHED" | "FAILED"): Promise<{ instanceId: string }> {
    const task = await pollTask(client, group);
    await client.send(new ReportTaskProgressCommand({ taskId: task.taskId! }));
    await client.send(
      new SetTaskStatusCommand({
        taskId: task.taskId!,
        taskStatus: outcome,
        ...(outcome === "FAILED" ? { errorId: "ExitCode2", errorMessage: "failed on purpose" } : {}),
      }),
    );
    return { instanceId: task.attemptId!.replace(/_Attempt=\d+$/, "") };
  }

  it("ondemand: none before a run; a RUNNING instance is a last run, not health; then finish, fail, rerun and cancel", async () => {
    const group = uniqueGroup("health");
    const pipelineId = await createPipeline();
    const objects = [
      o("Default", { scheduleType: "ondemand", workerGroup: group, maximumRetries: "1", retryDelay: "10 minutes" }),
      o("Extract", { type: "ShellCommandActivity", command: "extract.sh" }),
    ];
    expect((await put(pipelineId, objects)).errored).toBe(false);
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    let fields = await pipelineFields(pipelineId);
    expect(fields["@healthStatus"]).toBeUndefined();
    expect(fields["@latestRunTime"]).toBeUndefined();
    expect(fields["@nextRunTime"]).toBeUndefined();

    // Running: a last run, no health yet, still no next run (on demand).
    const first = await pollTask(client, group);
    await client.send(new ReportTaskProgressCommand({ taskId: first.taskId! }));
    const firstInstance = first.attemptId!.replace(/_Attempt=1$/, "");
    fields = await pipelineFields(pipelineId);
    expect(fields["@latestRunTime"]).toBe(str(await describe1(client, pipelineId, firstInstance), "@actualStartTime"));
    expect(fields["@healthStatus"]).toBeUndefined();
    expect(fields["@nextRunTime"]).toBeUndefined();

    // Finished: HEALTHY from that instance.
    await client.send(new SetTaskStatusCommand({ taskId: first.taskId!, taskStatus: "FINISHED" }));
    fields = await pipelineFields(pipelineId);
    expect(fields["@healthStatus"]).toBe("HEALTHY");
    expect(fields["@healthStatusFromInstanceId"]).toBe(firstInstance);
    expect(fields["@healthStatusUpdatedTime"]).toBe(
      str(await describe1(client, pipelineId, firstInstance), "@actualEndTime"),
    );
    expect(fields["@latestCompletedRunTime"]).toBe(fields["@healthStatusUpdatedTime"]);

    // A second run fails after its retry: ERROR from it.
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    const failed = await runOnce(group, "FAILED");
    expect(failed.instanceId).not.toBe(firstInstance);
    await runOnce(group, "FAILED"); // the retry (maximumRetries 1)
    await waitForStatus(client, pipelineId, failed.instanceId, "FAILED");
    fields = await pipelineFields(pipelineId);
    expect(fields["@healthStatus"]).toBe("ERROR");
    expect(fields["@healthStatusFromInstanceId"]).toBe(failed.instanceId);
    const failedAt = fields["@healthStatusUpdatedTime"];

    // Rerun, and its new attempt fails again (a retry is pending): still ERROR, never HEALTHY.
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [failed.instanceId], status: "RERUN" }));
    expect((await pipelineFields(pipelineId))["@healthStatus"]).toBe("ERROR");
    await runOnce(group, "FAILED");
    fields = await pipelineFields(pipelineId);
    expect(fields["@healthStatus"]).toBe("ERROR");
    expect(fields["@healthStatusFromInstanceId"]).toBe(failed.instanceId);
    // The retry succeeds: HEALTHY from the same instance, later.
    await runOnce(group, "FINISHED");
    fields = await pipelineFields(pipelineId);
    expect(fields["@healthStatus"]).toBe("HEALTHY");
    expect(fields["@healthStatusFromInstanceId"]).toBe(failed.instanceId);
    expect(parseDp(fields["@healthStatusUpdatedTime"])).toBeGreaterThanOrEqual(parseDp(failedAt));

    // An operator cancels a running run: the pipeline stays HEALTHY, the attempt has a reason, not an error.
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    const third = await pollTask(client, group);
    await client.send(new ReportTaskProgressCommand({ taskId: third.taskId! }));
    const thirdInstance = third.attemptId!.replace(/_Attempt=1$/, "");
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [thirdInstance], status: "TRY_CANCEL" }));
    expect((await client.send(new ReportTaskProgressCommand({ taskId: third.taskId! }))).canceled).toBe(true);
    await waitForStatus(client, pipelineId, thirdInstance, "CANCELED");
    fields = await pipelineFields(pipelineId);
    expect(fields["@healthStatus"]).toBe("HEALTHY");
    expect(fields["@healthStatusFromInstanceId"]).toBe(failed.instanceId);
    const canceledAttempt = await describe1(client, pipelineId, third.attemptId!);
    expect(str(canceledAttempt, "@status")).toBe("CANCELED");
    expect(str(canceledAttempt, "errorId")).toBeUndefined();
    expect(str(canceledAttempt, "errorMessage")).toBeUndefined();
    expect(str(canceledAttempt, "cancellationReason")).toMatch(/Canceled/);
    expect(parseDp(fields["@latestRunTime"])).toBe(
      parseDp(str(await describe1(client, pipelineId, thirdInstance), "@actualStartTime")),
    );
    expect(fields["@nextRunTime"]).toBeUndefined();
  }, 120_000); // three activations and two retry delays

  it("cron: the next run is the start of the next period, never a past scheduled start", async () => {
    const group = uniqueGroup("cron-next");
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
    const pipelineId = await createPipeline();
    const objects = [
      o("Default", { workerGroup: group, scheduleType: "cron", schedule: r("Quarter"), maximumRetries: "0" }),
      o("Quarter", { type: "Schedule", period: "15 minutes", startDateTime: dp(start) }),
      o("Job", { type: "ShellCommandActivity", command: "true" }),
    ];
    expect((await put(pipelineId, objects)).errored).toBe(false);
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    const fields = await until(
      () => pipelineFields(pipelineId),
      (f) => f["@nextRunTime"] !== undefined,
      "@nextRunTime",
    );
    expect(fields["@nextRunTime"]).toBe(dp(start + 15 * 60_000));
    const { instanceId } = await runOnce(group, "FAILED");
    expect(instanceId).toBe(`@Job_${dp(start)}`);
    const after = await pipelineFields(pipelineId);
    expect(after["@healthStatus"]).toBe("ERROR");
    expect(after["@nextRunTime"]).toBe(dp(start + 15 * 60_000));
    expect(parseDp(after["@nextRunTime"])).toBeGreaterThan(parseDp(after["@latestRunTime"]));
  });

  it("timeseries: the next run is the end of the next period; deactivated, there is none", async () => {
    const group = uniqueGroup("ts-next");
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;
    const pipelineId = await createPipeline();
    const objects = [
      o("Default", { workerGroup: group, scheduleType: "timeseries", schedule: r("Quarter"), maximumRetries: "0" }),
      o("Quarter", { type: "Schedule", period: "15 minutes", startDateTime: dp(start) }),
      o("Job", { type: "ShellCommandActivity", command: "true" }),
    ];
    expect((await put(pipelineId, objects)).errored).toBe(false);
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    const { instanceId } = await runOnce(group, "FINISHED");
    expect(instanceId).toBe(`@Job_${dp(start)}`);
    const fields = await pipelineFields(pipelineId);
    expect(fields["@healthStatus"]).toBe("HEALTHY");
    expect(fields["@nextRunTime"]).toBe(dp(start + 30 * 60_000));
    await client.send(new DeactivatePipelineCommand({ pipelineId }));
    await until(
      () => pipelineFields(pipelineId),
      (f) => f["@pipelineState"] === "INACTIVE",
      "INACTIVE",
    );
    expect((await pipelineFields(pipelineId))["@nextRunTime"]).toBeUndefined();
  });

  it("the AWS CLI's list-runs shows the same runs DescribePipelines summarises", async () => {
    const group = uniqueGroup("cli-runs");
    const pipelineId = await startEtl(group, "ondemand");
    const { instanceId } = await runOnce(group, "FAILED");
    await runOnce(group, "FINISHED");
    await waitForStatus(client, pipelineId, instanceId, "FINISHED");
    const fields = await pipelineFields(pipelineId);
    const runs = JSON.parse(await aws("list-runs", "--pipeline-id", pipelineId)) as Record<string, string>[];
    const extract = runs.find((x) => x["@id"] === instanceId)!;
    expect(extract["@status"]).toBe("FINISHED");
    expect(fields["@healthStatusFromInstanceId"]).toBe(instanceId);
    expect(fields["@healthStatusUpdatedTime"]).toBe(extract["@actualEndTime"]);
    const latestStart = runs
      .map((x) => x["@actualStartTime"])
      .filter(Boolean)
      .sort()
      .at(-1);
    expect(fields["@latestRunTime"]).toBe(latestStart);
    // The table the CLI prints by default carries the same times.
    const table = await awsTable("list-runs", "--pipeline-id", pipelineId);
    expect(table).toContain(instanceId);
    expect(table).toContain(extract["@actualEndTime"]);
  }, 180_000); // four AWS CLI processes: seconds each on a loaded machine
});

const run = promisify(execFile);
/** The AWS CLI against the test server, as tests/integration/aws-cli.test.ts runs it, answering JSON. */
const aws = (...args: string[]) => cli(["--output", "json", "datapipeline", ...args]);
/** The same with no --output: list-runs then prints its own table (Name, Scheduled Start, Status, ID, Started, Ended). */
const awsTable = (...args: string[]) => cli(["datapipeline", ...args]);

async function cli(args: string[]): Promise<string> {
  const { stdout } = await run("aws", ["--endpoint-url", `${endpoint()}/api/datapipeline`, ...args], {
    env: { ...process.env, ...runnerEnv() },
    timeout: 60_000,
  });
  return stdout;
}
