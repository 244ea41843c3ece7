import { describe, expect, it } from "vitest";
import type { Field, PipelineObject } from "@/lib/protocol/types";
import { activeGraph, evaluateObject, type EvaluationScope } from "./evaluate-object";

const s = (key: string, stringValue: string): Field => ({ key, stringValue });
const r = (key: string, refValue: string): Field => ({ key, refValue });
const value = (o: PipelineObject | undefined, key: string) => o?.fields.find((f) => f.key === key)?.stringValue;

const scope: EvaluationScope = {
  pipelineId: "df-EVALUATE00000000000",
  version: 1,
  parameterObjects: [{ id: "myBucket", attributes: [{ key: "type", stringValue: "String" }] }],
  parameterValues: [{ id: "myBucket", stringValue: "my-bucket" }],
  plan: {
    objects: [
      { id: "Default", name: "Default", fields: [s("greeting", "hello"), s("scheduleType", "ondemand")] },
      {
        id: "Act",
        name: "Act",
        fields: [
          s("type", "ShellCommandActivity"),
          s("command", "echo #{greeting} #{@scheduledStartTime} to #{myBucket}"),
          s("broken", "#{noSuchField}"),
          r("onFail", "Alarm"),
        ],
      },
      {
        id: "Alarm",
        name: "Alarm",
        fields: [s("type", "SnsAlarm"), s("subject", "#{node.name} of #{node.@scheduledStartTime} failed")],
      },
    ],
  },
};

const instanceId = "@Act_2026-01-02T03:04:05";
const attemptId = `${instanceId}_Attempt=1`;
const runtime: PipelineObject[] = [
  {
    id: instanceId,
    name: instanceId,
    fields: [r("parent", "Act"), s("@sphere", "INSTANCE"), s("@scheduledStartTime", "2026-01-02T03:04:05")],
  },
  {
    id: attemptId,
    name: attemptId,
    fields: [
      r("parent", "Act"),
      s("@sphere", "ATTEMPT"),
      r("@instanceParent", instanceId),
      s("@scheduledStartTime", "2026-01-02T03:04:05"),
    ],
  },
];

describe("evaluateObject", () => {
  it("resolves an attempt's inherited fields and evaluates them, parameters included", () => {
    const attempt = evaluateObject(activeGraph(scope, runtime), attemptId, { onError: "keep" });
    expect(value(attempt, "command")).toBe("echo hello 2026-01-02T03:04:05 to my-bucket");
    expect(value(attempt, "greeting")).toBe("hello");
    // A field that cannot be evaluated keeps its text under "keep".
    expect(value(attempt, "broken")).toBe("#{noSuchField}");
  });

  it("throws on a field that cannot be evaluated under onError: throw", () => {
    expect(() => evaluateObject(activeGraph(scope, runtime), attemptId, { onError: "throw" })).toThrow(/noSuchField/);
  });

  it("evaluates an action with the instance it fires on as `node`", () => {
    const action = evaluateObject(activeGraph(scope, runtime), "Alarm", { onError: "keep", nodeId: instanceId });
    expect(value(action, "subject")).toBe(`${instanceId} of 2026-01-02T03:04:05 failed`);
    // Without a node the reference cannot be evaluated, and the text stays.
    const bare = evaluateObject(activeGraph(scope, runtime), "Alarm", { onError: "keep" });
    expect(value(bare, "subject")).toBe("#{node.name} of #{node.@scheduledStartTime} failed");
  });

  it("answers undefined for an object the graph does not have", () => {
    expect(evaluateObject(activeGraph(scope, runtime), "Nope", { onError: "throw" })).toBeUndefined();
  });
});
