import { CreatePipelineCommand, PutPipelineDefinitionCommand } from "@aws-sdk/client-data-pipeline";
import { beforeAll, describe, expect, it } from "vitest";
import { helloObjects } from "./fixtures";
import { rawCall, sdk, tableCounts, uniqueName } from "./helpers";

// Every bad input gets a 4xx in the AWS error shape and writes nothing.

let pipelineId = "";

beforeAll(async () => {
  const out = await sdk().send(new CreatePipelineCommand({ name: uniqueName("bad"), uniqueId: "bad" }));
  pipelineId = out.pipelineId!;
  await sdk().send(new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: helloObjects }));
});

async function expectRejected(
  target: string | null,
  body: string,
  type: string,
  message?: RegExp,
  headers: Record<string, string> = {},
) {
  const before = await tableCounts();
  const res = await rawCall(target, body, headers);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get("x-amzn-requestid")).toBeTruthy();
  expect(res.json).toBeDefined();
  expect(res.json!.__type).toBe(type);
  expect(typeof res.json!.message).toBe("string");
  if (message) expect(res.json!.message).toMatch(message);
  expect(await tableCounts()).toEqual(before);
}

describe("malformed requests", () => {
  it("missing or unknown X-Amz-Target", async () => {
    await expectRejected(null, "{}", "UnknownOperationException", /Missing X-Amz-Target/);
    await expectRejected("DataPipeline.LaunchRocket", "{}", "UnknownOperationException", /LaunchRocket/);
    await expectRejected("DynamoDB_20120810.ListTables", "{}", "UnknownOperationException");
    await expectRejected("DataPipeline.__proto__", "{}", "UnknownOperationException");
    await expectRejected("DataPipeline.toString", "{}", "UnknownOperationException");
  });

  it("bodies that are not JSON objects", async () => {
    await expectRejected("DataPipeline.CreatePipeline", "{not json", "SerializationException");
    await expectRejected("DataPipeline.CreatePipeline", "[1,2]", "SerializationException");
    await expectRejected("DataPipeline.CreatePipeline", '"text"', "SerializationException");
    await expectRejected("DataPipeline.CreatePipeline", "null", "SerializationException");
  });

  it("missing, wrongly typed, over-long and illegal members", async () => {
    await expectRejected(
      "DataPipeline.CreatePipeline",
      JSON.stringify({ name: "x" }),
      "InvalidRequestException",
      /uniqueId/,
    );
    await expectRejected(
      "DataPipeline.CreatePipeline",
      JSON.stringify({ name: 5, uniqueId: "u" }),
      "InvalidRequestException",
      /name/,
    );
    await expectRejected(
      "DataPipeline.CreatePipeline",
      JSON.stringify({ name: "", uniqueId: "u" }),
      "InvalidRequestException",
      /length/,
    );
    await expectRejected(
      "DataPipeline.CreatePipeline",
      JSON.stringify({ name: "n".repeat(1025), uniqueId: "u" }),
      "InvalidRequestException",
      /1024/,
    );
    await expectRejected(
      "DataPipeline.CreatePipeline",
      JSON.stringify({ name: "bell\u0007", uniqueId: "u" }),
      "InvalidRequestException",
      /control/,
    );
    await expectRejected(
      "DataPipeline.CreatePipeline",
      JSON.stringify({
        name: "t",
        uniqueId: "u",
        tags: Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: "v" })),
      }),
      "InvalidRequestException",
      /tags/,
    );
    await expectRejected(
      "DataPipeline.DescribePipelines",
      JSON.stringify({ pipelineIds: [] }),
      "InvalidRequestException",
    );
    await expectRejected(
      "DataPipeline.DescribePipelines",
      JSON.stringify({ pipelineIds: "df-1" }),
      "InvalidRequestException",
    );
    await expectRejected(
      "DataPipeline.DeactivatePipeline",
      JSON.stringify({ pipelineId, cancelActive: "yes" }),
      "InvalidRequestException",
    );
    await expectRejected(
      "DataPipeline.QueryObjects",
      JSON.stringify({ pipelineId, sphere: "INSTANCE", limit: 1.5 }),
      "InvalidRequestException",
    );
    await expectRejected(
      "DataPipeline.ListPipelines",
      JSON.stringify({ marker: "not-a-marker" }),
      "InvalidRequestException",
      /marker/,
    );
    await expectRejected(
      "DataPipeline.ActivatePipeline",
      JSON.stringify({ pipelineId, startTimestamp: "soon" }),
      "InvalidRequestException",
    );
  });

  it("definitions with bad shapes are refused whole", async () => {
    const put = (objects: unknown) => JSON.stringify({ pipelineId, pipelineObjects: objects });
    await expectRejected(
      "DataPipeline.PutPipelineDefinition",
      put([{ id: "A", fields: [] }]),
      "InvalidRequestException",
      /name/,
    );
    await expectRejected(
      "DataPipeline.PutPipelineDefinition",
      put([{ id: "A", name: "A", fields: [{ key: "k", stringValue: "x".repeat(10241) }] }]),
      "InvalidRequestException",
    );
    await expectRejected(
      "DataPipeline.PutPipelineDefinition",
      put([{ id: "A", name: "A", fields: [{ key: "k", stringValue: 3 }] }]),
      "InvalidRequestException",
    );
    await expectRejected(
      "DataPipeline.PutPipelineDefinition",
      put([{ id: "A", name: "A", fields: [{ key: "k", stringValue: "a", refValue: "B" }] }]),
      "InvalidRequestException",
      /FATAL/,
    );
    await expectRejected(
      "DataPipeline.PutPipelineDefinition",
      put([{ id: "A", name: "A", fields: [{ key: "k" }] }]),
      "InvalidRequestException",
      /FATAL/,
    );
    const tooMany = Array.from({ length: 101 }, (_, i) => ({
      id: `O${i}`,
      name: `O${i}`,
      fields: [{ key: "type", stringValue: "ShellCommandActivity" }],
    }));
    await expectRejected("DataPipeline.PutPipelineDefinition", put(tooMany), "InvalidRequestException", /FATAL/);
  });

  it("unknown pipelines", async () => {
    await expectRejected(
      "DataPipeline.GetPipelineDefinition",
      JSON.stringify({ pipelineId: "df-NOPE" }),
      "PipelineNotFoundException",
      /df-NOPE/,
    );
    await expectRejected(
      "DataPipeline.PutPipelineDefinition",
      JSON.stringify({ pipelineId: "df-NOPE", pipelineObjects: [] }),
      "PipelineNotFoundException",
    );
    await expectRejected(
      "DataPipeline.DeletePipeline",
      JSON.stringify({ pipelineId: "df-NOPE" }),
      "PipelineNotFoundException",
    );
    await expectRejected(
      "DataPipeline.AddTags",
      JSON.stringify({ pipelineId: "df-NOPE", tags: [] }),
      "PipelineNotFoundException",
    );
  });

  it("an oversize body is refused without being read whole", async () => {
    const big = JSON.stringify({ name: "x".repeat(11 * 1024 * 1024), uniqueId: "u" });
    await expectRejected("DataPipeline.CreatePipeline", big, "InvalidRequestException", /limit/);
  });
});
