import {
  ActivatePipelineCommand,
  CreatePipelineCommand,
  DeletePipelineCommand,
  GetPipelineDefinitionCommand,
  PutPipelineDefinitionCommand,
  type DataPipelineClient,
  type PipelineObject,
} from "@aws-sdk/client-data-pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdk, uniqueName, withDb } from "./helpers";
import { completeTask, pollTask, str, uniqueGroup } from "./runner-helpers";
import { startTestServer, type TestServer } from "./test-server";

// Each app instance caches definition versions (the objects of pipeline id + version, which never
// change once saved) and the plans built from them (lib/store/definitions.ts,
// lib/scheduler/scheduler-context.ts). Two instances share one database here: one redefines,
// re-activates with new values, deletes and recreates; the other, whose caches hold the earlier
// state, must serve and schedule only the new one.

/** On demand: Step2 depends on Step1; each runs `command` with its step's name. */
function twoSteps(workerGroup: string, command: (step: string) => string): PipelineObject[] {
  return [
    {
      id: "Default",
      name: "Default",
      fields: [
        { key: "scheduleType", stringValue: "ondemand" },
        { key: "workerGroup", stringValue: workerGroup },
      ],
    },
    {
      id: "Step1",
      name: "Step1",
      fields: [
        { key: "type", stringValue: "ShellCommandActivity" },
        { key: "command", stringValue: command("Step1") },
      ],
    },
    {
      id: "Step2",
      name: "Step2",
      fields: [
        { key: "type", stringValue: "ShellCommandActivity" },
        { key: "dependsOn", refValue: "Step1" },
        { key: "command", stringValue: command("Step2") },
      ],
    },
  ];
}

const colorParameter = [{ id: "myColor", attributes: [{ key: "type", stringValue: "String" }] }];

/**
 * Runs one activation's two steps, Step1 handed out and finished by `runner` (so `runner`'s
 * instance queues Step2 from its own cached plan); returns the commands the runner received.
 */
async function runBothSteps(runner: DataPipelineClient, workerGroup: string): Promise<string[]> {
  const commands: string[] = [];
  for (let i = 0; i < 2; i++) {
    const task = await pollTask(runner, workerGroup);
    commands.push(str(task.objects![task.attemptId!], "command") ?? "(none)");
    await completeTask(runner, task);
  }
  return commands;
}

/** The command of `step` in the definition `version` ("active" or "latest") that `client`'s instance serves. */
async function servedCommand(
  client: DataPipelineClient,
  pipelineId: string | undefined,
  version: "active" | "latest",
  step: string,
): Promise<string | undefined> {
  const def = await client.send(new GetPipelineDefinitionCommand({ pipelineId, version }));
  return str(
    def.pipelineObjects!.find((o) => o.id === step),
    "command",
  );
}

