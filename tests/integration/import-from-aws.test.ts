import { spawn } from "node:child_process";
import path from "node:path";
import {
  ActivatePipelineCommand,
  CreatePipelineCommand,
  DescribePipelinesCommand,
  GetPipelineDefinitionCommand,
  ListPipelinesCommand,
  PutPipelineDefinitionCommand,
  type DataPipelineClient,
} from "@aws-sdk/client-data-pipeline";
import { inject } from "vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARED_SERVER_ENV } from "./global-setup";
import { sdk, tableCounts, uniqueName } from "./helpers";
import { runnerEnv } from "./runner-helpers";
import { startTestServer, type TestServer } from "./test-server";

// `npm run admin -- import-from-aws` moves pipelines from "AWS" (here a second server of ours, which
// speaks the same API) into the test server's database: definitions with parameters and values,
// description, tags, active or not; a second run changes nothing; a pipeline it cannot read is
// reported and the others go on.

let source: TestServer;
let aws: DataPipelineClient;
const here = sdk();

beforeAll(async () => {
  source = await startTestServer(SHARED_SERVER_ENV);
  aws = sdk({ endpoint: source.endpoint });
}, 180_000);

afterAll(async () => {
  aws?.destroy();
  await source?.stop();
});

function runImport(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        path.resolve("node_modules/tsx/dist/cli.mjs"),
        "scripts/admin.ts",
        "import-from-aws",
        "--endpoint",
        source.endpoint,
        "--region",
        "us-east-1",
        ...args,
      ],
      {
        env: { ...process.env, DATABASE_URL: inject("databaseUrl"), ...runnerEnv() },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

async function findHere(name: string): Promise<string | undefined> {
  let marker: string | undefined;
  do {
    const page = await here.send(new ListPipelinesCommand({ marker }));
    const hit = page.pipelineIdList?.find((p) => p.name === name);
    if (hit) return hit.id;
    marker = page.hasMoreResults ? page.marker : undefined;
  } while (marker);
  return undefined;
}

describe("import-from-aws", () => {
  // Each run spawns the admin CLI (tsx start-up, migrations check): generous timeouts for a loaded machine.
  it(
    "moves pipelines with parameters, values, description and tags, activates what was active, and a second run changes nothing",
    { timeout: 240_000 },
    async () => {
      const etl = uniqueName("etl");
      const idle = uniqueName("idle");
      const { pipelineId: etlSource } = await aws.send(
        new CreatePipelineCommand({
          name: etl,
          uniqueId: `${etl}-token`,
          description: "nightly copy",
          tags: [
            { key: "team", value: "data" },
            { key: "env", value: "prod" },
          ],
        }),
      );
      const definition = {
        pipelineObjects: [
          {
            id: "Default",
            name: "Default",
            fields: [
              { key: "scheduleType", stringValue: "ondemand" },
              { key: "workerGroup", stringValue: `wg-${etl}` },
            ],
          },
          {
            id: "Hello",
            name: "Hello",
            fields: [
              { key: "type", stringValue: "ShellCommandActivity" },
              { key: "command", stringValue: "echo #{myGreeting}" },
            ],
          },
        ],
        parameterObjects: [
          {
            id: "myGreeting",
            attributes: [
              { key: "type", stringValue: "String" },
              { key: "default", stringValue: "hi" },
            ],
          },
        ],
        parameterValues: [{ id: "myGreeting", stringValue: "hello from aws" }],
      };
      await aws.send(new PutPipelineDefinitionCommand({ pipelineId: etlSource, ...definition }));
      await aws.send(new ActivatePipelineCommand({ pipelineId: etlSource }));
      const { pipelineId: idleSource } = await aws.send(
        new CreatePipelineCommand({ name: idle, uniqueId: `${idle}-token` }),
      );
      await aws.send(
        new PutPipelineDefinitionCommand({
          pipelineId: idleSource,
          pipelineObjects: definition.pipelineObjects,
          parameterObjects: definition.parameterObjects,
        }),
      );
      // Saved with errors on the source (a parameter used but never declared): refused here, reported by object.
      const broken = uniqueName("broken");
      const { pipelineId: brokenSource } = await aws.send(
        new CreatePipelineCommand({ name: broken, uniqueId: broken }),
      );
      await aws.send(
        new PutPipelineDefinitionCommand({ pipelineId: brokenSource, pipelineObjects: definition.pipelineObjects }),
      );

      const first = await runImport([
        "--pipeline-id",
        etlSource!,
        idleSource!,
        brokenSource!,
        "df-00000000000000000000",
        "--activate",
      ]);
      expect(first.output).toContain(`created   ${etl} (uniqueId ${etl}-token, ${etlSource})`);
      expect(first.output).toContain(`created   ${idle} (uniqueId ${idle}-token, ${idleSource})`);
      expect(first.output).toMatch(/failed\s+df-00000000000000000000\n\s+could not read it: PipelineNotFoundException/);
      expect(first.output).toContain(`failed    ${broken} (uniqueId ${broken}, ${brokenSource})`);
      expect(first.output).toContain("Hello: INVALID_FIELD_VALUE: 'command' uses '#{myGreeting}'");
      expect(first.output).toContain("4 pipelines: 2 created, 0 updated, 0 unchanged, 2 failed");
      expect(first.code).toBe(1);
      // A refused pipeline is not left behind empty.
      expect(await findHere(broken)).toBeUndefined();

      const etlHere = await findHere(etl);
      expect(etlHere).toBeDefined();
      const [described] = (await here.send(new DescribePipelinesCommand({ pipelineIds: [etlHere!] })))
        .pipelineDescriptionList!;
      expect(described!.description).toBe("nightly copy");
      expect(described!.tags).toEqual(
        expect.arrayContaining([
          { key: "team", value: "data" },
          { key: "env", value: "prod" },
        ]),
      );
      expect(described!.fields!.find((f) => f.key === "uniqueId")?.stringValue).toBe(`${etl}-token`);
      expect(described!.fields!.find((f) => f.key === "@pipelineState")?.stringValue).toBe("SCHEDULED");
      const got = await here.send(new GetPipelineDefinitionCommand({ pipelineId: etlHere! }));
      expect(got.pipelineObjects).toEqual(definition.pipelineObjects);
      expect(got.parameterObjects).toEqual(definition.parameterObjects);
      expect(got.parameterValues).toEqual(definition.parameterValues);
      const idleHere = await findHere(idle);
      const [idleDescribed] = (await here.send(new DescribePipelinesCommand({ pipelineIds: [idleHere!] })))
        .pipelineDescriptionList!;
      expect(idleDescribed!.fields!.find((f) => f.key === "@pipelineState")?.stringValue).toBe("PENDING");

      const before = await tableCounts();
      const second = await runImport(["--pipeline-id", etlSource!, idleSource!, "--activate"]);
      expect(second.output).toContain("2 pipelines: 0 created, 0 updated, 2 unchanged, 0 failed");
      expect(second.output).toContain("already SCHEDULED here");
      expect(second.code).toBe(0);
      const after = await tableCounts();
      expect(after).toEqual(before);
    },
  );

  it(
    "imports every pipeline the source lists when none is named, and reports bad arguments",
    { timeout: 240_000 },
    async () => {
      const extra = uniqueName("all");
      await aws.send(new CreatePipelineCommand({ name: extra, uniqueId: extra }));
      const all = await runImport([]);
      expect(all.output).toContain(`created   ${extra} (uniqueId ${extra}`);
      expect(all.output).toContain("the source pipeline has no definition");
      expect(all.output).toMatch(/active on the source; not activated here \(pass --activate\)|unchanged/);
      const bad = await runImport(["--endpoint"]);
      expect(bad.code).toBe(2);
      expect(bad.output).toContain("--endpoint needs a value");
    },
  );
});
