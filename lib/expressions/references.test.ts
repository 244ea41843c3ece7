import { describe, expect, it } from "vitest";
import { makeContext, makeObject, ref } from "./expression-test-support";
import { ExpressionError, evaluateTemplate, type EvaluationContext } from "./index";

const objects = [
  makeObject("SayHello", {
    name: "SayHello",
    command: "echo #{input.directoryPath}",
    input: ref("MyDataNode"),
    output: ref("OutNode"),
    "@scheduledStartTime": "2012-12-12T00:00:00",
    "@scheduledEndTime": "2012-12-12T01:00:00",
    "@actualEndTime": "2012-12-12T00:05:00",
    onFail: ref("FailureAlarm"),
    parent: ref("Default"),
    "*password": "secret",
    myBucket: "own-bucket",
  }),
  makeObject("MyDataNode", {
    directoryPath: "s3://#{myBucket}/#{format(@scheduledStartTime, 'YYYY-MM-dd')}/",
    "@scheduledStartTime": "2012-12-11T00:00:00",
    output: ref("OutNode"),
  }),
  makeObject("OutNode", { directoryPath: "s3://out/", "@id": "@OutNode_2012-12-12T00:00:00" }),
  makeObject("ExampleDataNode", { parent: ref("ExampleDataNode"), filePath: "s3://mybucket/#{parent.@id}.csv" }),
  makeObject("FailureAlarm", {
    subject: "Failed: #{node.name}",
    message: "Error for interval #{node.@scheduledStartTime}..#{node.@scheduledEndTime}.",
    copied: "Files were copied from #{node.input} to #{node.output}.",
    nodeLink: "#{node.output.directoryPath}",
  }),
  makeObject("Default", { pipelineLogUri: "s3://logs/" }),
  makeObject("Dangling", { input: ref("Missing") }),
];

function context(
  objectId: string,
  extra: { nodeId?: string; parameters?: Record<string, string[]> } = {},
): EvaluationContext {
  return makeContext(objects, objectId, extra);
}