describe("cached definition versions across two instances", () => {
  let a: TestServer;
  let b: TestServer;
  let ca: DataPipelineClient;
  let cb: DataPipelineClient;

  beforeAll(async () => {
    a = await startTestServer({ DEFAULT_RETRY_DELAY_SECONDS: "0" });
    b = await startTestServer({ DEFAULT_RETRY_DELAY_SECONDS: "0" }, a.entry, { share: a });
    ca = sdk({ endpoint: a.endpoint });
    cb = sdk({ endpoint: b.endpoint });
  });

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it("a new definition activated on one instance is what the other serves and schedules", async () => {
    const group = uniqueGroup("defcache");
    const name = uniqueName("defcache");
    const { pipelineId } = await ca.send(new CreatePipelineCommand({ name, uniqueId: name }));
    await ca.send(
      new PutPipelineDefinitionCommand({
        pipelineId,
        pipelineObjects: twoSteps(group, (s) => `echo one ${s}`),
      }),
    );
    await ca.send(new ActivatePipelineCommand({ pipelineId }));
    expect(await runBothSteps(cb, group)).toEqual(["echo one Step1", "echo one Step2"]);
    expect(await servedCommand(cb, pipelineId, "active", "Step2")).toBe("echo one Step2");

    await ca.send(
      new PutPipelineDefinitionCommand({
        pipelineId,
        pipelineObjects: twoSteps(group, (s) => `echo two ${s}`),
      }),
    );
    // Before activation the other instance serves the new version as latest, the old one as active.
    expect(await servedCommand(cb, pipelineId, "latest", "Step2")).toBe("echo two Step2");
    expect(await servedCommand(cb, pipelineId, "active", "Step2")).toBe("echo one Step2");

    await ca.send(new ActivatePipelineCommand({ pipelineId }));
    expect(await runBothSteps(cb, group)).toEqual(["echo two Step1", "echo two Step2"]);
    expect(await servedCommand(cb, pipelineId, "active", "Step2")).toBe("echo two Step2");
  });

  it("re-activating the same version with new values schedules with the new values on the other instance", async () => {
    const group = uniqueGroup("defcache");
    const name = uniqueName("defcache");
    const { pipelineId } = await ca.send(new CreatePipelineCommand({ name, uniqueId: name }));
    await ca.send(
      new PutPipelineDefinitionCommand({
        pipelineId,
        pipelineObjects: twoSteps(group, (s) => `echo #{myColor} ${s}`),
        parameterObjects: colorParameter,
        parameterValues: [{ id: "myColor", stringValue: "red" }],
      }),
    );
    await ca.send(new ActivatePipelineCommand({ pipelineId }));
    expect(await runBothSteps(cb, group)).toEqual(["echo red Step1", "echo red Step2"]);

    await ca.send(
      new ActivatePipelineCommand({ pipelineId, parameterValues: [{ id: "myColor", stringValue: "green" }] }),
    );
    expect(await runBothSteps(cb, group)).toEqual(["echo green Step1", "echo green Step2"]);

    // The other instance activates next, with values again, then both run the result.
    await cb.send(
      new ActivatePipelineCommand({ pipelineId, parameterValues: [{ id: "myColor", stringValue: "blue" }] }),
    );
    expect(await runBothSteps(ca, group)).toEqual(["echo blue Step1", "echo blue Step2"]);
  });

  it("a deleted and recreated pipeline is served only as it is now", async () => {
    const group = uniqueGroup("defcache");
    const name = uniqueName("defcache");
    const { pipelineId: oldId } = await ca.send(new CreatePipelineCommand({ name, uniqueId: name }));
    await ca.send(
      new PutPipelineDefinitionCommand({ pipelineId: oldId, pipelineObjects: twoSteps(group, (s) => `echo old ${s}`) }),
    );
    await ca.send(new ActivatePipelineCommand({ pipelineId: oldId }));
    expect(await runBothSteps(cb, group)).toEqual(["echo old Step1", "echo old Step2"]);
    await cb.send(new GetPipelineDefinitionCommand({ pipelineId: oldId, version: "active" }));

    await ca.send(new DeletePipelineCommand({ pipelineId: oldId }));
    await expect(
      cb.send(new GetPipelineDefinitionCommand({ pipelineId: oldId, version: "active" })),
    ).rejects.toMatchObject({ name: "PipelineDeletedException" });
    await expect(cb.send(new ActivatePipelineCommand({ pipelineId: oldId }))).rejects.toMatchObject({
      name: "PipelineDeletedException",
    });

    const { pipelineId: newId } = await ca.send(new CreatePipelineCommand({ name, uniqueId: name }));
    expect(newId).not.toBe(oldId);
    await ca.send(
      new PutPipelineDefinitionCommand({ pipelineId: newId, pipelineObjects: twoSteps(group, (s) => `echo new ${s}`) }),
    );
    await cb.send(new ActivatePipelineCommand({ pipelineId: newId }));
    expect(await runBothSteps(cb, group)).toEqual(["echo new Step1", "echo new Step2"]);
    expect(await servedCommand(cb, newId, "active", "Step1")).toBe("echo new Step1");
  });

  it("a version row written again (a restored database) is read whole, not served from the cache", async () => {
    const group = uniqueGroup("defcache");
    const name = uniqueName("defcache");
    const { pipelineId } = await ca.send(new CreatePipelineCommand({ name, uniqueId: name }));
    await ca.send(
      new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: twoSteps(group, (s) => `echo before ${s}`) }),
    );
    expect(await servedCommand(cb, pipelineId, "latest", "Step1")).toBe("echo before Step1");
    // As if the database were restored to before this version and the same version number put
    // again: same key, other content, another creation time.
    await withDb(
      (db) =>
        db.query(
          `UPDATE pipeline_definitions SET objects = $2::jsonb, created_at = created_at + interval '1 second' WHERE pipeline_id = $1`,
          [pipelineId, JSON.stringify(twoSteps(group, (s) => `echo after ${s}`))],
        ),
      a.databaseUrl,
    );
    expect(await servedCommand(cb, pipelineId, "latest", "Step1")).toBe("echo after Step1");
  });
});
