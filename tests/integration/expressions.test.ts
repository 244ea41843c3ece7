import {
  EvaluateExpressionCommand,
  InvalidRequestException,
  PutPipelineDefinitionCommand,
  CreatePipelineCommand,
  DescribeObjectsCommand,
} from "@aws-sdk/client-data-pipeline";
import { beforeAll, describe, expect, it } from "vitest";
import { helloObjects } from "./fixtures";
import { rawCall, sdk, uniqueName } from "./helpers";

const client = sdk();
let pipelineId = "";

beforeAll(async () => {
  const name = uniqueName("expr");
  pipelineId = (await client.send(new CreatePipelineCommand({ name, uniqueId: name }))).pipelineId!;
  await client.send(
    new PutPipelineDefinitionCommand({
      pipelineId,
      pipelineObjects: [
        ...helloObjects,
        {
          id: "Data",
          name: "Data",
          fields: [
            { key: "type", stringValue: "S3DataNode" },
            {
              key: "directoryPath",
              stringValue: "s3://bucket/#{myPrefix}/#{format(makeDate(2012,12,12),'YYYY-MM-dd')}",
            },
            { key: "schedule", refValue: "Schedule" },
          ],
        },
      ],
      parameterObjects: [
        {
          id: "myPrefix",
          attributes: [
            { key: "type", stringValue: "String" },
            { key: "default", stringValue: "raw" },
          ],
        },
      ],
    }),
  );
});

const evaluate = (objectId: string, expression: string) =>
  client.send(new EvaluateExpressionCommand({ pipelineId, objectId, expression }));

describe("EvaluateExpression", () => {
  it("evaluates AWS's documented example on a Schedule", async () => {
    const out = await evaluate("Schedule", "Transform started at #{startDateTime} and finished at #{endDateTime}");
    expect(out.evaluatedExpression).toBe(
      "Transform started at 2012-12-12T00:00:00 and finished at 2012-12-21T18:00:00",
    );
  });

  it("evaluates functions, arithmetic, parameters, references and inheritance", async () => {
    expect(
      (await evaluate("SayHello", "#{format(minusMinutes(makeDateTime(2012,12,12,0,0),30),'YYYY-MM-dd hh:mm:ss')}"))
        .evaluatedExpression,
    ).toBe("2012-12-11 11:30:00");
    expect((await evaluate("SayHello", '#{1 + 2} #{2 ^ 2} #{1 / 2} #{"hel" + "lo"}')).evaluatedExpression).toBe(
      "3 4.0 0 hello",
    );
    expect((await evaluate("SayHello", "#{workerGroup}/#{schedule.period}/#{parent.@id}")).evaluatedExpression).toBe(
      "workerGroup/1 hour/Default",
    );
    expect((await evaluate("Data", "#{directoryPath}")).evaluatedExpression).toBe("s3://bucket/raw/2012-12-12");
    expect((await evaluate("SayHello", "text without slots")).evaluatedExpression).toBe("text without slots");
  });

  it("answers a clear 400 for bad expressions, unknown objects and runaway input, quickly", async () => {
    for (const [expression, message] of [
      ["#{nosuch(1)}", /nosuch/],
      ["#{1 / 0}", /zero/i],
      ["#{plusDays(startDateTime)}", /plusDays/],
      ["#{unknownField}", /unknownField/],
      ["#{1 +}", /position|offset|expected/i],
    ] as const) {
      const err = await evaluate("Schedule", expression).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRequestException);
      expect((err as Error).message).toMatch(message);
    }
    await expect(evaluate("NoSuchObject", "#{1}")).rejects.toBeInstanceOf(InvalidRequestException);
    const started = Date.now();
    const deep = `#{${"(".repeat(10_000)}1${")".repeat(10_000)}}`;
    await expect(evaluate("Schedule", deep)).rejects.toBeInstanceOf(InvalidRequestException);
    const huge = await rawCall(
      "DataPipeline.EvaluateExpression",
      JSON.stringify({ pipelineId, objectId: "Schedule", expression: `#{'${"x".repeat(20 * 1024 * 1024)}'}` }),
    );
    expect(huge.status).toBe(400);
    expect(huge.json?.__type).toBe("InvalidRequestException");
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe("DescribeObjects with evaluateExpressions", () => {
  it("evaluates what a component can evaluate and leaves the rest as written", async () => {
    const out = await client.send(
      new DescribeObjectsCommand({ pipelineId, objectIds: ["Data"], evaluateExpressions: true }),
    );
    expect(out.pipelineObjects![0]!.fields!.find((f) => f.key === "directoryPath")?.stringValue).toBe(
      "s3://bucket/raw/2012-12-12",
    );
  });
});
