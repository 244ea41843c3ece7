// Finds `#{myX}` parameter uses in field values and substitutes parameter values for validation.
// This is a deliberately small scanner, not the expression language: it only needs the root
// identifiers of references, which lib/expressions does not have to exist for.

export interface ExpressionSpan {
  /** Index of `#` in `#{`. */
  start: number;
  /** Index just past the closing `}`. */
  end: number;
  body: string;
}

/** The `#{...}` spans of a value; quoted strings inside an expression may contain `}`. */
export function findExpressionSpans(text: string): ExpressionSpan[] {
  const spans: ExpressionSpan[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf("#{", from);
    if (open < 0) return spans;
    let quote: string | null = null;
    let close = -1;
    for (let i = open + 2; i < text.length; i++) {
      const ch = text[i];
      if (quote !== null) {
        if (ch === quote) quote = null;
      } else if (ch === "'" || ch === '"') {
        quote = ch;
      } else if (ch === "}") {
        close = i;
        break;
      }
    }
    if (close < 0) return spans;
    spans.push({ start: open, end: close + 1, body: text.slice(open + 2, close) });
    from = close + 1;
  }
}

const IDENTIFIER_RE = /[*@]?[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * Root identifiers referenced by an expression body: not members (`input.myX`), not runtime
 * fields (`@id`), not function names (`format(`), and not inside string literals. A leading `*`
 * belongs to the name (`*myPassword`) unless it is a multiplication.
 */
export function findRootIdentifiers(body: string): string[] {
  const unquoted = body.replace(/'[^']*'|"[^"]*"/g, (m) => " ".repeat(m.length));
  const found: string[] = [];
  for (const match of unquoted.matchAll(IDENTIFIER_RE)) {
    let name = match[0];
    let index = match.index;
    const before = unquoted.slice(0, index).trimEnd();
    const previous = before.at(-1);
    if (name.startsWith("*") && previous !== undefined && /[A-Za-z0-9_)\]]/.test(previous)) {
      name = name.slice(1);
      index += 1;
    }
    if (name.startsWith("@")) continue;
    if (/^\d/.test(name)) continue;
    if (previous === ".") continue;
    if (/^\s*\(/.test(unquoted.slice(index + name.length))) continue;
    found.push(name);
  }
  return found;
}

/** Parameter ids start with `my`, or `*my` for values the service keeps encrypted. */
export function isParameterLikeId(id: string): boolean {
  return /^\*?my[A-Za-z0-9_]/.test(id);
}

/** Ids of parameters (`my...` identifiers) a field value refers to, once each, in order. */
export function findParameterReferences(text: string): string[] {
  const ids: string[] = [];
  for (const span of findExpressionSpans(text)) {
    for (const name of findRootIdentifiers(span.body)) {
      if (isParameterLikeId(name) && !ids.includes(name)) ids.push(name);
    }
  }
  return ids;
}

export type SubstitutionResult =
  | { kind: "literal"; text: string }
  /** A parameter it needs has no value; its own error says so. */
  | { kind: "unresolved" }
  /** Still holds an expression that only the evaluator can compute. */
  | { kind: "expression"; text: string };

/**
 * Replaces each `#{myX}` that is exactly a parameter reference by the parameter's value, so that
 * `"period": "#{myPeriod}"` is checked as the period it will become.
 */
export function substituteParameters(text: string, lookup: (id: string) => string | undefined): SubstitutionResult {
  let out = "";
  let last = 0;
  for (const span of findExpressionSpans(text)) {
    const id = span.body.trim();
    if (!isParameterLikeId(id) || !/^\*?[A-Za-z0-9_]+$/.test(id)) continue;
    const value = lookup(id);
    if (value === undefined) return { kind: "unresolved" };
    out += text.slice(last, span.start) + value;
    last = span.end;
  }
  out += text.slice(last);
  return findExpressionSpans(out).length > 0 ? { kind: "expression", text: out } : { kind: "literal", text: out };
}
