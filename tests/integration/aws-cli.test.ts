import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { endpoint, uniqueName } from "./helpers";
import { runnerEnv } from "./runner-helpers";

// The AWS CLI (botocore: no trailing slash, spaces in its JSON, its own paginator) drives the
// control plane with a definition file in the CLI's format. CI installs it (`.ci/run`).

const run = promisify(execFile);

async function aws(...args: string[]): Promise<string> {
  const { stdout } = await run(
    "aws",
    ["--endpoint-url", `${endpoint()}/api/datapipeline`, "--output", "json", "datapipeline", ...args],
    {
      env: { ...process.env, ...runnerEnv() },
      timeout: 60_000,
    },
  );
  return stdout;
}

const definition = {
  objects: [
    {
      id: "Default",
      name: "Default",
      scheduleType: "cron",
      workerGroup: "cli-group",
      failureAndRerunMode: "CASCADE",
      schedule: { ref: "Hourly" },
    },
    {
      id: "Hourly",
      name: "Every hour",
      type: "Schedule",
      period: "1 hour",
      startDateTime: "2012-12-12T00:00:00",
      endDateTime: "2012-12-12T03:00:00",
    },
    {
      id: "Extract",
      name: "Extract",
      type: "ShellCommandActivity",
      command: "echo extract #{myTarget}",
      scriptArgument: ["--verbose", "--dry-run"],
    },
    { id: "Load", name: "Load", type: "ShellCommandActivity", command: "echo load", dependsOn: { ref: "Extract" } },
  ],
  parameters: [{ id: "myTarget", type: "String", default: "s3://bucket/out", description: "Where output goes" }],
  values: { myTarget: "s3://bucket/override" },
};

describe("AWS CLI", () => {
  // About ten AWS CLI processes one after the other: 25 s at a load average of 11, over 60 s at 15.
  it("drives create, put (file), get (round trip), list, describe, activate, deactivate and delete", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ph-cli-"));
    const file = path.join(dir, "definition.json");
    writeFileSync(file, JSON.stringify(definition, null, 2));
    const name = uniqueName("cli");

    const created = JSON.parse(
      await aws("create-pipeline", "--name", name, "--unique-id", `${name}-tok`, "--description", "made by the CLI"),
    );
    const pipelineId: string = created.pipelineId;
    expect(pipelineId).toMatch(/^df-[0-9A-Z]{20}$/);
    const again = JSON.parse(await aws("create-pipeline", "--name", name, "--unique-id", `${name}-tok`));
    expect(again.pipelineId).toBe(pipelineId);

    const put = JSON.parse(
      await aws("put-pipeline-definition", "--pipeline-id", pipelineId, "--pipeline-definition", `file://${file}`),
    );
    expect(put.errored).toBe(false);

    // get-pipeline-definition translates back into the file format: lists, refs and parameters survive.
    const got = JSON.parse(await aws("get-pipeline-definition", "--pipeline-id", pipelineId));
    const byId = Object.fromEntries((got.objects as { id: string }[]).map((o) => [o.id, o]));
    for (const o of definition.objects) expect(byId[o.id]).toEqual(o);
    expect(got.parameters).toEqual(definition.parameters);
    expect(got.values).toEqual(definition.values);

    const listed = JSON.parse(await aws("list-pipelines"));
    expect(listed.pipelineIdList).toEqual(expect.arrayContaining([{ id: pipelineId, name }]));

    const described = JSON.parse(await aws("describe-pipelines", "--pipeline-ids", pipelineId));
    const fields = described.pipelineDescriptionList[0].fields as { key: string; stringValue?: string }[];
    expect(fields.find((f) => f.key === "@pipelineState")?.stringValue).toBe("PENDING");
    expect(described.pipelineDescriptionList[0].description).toBe("made by the CLI");

    await aws("add-tags", "--pipeline-id", pipelineId, "--tags", "key=team,value=etl");
    await aws("activate-pipeline", "--pipeline-id", pipelineId);
    const active = JSON.parse(
      await aws("get-pipeline-definition", "--pipeline-id", pipelineId, "--pipeline-version", "active"),
    );
    expect(active.objects).toHaveLength(definition.objects.length);
    const scheduled = JSON.parse(await aws("describe-pipelines", "--pipeline-ids", pipelineId));
    expect(
      scheduled.pipelineDescriptionList[0].fields.find((f: { key: string }) => f.key === "@pipelineState").stringValue,
    ).toBe("SCHEDULED");
    expect(scheduled.pipelineDescriptionList[0].tags).toEqual([{ key: "team", value: "etl" }]);

    const objects = JSON.parse(
      await aws("describe-objects", "--pipeline-id", pipelineId, "--object-ids", "Extract", "Hourly"),
    );
    expect(objects.pipelineObjects.map((o: { id: string }) => o.id)).toEqual(["Extract", "Hourly"]);
    const components = JSON.parse(await aws("query-objects", "--pipeline-id", pipelineId, "--sphere", "COMPONENT"));
    expect(components.ids).toEqual(["Default", "Hourly", "Extract", "Load"]);

    // list-runs: QueryObjects(INSTANCE) with status and schedule selectors, then DescribeObjects in chunks.
    const runs = JSON.parse(
      await aws(
        "list-runs",
        "--pipeline-id",
        pipelineId,
        "--status",
        "waiting_for_runner,waiting_on_dependencies",
        "--schedule-interval",
        "2012-12-01T00:00:00,2012-12-31T00:00:00",
      ),
    ) as Record<string, string>[];
    const rows = runs.map((r) => [r["@componentParent"], r["@scheduledStartTime"], r["@status"], r["@id"]]);
    expect(rows).toEqual([
      ["Extract", "2012-12-12T00:00:00", "WAITING_FOR_RUNNER", "@Extract_2012-12-12T00:00:00"],
      ["Load", "2012-12-12T00:00:00", "WAITING_ON_DEPENDENCIES", "@Load_2012-12-12T00:00:00"],
    ]);

    await aws("deactivate-pipeline", "--pipeline-id", pipelineId);
    await aws("delete-pipeline", "--pipeline-id", pipelineId);
    const err = await aws("describe-pipelines", "--pipeline-ids", pipelineId).catch(
      (e: { stderr?: string }) => e.stderr ?? "",
    );
    expect(err).toMatch(/PipelineDeletedException/);
  }, 240_000);

  it("reports CLI-visible validation errors for a broken file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ph-cli-"));
    const file = path.join(dir, "broken.json");
    writeFileSync(file, JSON.stringify({ objects: [{ id: "Default", name: "Default", workerGroup: "" }] }));
    const { pipelineId } = JSON.parse(
      await aws("create-pipeline", "--name", uniqueName("cli-bad"), "--unique-id", "x"),
    );
    const err = await aws(
      "put-pipeline-definition",
      "--pipeline-id",
      pipelineId,
      "--pipeline-definition",
      `file://${file}`,
    ).catch((e: { stderr?: string }) => e.stderr ?? "");
    expect(err).toMatch(/InvalidRequestException/);
    expect(err).toMatch(/FATAL/);
  });
});
