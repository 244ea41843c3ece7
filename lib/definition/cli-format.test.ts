import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  apiToDefinitionFile,
  DefinitionFormatError,
  definitionFileToApi,
  type DefinitionFile,
} from "@/lib/definition/cli-format";
import { buildSayHelloDefinition } from "@/lib/definition/fixtures";

describe("definitionFileToApi", () => {
  it("translates objects as awscli does: sorted keys, name defaults to id, lists repeat, refs", () => {
    const api = definitionFileToApi({
      objects: [
        { id: "Default", workerGroup: "wg" },
        {
          id: "Act",
          name: "My activity",
          type: "ShellCommandActivity",
          scriptArgument: ["a", { ref: "Default" }, "c"],
          command: "echo $1",
          schedule: { ref: "Sched" },
          empty: [],
        },
      ],
    });
    expect(api).toEqual({
      pipelineObjects: [
        { id: "Default", name: "Default", fields: [{ key: "workerGroup", stringValue: "wg" }] },
        {
          id: "Act",
          name: "My activity",
          fields: [
            { key: "command", stringValue: "echo $1" },
            { key: "schedule", refValue: "Sched" },
            { key: "scriptArgument", stringValue: "a" },
            { key: "scriptArgument", refValue: "Default" },
            { key: "scriptArgument", stringValue: "c" },
            { key: "type", stringValue: "ShellCommandActivity" },
          ],
        },
      ],
    });
  });

  it("sorts keys by code point like Python, not by UTF-16 unit", () => {
    const api = definitionFileToApi({
      objects: [{ id: "A", "\u{1F600}": "emoji", "\uFFFD": "replacement", B: "b", a: "a" }],
    });
    expect(api.pipelineObjects[0]?.fields.map((f) => f.key)).toEqual(["B", "a", "\uFFFD", "\u{1F600}"]);
  });

  it("translates parameters (sorted attributes, lists repeat) and values (lists repeat)", () => {
    const api = definitionFileToApi({
      objects: [],
      parameters: [{ id: "myColour", type: "String", allowedValues: ["red", "green"], description: "c" }],
      values: { myColour: "red", myList: ["a", "b"] },
    });
    expect(api).toEqual({
      pipelineObjects: [],
      parameterObjects: [
        {
          id: "myColour",
          attributes: [
            { key: "allowedValues", stringValue: "red" },
            { key: "allowedValues", stringValue: "green" },
            { key: "description", stringValue: "c" },
            { key: "type", stringValue: "String" },
          ],
        },
      ],
      parameterValues: [
        { id: "myColour", stringValue: "red" },
        { id: "myList", stringValue: "a" },
        { id: "myList", stringValue: "b" },
      ],
    });
  });

  it("leaves parameters and values out when the file has none", () => {
    const api = definitionFileToApi({ objects: [] });
    expect(Object.keys(api)).toEqual(["pipelineObjects"]);
  });

  it("stores a field named __proto__ as an ordinary field", () => {
    const api = definitionFileToApi(JSON.parse('{"objects":[{"id":"A","__proto__":"x"}]}'));
    expect(api.pipelineObjects[0]?.fields).toEqual([{ key: "__proto__", stringValue: "x" }]);
  });

  it.each([
    [null, "The definition must be a JSON object."],
    [[], "The definition must be a JSON object."],
    [{}, 'Missing "objects" key'],
    [{ objects: {} }, '"objects" must be a list of objects.'],
    [{ objects: ["x"] }, "objects[0] must be a JSON object."],
    [{ objects: [{ name: "N", k: "v" }] }, 'Missing "id" key of element: {"name":"N","k":"v"}'],
    [{ objects: [{ id: 7 }] }, "objects[0].id must be a string."],
    [{ objects: [{ id: "A", name: 1 }] }, "Object 'A': \"name\" must be a string."],
    [
      { objects: [{ id: "A", maximumRetries: 3 }] },
      "Object 'A' field 'maximumRetries' must be a string, {\"ref\": \"<object id>\"} or a list of those; got number 3.",
    ],
    [
      { objects: [{ id: "A", k: ["a", ["b"]] }] },
      "Object 'A' field 'k'[1] must be a string, {\"ref\": \"<object id>\"} or a list of those; got a nested list.",
    ],
    [
      { objects: [{ id: "A", k: { ref: "B", extra: 1 } }] },
      'Object \'A\' field \'k\' must be a string, {"ref": "<object id>"} or a list of those; got {"ref":"B","extra":1}.',
    ],
    [
      { objects: [{ id: "A", k: null }] },
      "Object 'A' field 'k' must be a string, {\"ref\": \"<object id>\"} or a list of those; got null.",
    ],
    [{ objects: [], parameters: {} }, '"parameters" must be a list of objects.'],
    [{ objects: [], parameters: [{ type: "String" }] }, 'Missing "id" key of parameter: {"type":"String"}'],
    [
      { objects: [], parameters: [{ id: "myA", optional: true }] },
      "Parameter 'myA' attribute 'optional' must be a string or a list of strings; got boolean true.",
    ],
    [{ objects: [], values: [] }, '"values" must be an object of parameter ids to values.'],
    [
      { objects: [], values: { myA: 1 } },
      "Value of parameter 'myA' must be a string or a list of strings; got number 1.",
    ],
  ])("rejects %j", (input, message) => {
    expect(() => definitionFileToApi(input)).toThrow(DefinitionFormatError);
    expect(() => definitionFileToApi(input)).toThrow(message);
  });
});

