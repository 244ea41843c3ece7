import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createRecordParser, createRecordWriter, DEFAULT_FORMAT, readTextFormat, type TextFormat } from "./data-format";

async function write(format: TextFormat, rows: (string | null)[][]): Promise<string> {
  let out = "";
  const writer = createRecordWriter(format);
  writer.on("data", (d: Buffer | string) => (out += d.toString()));
  const done = new Promise((r) => writer.on("end", r));
  for (const r of rows) writer.write(r);
  writer.end();
  await done;
  return out;
}

async function read(format: TextFormat, text: string): Promise<(string | null)[][]> {
  const rows: (string | null)[][] = [];
  for await (const r of Readable.from([text]).pipe(createRecordParser(format))) rows.push(r as (string | null)[]);
  return rows;
}

describe("data formats", () => {
  it("writes CSV as AWS does: no header, quotes only where needed, NULL empty, '' quoted", async () => {
    const text = await write(DEFAULT_FORMAT, [
      ["1", 'say "hi"', null, ""],
      ["2", "a,b", "line\nbreak", "x"],
    ]);
    expect(text).toBe('1,"say ""hi""",,""\n2,"a,b","line\nbreak",x\n');
    expect(await read(DEFAULT_FORMAT, text)).toEqual([
      ["1", 'say "hi"', null, ""],
      ["2", "a,b", "line\nbreak", "x"],
    ]);
  });

  it("reads CRLF records", async () => {
    expect(await read(DEFAULT_FORMAT, "a,b\r\nc,d\r\n")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("honours TSV and Custom separators and column names", async () => {
    const tsv = readTextFormat({
      id: "F",
      name: "F",
      fields: [
        { key: "type", stringValue: "TSV" },
        { key: "column", stringValue: "id INT" },
        { key: "column", stringValue: "name STRING" },
      ],
    });
    expect(tsv).toMatchObject({ delimiter: "\t", quote: null, columns: ["id", "name"] });
    expect(await write(tsv, [["1", "x"]])).toBe("1\tx\n");
    const custom = readTextFormat({
      id: "C",
      name: "C",
      fields: [
        { key: "type", stringValue: "Custom" },
        { key: "columnSeparator", stringValue: "|" },
        { key: "recordSeparator", stringValue: "\\n" },
      ],
    });
    expect(await read(custom, "1|a\n2|b\n")).toEqual([
      ["1", "a"],
      ["2", "b"],
    ]);
  });

  it("refuses formats it cannot read with the format's id", () => {
    expect(() => readTextFormat({ id: "R", name: "R", fields: [{ key: "type", stringValue: "RegEx" }] })).toThrow(
      "DataFormat R has type RegEx",
    );
    expect(() => readTextFormat({ id: "C", name: "C", fields: [{ key: "type", stringValue: "Custom" }] })).toThrow(
      "needs a columnSeparator",
    );
  });
});