function evaluationError(template: string, ctx: EvaluationContext): ExpressionError {
  try {
    evaluateTemplate(template, ctx);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(template)} to fail`);
}

describe("references", () => {
  it("reads fields and runtime fields of the current object", () => {
    expect(evaluateTemplate("s3://myBucket/#{name}.csv", context("SayHello")).value).toBe("s3://myBucket/SayHello.csv");
    expect(evaluateTemplate("#{@scheduledStartTime}", context("SayHello")).value).toBe("2012-12-12T00:00:00");
    expect(evaluateTemplate("#{*password}", context("SayHello")).value).toBe("secret");
  });

  it("prints a reference as the referenced id", () => {
    expect(evaluateTemplate("#{input}", context("SayHello")).value).toBe("MyDataNode");
  });

  it("follows reference chains and evaluates nested templates on the object holding them", () => {
    expect(evaluateTemplate("#{input.output.directoryPath}", context("SayHello")).value).toBe("s3://out/");
    // myBucket comes from the parameters because MyDataNode has no such field; its @scheduledStartTime is its own.
    const ctx = context("SayHello", { parameters: { myBucket: ["param-bucket"] } });
    expect(evaluateTemplate("#{input.directoryPath}", ctx).value).toBe("s3://param-bucket/2012-12-11/");
    expect(evaluateTemplate("#{command}", ctx).value).toBe("echo s3://param-bucket/2012-12-11/");
  });

  it("gives @id as the object's id unless the object has an @id field", () => {
    expect(evaluateTemplate("#{@id}", context("SayHello")).value).toBe("SayHello");
    expect(evaluateTemplate("#{output.@id}", context("SayHello")).value).toBe("@OutNode_2012-12-12T00:00:00");
    expect(evaluateTemplate("#{parent.@id}", context("SayHello")).value).toBe("Default");
  });

  it("resolves parent.@id through the parent reference (the guide's ExampleDataNode)", () => {
    expect(evaluateTemplate("#{filePath}", context("ExampleDataNode")).value).toBe("s3://mybucket/ExampleDataNode.csv");
  });

  it("evaluates `node` in an alarm as the referring object", () => {
    const ctx = context("FailureAlarm", { nodeId: "SayHello" });
    expect(evaluateTemplate("#{message}", ctx).value).toBe(
      "Error for interval 2012-12-12T00:00:00..2012-12-12T01:00:00.",
    );
    expect(evaluateTemplate("#{subject}", ctx).value).toBe("Failed: SayHello");
    expect(evaluateTemplate("#{copied}", ctx).value).toBe("Files were copied from MyDataNode to OutNode.");
    expect(evaluateTemplate("#{nodeLink}", ctx).value).toBe("s3://out/");
    expect(
      evaluateTemplate("#{format(minusMinutes(node.@scheduledStartTime,30),'YYYY-MM-dd hh:mm:ss')}", ctx).value,
    ).toBe("2012-12-11 11:30:00");
    expect(evaluateTemplate("#{node.@actualEndTime}", ctx).value).toBe("2012-12-12T00:05:00");
  });

  it("prefers a field to a parameter of the same name, and reads multi-valued parameters as lists", () => {
    const ctx = context("SayHello", { parameters: { myBucket: ["param-bucket"], myTables: ["a", "b"] } });
    expect(evaluateTemplate("#{myBucket}", ctx).value).toBe("own-bucket");
    expect(evaluateTemplate("#{myTables}", ctx).values).toEqual(["a", "b"]);
  });

  it("does not fall back to parameters for fields reached through a reference", () => {
    const ctx = context("SayHello", { parameters: { myBucket: ["param-bucket"] } });
    expect(evaluationError("#{output.myBucket}", ctx).message).toBe("unknown field 'myBucket' on object 'OutNode'");
  });

  it("names unknown fields and objects at the reference", () => {
    expect(evaluationError("ab#{nope}", context("SayHello"))).toMatchObject({
      message: "unknown field 'nope' on object 'SayHello'",
      position: 4,
    });
    expect(evaluationError("#{input.nope}", context("SayHello"))).toMatchObject({
      message: "unknown field 'nope' on object 'MyDataNode'",
      position: 8,
    });
    expect(evaluationError("#{input.x}", context("Dangling"))).toMatchObject({
      message: "unknown object 'Missing'",
      position: 8,
    });
    expect(evaluationError("#{x}", context("Ghost")).message).toBe("unknown object 'Ghost'");
    expect(evaluationError("#{@status}", context("SayHello")).message).toBe(
      "unknown field '@status' on object 'SayHello'",
    );
  });

  it("rejects a field read on something that is not a reference", () => {
    expect(evaluationError("#{name.x}", context("SayHello"))).toMatchObject({
      message: "type mismatch: cannot read field 'x' of a value of type string",
      position: 7,
    });
    expect(evaluationError("#{(1 + 2).x}", context("SayHello")).message).toBe(
      "type mismatch: cannot read field 'x' of a value of type int",
    );
  });

  it("rejects `node` where there is no referrer", () => {
    expect(evaluationError("x #{node.name}", context("FailureAlarm"))).toMatchObject({
      message: "'node' is only available in preconditions and alarms, where an object refers to this one",
      position: 4,
    });
  });

  it("does not carry `node` into templates of other objects", () => {
    const shared = makeObject("Shared", { text: "#{node.name}" });
    const alarm = makeObject("Alarm", { via: ref("Shared") });
    const ctx = makeContext([shared, alarm, ...objects], "Alarm", { nodeId: "SayHello" });
    const error = evaluationError("#{via.text}", ctx);
    expect(error.message).toBe(
      "'node' is only available in preconditions and alarms, where an object refers to this one (in Shared.text at offset 2)",
    );
    expect(error.position).toBe(6);
    expect(error.origin).toEqual({ objectId: "Shared", key: "text", position: 2 });
  });

  it("points errors inside a nested template at the outer reference and names where they arose", () => {
    const ctx = makeContext([makeObject("A", { bad: "x#{1 +}", deeper: "#{bad}" })], "A");
    const error = evaluationError("..#{deeper}", ctx);
    expect(error.position).toBe(4);
    expect(error.message).toBe("expected an expression but found '}' (in A.bad at offset 6)");
    expect(error.origin).toEqual({ objectId: "A", key: "bad", position: 6 });
  });

  it("detects reference cycles and names the path", () => {
    const ctx = makeContext(
      [
        makeObject("A", { a: "#{b}", b: "x#{other.c}", other: ref("B"), self: "#{self}" }),
        makeObject("B", { c: "#{back.a}", back: ref("A") }),
      ],
      "A",
    );
    const error = evaluationError("#{a}", ctx);
    expect(error.message).toBe("reference cycle: A.a -> A.b -> B.c -> A.a");
    expect(error.position).toBe(2);
    expect(evaluationError("#{self}", ctx).message).toBe("reference cycle: A.self -> A.self");
  });

  it("reads a shared field once however often it is used", () => {
    const ctx = makeContext([makeObject("A", { x: "#{y}#{y}", y: "#{z}+#{z}", z: "1" })], "A");
    const result = evaluateTemplate("#{x}", ctx);
    expect(result.value).toBe("1+11+1");
    expect(result.reads.filter((read) => read.key === "z")).toHaveLength(1);
  });

  it("lists every read with its value, nested ones included", () => {
    const ctx = context("SayHello", { parameters: { myBucket: ["param-bucket"] } });
    const { reads } = evaluateTemplate("#{input.directoryPath} #{@id}", ctx);
    expect(reads).toEqual([
      { objectId: "SayHello", key: "input", value: "MyDataNode", kind: "ref" },
      {
        objectId: "MyDataNode",
        key: "directoryPath",
        value: "s3://#{myBucket}/#{format(@scheduledStartTime, 'YYYY-MM-dd')}/",
        kind: "string",
        evaluated: "s3://param-bucket/2012-12-11/",
      },
      { objectId: "MyDataNode", key: "myBucket", value: "param-bucket", kind: "parameter" },
      { objectId: "MyDataNode", key: "@scheduledStartTime", value: "2012-12-11T00:00:00", kind: "string" },
      { objectId: "SayHello", key: "@id", value: "SayHello", kind: "id" },
    ]);
  });

  it("records the node reference it follows", () => {
    const { reads } = evaluateTemplate("#{node.name}", context("FailureAlarm", { nodeId: "SayHello" }));
    expect(reads).toEqual([
      { objectId: "FailureAlarm", key: "node", value: "SayHello", kind: "ref" },
      { objectId: "SayHello", key: "name", value: "SayHello", kind: "string" },
    ]);
  });

  it("returns text without #{ unchanged and reads nothing", () => {
    expect(evaluateTemplate("plain } text { #", context("SayHello"))).toEqual({
      value: "plain } text { #",
      values: null,
      reads: [],
    });
    expect(evaluateTemplate("", context("SayHello"))).toEqual({ value: "", values: null, reads: [] });
  });
});