describe("apiToDefinitionFile", () => {
  it("turns repeated keys into lists and refs into {ref}, keeping field order", () => {
    const file = apiToDefinitionFile({
      pipelineObjects: [
        {
          id: "Act",
          name: "Act",
          fields: [
            { key: "type", stringValue: "ShellCommandActivity" },
            { key: "scriptArgument", stringValue: "a" },
            { key: "dependsOn", refValue: "X" },
            { key: "scriptArgument", stringValue: "b" },
            { key: "scriptArgument", stringValue: "c" },
          ],
        },
      ],
      parameterObjects: [
        {
          id: "myA",
          attributes: [
            { key: "allowedValues", stringValue: "1" },
            { key: "allowedValues", stringValue: "2" },
          ],
        },
      ],
      parameterValues: [
        { id: "myA", stringValue: "1" },
        { id: "myB", stringValue: "x" },
        { id: "myB", stringValue: "y" },
      ],
    });
    expect(file).toEqual({
      objects: [
        {
          id: "Act",
          name: "Act",
          type: "ShellCommandActivity",
          scriptArgument: ["a", "b", "c"],
          dependsOn: { ref: "X" },
        },
      ],
      parameters: [{ id: "myA", allowedValues: ["1", "2"] }],
      values: { myA: "1", myB: ["x", "y"] },
    });
    expect(Object.keys(file.objects[0] ?? {})).toEqual(["id", "name", "type", "scriptArgument", "dependsOn"]);
  });

  it("omits sections the response does not have", () => {
    expect(apiToDefinitionFile({ pipelineObjects: [] })).toEqual({ objects: [] });
  });
});

describe("round trip", () => {
  it("file -> API -> file keeps the definition (names filled in)", () => {
    const file: DefinitionFile = {
      objects: [
        { id: "Default", workerGroup: "wg", scheduleType: "ondemand" },
        {
          id: "Step",
          name: "Step one",
          type: "ShellCommandActivity",
          scriptArgument: ["x", "y"],
          dependsOn: [{ ref: "Other" }],
        },
      ],
      parameters: [{ id: "myA", type: "String", default: "d" }],
      values: { myA: ["1", "2"] },
    };
    const back = apiToDefinitionFile(definitionFileToApi(file));
    expect(back).toEqual({
      objects: [
        { id: "Default", name: "Default", workerGroup: "wg", scheduleType: "ondemand" },
        // A one-item list comes back as a scalar, as with the CLI.
        {
          id: "Step",
          name: "Step one",
          type: "ShellCommandActivity",
          scriptArgument: ["x", "y"],
          dependsOn: { ref: "Other" },
        },
      ],
      parameters: [{ id: "myA", type: "String", default: "d" }],
      values: { myA: ["1", "2"] },
    });
  });

  it("API -> file -> API gives AWS's example definition back with fields sorted by key", () => {
    const objects = buildSayHelloDefinition().objects;
    const again = definitionFileToApi(apiToDefinitionFile({ pipelineObjects: objects })).pipelineObjects;
    expect(again).toEqual(
      objects.map((obj) => ({
        ...obj,
        fields: [...obj.fields].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      })),
    );
  });

  it("holds for arbitrary definitions whose fields are already sorted", () => {
    const keyArb = fc.constantFrom("alpha", "beta", "gamma", "type", "myX");
    const valueArb = fc.oneof(
      fc.string().map((v) => ({ stringValue: v })),
      fc.string({ minLength: 1 }).map((v) => ({ refValue: v })),
    );
    const objectArb = fc.record({
      id: fc.string({ minLength: 1 }),
      name: fc.string({ minLength: 1 }),
      fields: fc
        .array(fc.tuple(keyArb, valueArb), { maxLength: 8 })
        .map((pairs) =>
          pairs.map(([key, value]) => ({ key, ...value })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
        ),
    });
    fc.assert(
      fc.property(fc.array(objectArb, { maxLength: 5 }), (pipelineObjects) => {
        const again = definitionFileToApi(JSON.parse(JSON.stringify(apiToDefinitionFile({ pipelineObjects }))));
        expect(again.pipelineObjects).toEqual(pipelineObjects);
      }),
    );
  });
});
