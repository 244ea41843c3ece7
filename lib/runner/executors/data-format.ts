import type { PipelineObject } from "@aws-sdk/client-data-pipeline";
import { parse, type Options as ParseOptions } from "csv-parse";
import { Transform } from "node:stream";
import type { SqlValue } from "./sql-connection";
import { str, strs, TaskError, typeOf } from "./task-view";

// The DataFormat objects of AWS's reference that describe delimited text: CSV (comma, newline,
// double-quote quoting, escapeChar), TSV (columnSeparator default tab, recordSeparator, escapeChar)
// and Custom (columnSeparator required, recordSeparator). No header row, as AWS writes them; an
// empty unquoted field is SQL NULL and an empty quoted field ("") the empty string, both ways.

export interface TextFormat {
  type: "CSV" | "TSV" | "Custom";
  delimiter: string;
  recordSeparator: string;
  /** The quote character, or null for formats without quoting. */
  quote: string | null;
  escape: string | null;
  /** Column names from the `column` fields ("name TYPE" -> name), empty when none are given. */
  columns: string[];
}

export const DEFAULT_FORMAT: TextFormat = {
  type: "CSV",
  delimiter: ",",
  recordSeparator: "\n",
  quote: '"',
  escape: '"',
  columns: [],
};

const SUPPORTED = ["CSV", "TSV", "Custom"];

/** Separators are often written escaped in definitions ("\\t", "\n"). */
function unescapeSeparator(text: string): string {
  return text.replace(/\\([tnr\\])/g, (_, c: string) => ({ t: "\t", n: "\n", r: "\r", "\\": "\\" })[c] ?? c);
}

export function readTextFormat(format: PipelineObject | undefined): TextFormat {
  if (!format) return DEFAULT_FORMAT;
  const type = typeOf(format) ?? "CSV";
  if (!SUPPORTED.includes(type)) {
    throw new TaskError(
      "UnsupportedDataFormat",
      `DataFormat ${format.id} has type ${type}; this runner reads and writes ${SUPPORTED.join(", ")}.`,
    );
  }
  const columns = strs(format, "column")
    .map((c) => c.trim().split(/\s+/)[0] ?? "")
    .filter((c) => c !== "");
  const separator = str(format, "columnSeparator");
  const record = str(format, "recordSeparator");
  const escapeChar = str(format, "escapeChar");
  if (type === "CSV") return { ...DEFAULT_FORMAT, escape: escapeChar ? unescapeSeparator(escapeChar) : '"', columns };
  if (type === "Custom" && !separator)
    throw new TaskError("InvalidDataFormat", `DataFormat ${format.id} (Custom) needs a columnSeparator.`);
  return {
    type: type as "TSV" | "Custom",
    delimiter: separator ? unescapeSeparator(separator) : "\t",
    recordSeparator: record ? unescapeSeparator(record) : "\n",
    quote: null,
    escape: escapeChar ? unescapeSeparator(escapeChar) : null,
    columns,
  };
}

export function sameTextFormat(a: TextFormat, b: TextFormat): boolean {
  return (
    a.delimiter === b.delimiter &&
    a.recordSeparator === b.recordSeparator &&
    a.quote === b.quote &&
    a.escape === b.escape
  );
}

/** Bytes in, one array of values per record out. */
export function createRecordParser(format: TextFormat): Transform {
  const options: ParseOptions = {
    delimiter: format.delimiter,
    record_delimiter: format.recordSeparator === "\n" ? ["\n", "\r\n"] : format.recordSeparator,
    quote: format.quote ?? false,
    escape: format.escape ?? null,
    relax_column_count: true,
    skip_empty_lines: true,
    cast: (value, context) => (context.quoting || value !== "" ? value : null),
  };
  return parse(options);
}

/** One record as text. Quoting only where needed (CSV); without quoting, an escapeChar escapes separators. */
export function formatRecord(format: TextFormat, values: readonly SqlValue[]): string {
  const { delimiter, recordSeparator, quote, escape } = format;
  const cells = values.map((value) => {
    if (value === null || value === undefined) return "";
    const text = String(value);
    if (quote !== null) {
      if (text === "") return quote + quote;
      const needs =
        text.includes(delimiter) ||
        text.includes(quote) ||
        text.includes("\n") ||
        text.includes("\r") ||
        text.includes(recordSeparator);
      if (!needs) return text;
      const escapeWith = escape ?? quote;
      return quote + text.split(quote).join(escapeWith + quote) + quote;
    }
    if (escape === null) return text;
    return text
      .split(escape)
      .join(escape + escape)
      .split(delimiter)
      .join(escape + delimiter)
      .split(recordSeparator)
      .join(escape + recordSeparator);
  });
  return cells.join(delimiter) + recordSeparator;
}

/** Arrays of values in, delimited text out. */
export function createRecordWriter(format: TextFormat): Transform {
  return new Transform({
    writableObjectMode: true,
    transform(record: SqlValue[], _encoding, callback) {
      callback(null, formatRecord(format, record));
    },
  });
}
