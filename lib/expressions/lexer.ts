// A pull lexer over a whole template. It switches between text (up to the next `#{`) and
// expression tokens (up to the closing `}`), scanning each character once, so lexing is linear and
// the token stream never has to be held in memory.

import { ExpressionError } from "./expression-error";
import { MAX_EXPRESSION_TOKENS } from "./limits";

export type OperatorKind = "+" | "-" | "*" | "/" | "^" | "(" | ")" | "," | ".";

export type TokenKind =
  "text" | "slotOpen" | "slotClose" | "int" | "double" | "string" | "ident" | "atIdent" | OperatorKind | "eof";

export interface Token {
  kind: TokenKind;
  /** Text for `text`, decoded contents for `string`, the name (with `@`) for identifiers, digits for numbers. */
  value: string;
  /** 0-based offset of the token's first character in the template. */
  pos: number;
}

const OPERATORS: ReadonlyMap<string, OperatorKind> = new Map(
  (["+", "-", "*", "/", "^", "(", ")", ",", "."] as const).map((op) => [op, op]),
);

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ["n", "\n"],
  ["t", "\t"],
  ["r", "\r"],
  ["b", "\b"],
  ["f", "\f"],
]);

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || isDigit(code);
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

export class TemplateLexer {
  private pos = 0;
  private inSlot = false;
  private expressionTokens = 0;

  constructor(private readonly source: string) {}

  next(): Token {
    return this.inSlot ? this.nextExpressionToken() : this.nextTextToken();
  }

  private nextTextToken(): Token {
    const start = this.pos;
    if (start >= this.source.length) return { kind: "eof", value: "", pos: start };
    const open = this.source.indexOf("#{", start);
    if (open === start) {
      this.pos = start + 2;
      this.inSlot = true;
      this.countExpressionToken(start);
      return { kind: "slotOpen", value: "#{", pos: start };
    }
    this.pos = open === -1 ? this.source.length : open;
    return { kind: "text", value: this.source.slice(start, this.pos), pos: start };
  }

  private nextExpressionToken(): Token {
    const src = this.source;
    while (this.pos < src.length && isWhitespace(src.charCodeAt(this.pos))) this.pos++;
    const start = this.pos;
    if (start >= src.length) return { kind: "eof", value: "", pos: start };
    this.countExpressionToken(start);
    const ch = src.charAt(start);
    const code = src.charCodeAt(start);

    if (ch === "}") {
      this.pos++;
      this.inSlot = false;
      return { kind: "slotClose", value: "}", pos: start };
    }
    const operator = OPERATORS.get(ch);
    if (operator !== undefined) {
      this.pos++;
      return { kind: operator, value: ch, pos: start };
    }
    if (isDigit(code)) return this.readNumber(start);
    if (ch === "'" || ch === '"') return this.readString(start, ch);
    if (isIdentifierStart(code)) {
      return { kind: "ident", value: this.readIdentifierFrom(start), pos: start };
    }
    if (ch === "@") {
      if (start + 1 >= src.length || !isIdentifierStart(src.charCodeAt(start + 1))) {
        throw new ExpressionError("expected a field name after '@'", start);
      }
      return { kind: "atIdent", value: "@" + this.readIdentifierFrom(start + 1), pos: start };
    }
    throw new ExpressionError(`unexpected character ${JSON.stringify(ch)}`, start);
  }

  private countExpressionToken(pos: number): void {
    this.expressionTokens++;
    if (this.expressionTokens > MAX_EXPRESSION_TOKENS) {
      throw new ExpressionError(`template has more than ${MAX_EXPRESSION_TOKENS} expression tokens`, pos);
    }
  }

  private readIdentifierFrom(start: number): string {
    let end = start;
    while (end < this.source.length && isIdentifierPart(this.source.charCodeAt(end))) end++;
    this.pos = end;
    return this.source.slice(start, end);
  }

  private readNumber(start: number): Token {
    const src = this.source;
    let end = start;
    while (end < src.length && isDigit(src.charCodeAt(end))) end++;
    // `1.` followed by a non-digit stays an int followed by `.`, so `x.f` chains lex the usual way.
    if (src.charAt(end) === "." && end + 1 < src.length && isDigit(src.charCodeAt(end + 1))) {
      end++;
      while (end < src.length && isDigit(src.charCodeAt(end))) end++;
      this.pos = end;
      return { kind: "double", value: src.slice(start, end), pos: start };
    }
    this.pos = end;
    return { kind: "int", value: src.slice(start, end), pos: start };
  }

  private readString(start: number, quote: string): Token {
    const src = this.source;
    const chunks: string[] = [];
    let chunkStart = start + 1;
    let i = start + 1;
    while (i < src.length) {
      const ch = src.charAt(i);
      if (ch === quote) {
        chunks.push(src.slice(chunkStart, i));
        this.pos = i + 1;
        return { kind: "string", value: chunks.join(""), pos: start };
      }
      if (ch === "\\") {
        if (i + 1 >= src.length) break;
        chunks.push(src.slice(chunkStart, i));
        const escaped = src.charAt(i + 1);
        chunks.push(ESCAPES.get(escaped) ?? escaped);
        i += 2;
        chunkStart = i;
        continue;
      }
      i++;
    }
    throw new ExpressionError("unterminated string", start);
  }
}
