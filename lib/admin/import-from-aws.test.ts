import { describe, expect, it } from "vitest";
import { parseImportArgs } from "./import-cli";
import { canonical, formatImportReport, sameDefinition } from "./import-from-aws";

describe("import-from-aws", () => {
  it("compares definitions by content, whatever the key order or absent optional lists", () => {
    const a = {
      objects: [{ id: "A", name: "A", fields: [{ key: "type", stringValue: "X" }] }],
      parameterObjects: [],
      parameterValues: [],
    };
    const b = {
      objects: [{ fields: [{ stringValue: "X", key: "type" }], name: "A", id: "A" }],
      parameterObjects: [],
      parameterValues: [],
    };
    expect(sameDefinition(a, b)).toBe(true);
    expect(sameDefinition(a, { ...b, parameterValues: [{ id: "p", stringValue: "1" }] })).toBe(false);
    expect(canonical({ b: 1, a: [2, { d: undefined, c: 3 }] })).toBe('{"a":[2,{"c":3}],"b":1}');
  });

  it("parses the command line, with several ids after one --pipeline-id", () => {
    expect(
      parseImportArgs([
        "--region",
        "eu-west-1",
        "--pipeline-id",
        "df-A",
        "df-B",
        "--activate",
        "--pipeline-id",
        "df-C",
      ]),
    ).toEqual({
      ok: true,
      args: { region: "eu-west-1", pipelineIds: ["df-A", "df-B", "df-C"], activate: true },
    });
    expect(parseImportArgs(["--profile"])).toEqual({ ok: false, message: "--profile needs a value" });
    expect(parseImportArgs(["--endpoint", "not a url"])).toEqual({
      ok: false,
      message: "--endpoint not a url is not a URL",
    });
    expect(parseImportArgs(["--bogus"])).toEqual({ ok: false, message: "unknown argument --bogus" });
  });

  it("prints one line per pipeline with its notes and validation errors, then a summary", () => {
    const text = formatImportReport([
      { sourceId: "df-1", name: "etl", uniqueId: "u1", targetId: "df-9", status: "created", notes: ["created df-9"] },
      {
        sourceId: "df-2",
        name: "bad",
        uniqueId: "u2",
        status: "failed",
        notes: ["the definition has validation errors here and was not imported"],
        validationErrors: [{ id: "Act", errors: ["no type"] }],
      },
    ]);
    expect(text.split("\n")).toEqual([
      "created   etl (uniqueId u1, df-1) -> df-9",
      "          created df-9",
      "failed    bad (uniqueId u2, df-2)",
      "          the definition has validation errors here and was not imported",
      "          Act: no type",
      "2 pipelines: 1 created, 0 updated, 0 unchanged, 1 failed",
    ]);
  });
});
