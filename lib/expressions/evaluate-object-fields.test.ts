import { describe, expect, it } from "vitest";
import { makeContext, makeObject, ref } from "./expression-test-support";
import { ExpressionError, evaluateObjectFields } from "./index";

describe("evaluateObjectFields", () => {
  const node = makeObject("MyDataNode", {
    directoryPath: "s3://b/#{@scheduledStartTime}/",
    "@scheduledStartTime": "2012-12-12T00:00:00",
  });

  it("evaluates string templates in order and leaves references, plain text and verbatim keys alone", () => {
    const activity = makeObject("@SayHello_2012-12-12T00:00:00", {
      id: "#{not.evaluated}",
      name: "#{also.not}",
      type: "ShellCommandActivity",
      "@sphere": "#{verbatim}",
      command: "echo #{input.directoryPath}",
      input: ref("MyDataNode"),
      plain: "no expression",
      "@scheduledStartTime": "2012-12-12T00:00:00",
      stamp: "#{format(@scheduledStartTime, 'YYYYMMdd')}",
    });
    const ctx = makeContext([node], "unused");
    expect(evaluateObjectFields(activity, ctx)).toEqual([
      { key: "id", stringValue: "#{not.evaluated}" },
      { key: "name", stringValue: "#{also.not}" },
      { key: "type", stringValue: "ShellCommandActivity" },
      { key: "@sphere", stringValue: "#{verbatim}" },
      { key: "command", stringValue: "echo s3://b/2012-12-12T00:00:00/" },
      { key: "input", refValue: "MyDataNode" },
      { key: "plain", stringValue: "no expression" },
      { key: "@scheduledStartTime", stringValue: "2012-12-12T00:00:00" },
      { key: "stamp", stringValue: "20121212" },
    ]);
  });

  it("gives one field per element of a list result, flattening repeated keys", () => {
    const obj = makeObject("O", {
      myList1: ["1", "2"],
      myList2: ["3", "4"],
      all: ["#{myList1}", "#{myList2}"],
      tagged: "t-#{myList1}",
    });
    const fields = evaluateObjectFields(obj, makeContext([], "O"));
    expect(fields.filter((f) => f.key === "all").map((f) => f.stringValue)).toEqual(["1", "2", "3", "4"]);
    expect(fields.filter((f) => f.key === "tagged").map((f) => f.stringValue)).toEqual(["t-1", "t-2"]);
  });

  it("evaluates on the object given even when the resolver does not know it", () => {
    const obj = makeObject("Fresh", { a: "#{@id}:#{b}", b: "x" });
    expect(evaluateObjectFields(obj, makeContext([], "Other"))).toEqual([
      { key: "a", stringValue: "Fresh:x" },
      { key: "b", stringValue: "x" },
    ]);
  });

  it("uses the context's node for alarms", () => {
    const activity = makeObject("SayHello", {
      "@scheduledStartTime": "2012-12-12T00:00:00",
      "@scheduledEndTime": "2012-12-12T01:00:00",
    });
    const alarm = makeObject("FailureAlarm", {
      message: "Error for interval #{node.@scheduledStartTime}..#{node.@scheduledEndTime}.",
    });
    expect(evaluateObjectFields(alarm, makeContext([activity], "FailureAlarm", { nodeId: "SayHello" }))).toEqual([
      { key: "message", stringValue: "Error for interval 2012-12-12T00:00:00..2012-12-12T01:00:00." },
    ]);
  });

  it("throws the failing field's error with its key and an offset into its value", () => {
    const obj = makeObject("O", { ok: "#{1}", bad: "abc #{nope}" });
    let caught: unknown;
    try {
      evaluateObjectFields(obj, makeContext([], "O"));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect(caught).toMatchObject({ message: "bad: unknown field 'nope' on object 'O'", position: 6, fieldKey: "bad" });
  });

  it("detects a field that refers to itself", () => {
    const obj = makeObject("O", { loop: "#{other}", other: "#{loop}" });
    expect(() => evaluateObjectFields(obj, makeContext([], "O"))).toThrow(
      "loop: reference cycle: O.loop -> O.other -> O.loop",
    );
  });

  it("keeps a failing field unevaluated with onError: keep", () => {
    const obj = makeObject("O", { bad: "#{node.x}", good: "#{1 + 1}" });
    expect(evaluateObjectFields(obj, makeContext([], "O"), { onError: "keep" })).toEqual([
      { key: "bad", stringValue: "#{node.x}" },
      { key: "good", stringValue: "2" },
    ]);
  });
});
