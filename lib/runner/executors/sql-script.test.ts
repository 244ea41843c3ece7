import { describe, expect, it } from "vitest";
import { bindArguments, splitSqlScript } from "./sql-script";

describe("splitSqlScript", () => {
  it("splits on semicolons outside quotes, comments and dollar quotes", () => {
    const script = `INSERT INTO t VALUES ('a;b', "c;d"); -- a comment; still a comment
      CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
      /* block; comment */ SELECT 2;;`;
    expect(splitSqlScript(script).map((s) => s.sql)).toEqual([
      `INSERT INTO t VALUES ('a;b', "c;d")`,
      `-- a comment; still a comment\n      CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql`,
      `/* block; comment */ SELECT 2`,
    ]);
  });

  it("rewrites ? placeholders per statement and leaves quoted ones alone", () => {
    const statements = splitSqlScript("SELECT ?, '?', ?; UPDATE t SET a = ? WHERE b = 'x?'", (n) => `$${n}`);
    expect(statements).toEqual([
      { sql: "SELECT $1, '?', $2", placeholders: 2 },
      { sql: "UPDATE t SET a = $1 WHERE b = 'x?'", placeholders: 1 },
    ]);
  });

  it("keeps doubled quotes inside strings, and backslash escapes where the dialect has them", () => {
    expect(
      splitSqlScript(`SELECT 'it''s; fine', 'a\\'; b'; SELECT 1`, undefined, { backslashEscapes: true }).map(
        (s) => s.sql,
      ),
    ).toEqual([`SELECT 'it''s; fine', 'a\\'; b'`, "SELECT 1"]);
    // Standard SQL: a backslash is text, so 'C:\' ends the string.
    expect(splitSqlScript(`SELECT 'C:\\'; SELECT 2`).map((s) => s.sql)).toEqual([`SELECT 'C:\\'`, "SELECT 2"]);
  });

  it("drops empty statements and comment-only tails", () => {
    expect(splitSqlScript("SELECT 1;\n-- trailing\n")).toEqual([{ sql: "SELECT 1", placeholders: 0 }]);
  });
});

describe("bindArguments", () => {
  it("hands arguments out in order across statements", () => {
    const bound = bindArguments(splitSqlScript("SELECT ?; SELECT ?, ?"), ["a", "b", "c"]);
    expect(bound).toEqual([
      { sql: "SELECT ?", params: ["a"] },
      { sql: "SELECT ?, ?", params: ["b", "c"] },
    ]);
  });

  it("refuses a count mismatch with a message naming both counts", () => {
    expect(() => bindArguments(splitSqlScript("SELECT ?"), [])).toThrow(
      "the script has 1 ? placeholder but 0 scriptArgument values",
    );
  });
});
