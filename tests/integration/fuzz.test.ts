import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rawCall } from "./helpers";

// Whatever a client sends, the answer is a well-formed AWS response: never a 500, never a hang.

const OPERATIONS = [
  "ActivatePipeline",
  "AddTags",
  "CreatePipeline",
  "DeactivatePipeline",
  "DeletePipeline",
  "DescribeObjects",
  "DescribePipelines",
  "EvaluateExpression",
  "GetPipelineDefinition",
  "ListPipelines",
  "PollForTask",
  "PutPipelineDefinition",
  "QueryObjects",
  "RemoveTags",
  "ReportTaskProgress",
  "ReportTaskRunnerHeartbeat",
  "SetStatus",
  "SetTaskStatus",
  "ValidatePipelineDefinition",
];

const keys = fc.constantFrom(
  "pipelineId",
  "name",
  "uniqueId",
  "objectIds",
  "pipelineObjects",
  "fields",
  "key",
  "stringValue",
  "refValue",
  "id",
  "workerGroup",
  "taskId",
  "taskStatus",
  "status",
  "sphere",
  "query",
  "selectors",
  "operator",
  "values",
  "limit",
  "marker",
  "tags",
  "expression",
  "objectId",
  "version",
  "startTimestamp",
  "cancelActive",
  "parameterValues",
  "parameterObjects",
  "attributes",
  "evaluateExpressions",
  "hostname",
);
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom("df-NOPE", "Default", "FINISHED", "COMPONENT", "#{1+}", "EQ", ""),
    fc.array(tie("any"), { maxLength: 4 }),
    fc.dictionary(keys, tie("any"), { maxKeys: 5 }),
  ),
})).any;

describe("fuzzed requests", () => {
  it("never produce a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OPERATIONS), fc.dictionary(keys, value, { maxKeys: 6 }), async (op, body) => {
        // PollForTask with a valid group would long-poll; a unique group keeps it to the server's short hold.
        const res = await rawCall(`DataPipeline.${op}`, JSON.stringify(body));
        expect(res.status, `${op} ${JSON.stringify(body).slice(0, 300)} -> ${res.text.slice(0, 300)}`).toBeLessThan(
          500,
        );
        expect(typeof res.json?.__type === "string" || res.status === 200).toBe(true);
      }),
      { numRuns: 300 },
    );
  }, 300_000);
});
