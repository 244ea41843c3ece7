// Splitting a SqlActivity script into statements and binding its scriptArgument values. AWS binds
// each scriptArgument to a `?` in the script, in order; a script may hold several statements
// separated by `;`. Quotes, quoted identifiers, comments and Postgres dollar quotes are respected,
// so a `;` or `?` inside them is text.

export interface Statement {
  sql: string;
  /** How many `?` placeholders it holds, in order. */
  placeholders: number;
}

interface Scan {
  statements: Statement[];
}

export interface ScanOptions {
  /** MySQL reads \' inside a string as an escaped quote; standard SQL (Postgres) does not. */
  backslashEscapes?: boolean;
}

function scan(script: string, rewritePlaceholder: ((n: number) => string) | undefined, options: ScanOptions): Scan {
  const statements: Statement[] = [];
  let current = "";
  let count = 0;
  let total = 0;
  let i = 0;
  const push = () => {
    const sql = current.trim();
    if (sql !== "" && !/^(--[^\n]*\n?|\/\*[\s\S]*?\*\/|\s)*$/.test(sql)) statements.push({ sql, placeholders: count });
    current = "";
    count = 0;
  };
  while (i < script.length) {
    const ch = script[i]!;
    const next = script[i + 1];
    if (ch === "'" || ch === '"' || ch === "`") {
      let j = i + 1;
      while (j < script.length) {
        if (script[j] === ch && script[j + 1] === ch) j += 2;
        else if (options.backslashEscapes && script[j] === "\\" && ch !== "`" && j + 1 < script.length) j += 2;
        else if (script[j] === ch) break;
        else j += 1;
      }
      current += script.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "-" && next === "-") {
      const end = script.indexOf("\n", i);
      const stop = end === -1 ? script.length : end + 1;
      current += script.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === "/" && next === "*") {
      const end = script.indexOf("*/", i + 2);
      const stop = end === -1 ? script.length : end + 2;
      current += script.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i));
      if (tag) {
        const end = script.indexOf(tag[0], i + tag[0].length);
        const stop = end === -1 ? script.length : end + tag[0].length;
        current += script.slice(i, stop);
        i = stop;
        continue;
      }
    }
    if (ch === ";") {
      push();
      i += 1;
      continue;
    }
    if (ch === "?") {
      count += 1;
      total += 1;
      current += rewritePlaceholder ? rewritePlaceholder(count) : "?";
      i += 1;
      continue;
    }
    current += ch;
    i += 1;
  }
  push();
  void total;
  return { statements };
}

/** The script's statements, with `?` rewritten by `placeholder(n)` (n restarts at 1 per statement). */
export function splitSqlScript(
  script: string,
  placeholder?: (n: number) => string,
  options: ScanOptions = {},
): Statement[] {
  return scan(script, placeholder, options).statements;
}

/** Hands each statement its share of the arguments, in order. Throws when the counts differ. */
export function bindArguments(statements: Statement[], args: readonly string[]): { sql: string; params: string[] }[] {
  const needed = statements.reduce((n, s) => n + s.placeholders, 0);
  if (needed !== args.length) {
    throw new Error(
      `the script has ${needed} ? placeholder${needed === 1 ? "" : "s"} but ${args.length} scriptArgument value${args.length === 1 ? "" : "s"}`,
    );
  }
  let at = 0;
  return statements.map((s) => {
    const params = args.slice(at, at + s.placeholders);
    at += s.placeholders;
    return { sql: s.sql, params };
  });
}
