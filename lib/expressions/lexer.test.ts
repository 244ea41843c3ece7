import { describe, expect, it } from "vitest";
import { ExpressionError } from "./expression-error";
import { TemplateLexer, type Token } from "./lexer";
import { MAX_EXPRESSION_TOKENS } from "./limits";

function lex(source: string): Token[] {
  const lexer = new TemplateLexer(source);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === "eof") return tokens;
  }
}

function lexError(source: string): ExpressionError {
  try {
    lex(source);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to fail`);
}

describe("TemplateLexer", () => {
  it("splits text and slots and records offsets", () => {
    expect(lex("a #{x} b")).toEqual([
      { kind: "text", value: "a ", pos: 0 },
      { kind: "slotOpen", value: "#{", pos: 2 },
      { kind: "ident", value: "x", pos: 4 },
      { kind: "slotClose", value: "}", pos: 5 },
      { kind: "text", value: " b", pos: 6 },
      { kind: "eof", value: "", pos: 8 },
    ]);
  });

  it("keeps braces and lone hashes outside slots as text", () => {
    expect(lex("} # {").map((t) => t.kind)).toEqual(["text", "eof"]);
    expect(lex("} # {")[0]?.value).toBe("} # {");
  });

  it("lexes numbers, operators, @fields and dots", () => {
    const tokens = lex("#{ 12 3.25 @scheduledStartTime.format (1,2)^-x*y/z+w }");
    expect(tokens.map((t) => `${t.kind}:${t.value}`)).toEqual([
      "slotOpen:#{",
      "int:12",
      "double:3.25",
      "atIdent:@scheduledStartTime",
      ".:.",
      "ident:format",
      "(:(",
      "int:1",
      ",:,",
      "int:2",
      "):)",
      "^:^",
      "-:-",
      "ident:x",
      "*:*",
      "ident:y",
      "/:/",
      "ident:z",
      "+:+",
      "ident:w",
      "slotClose:}",
      "eof:",
    ]);
  });

  it("lexes `1.` before a name as an int and a dot", () => {
    expect(
      lex("#{1.x}")
        .slice(1, 4)
        .map((t) => t.kind),
    ).toEqual(["int", ".", "ident"]);
  });

  it("decodes both quote styles and backslash escapes", () => {
    const [, single, dbl] = lex(`#{'it\\'s' "say \\"hi\\"\\n\\\\"}`);
    expect(single).toEqual({ kind: "string", value: "it's", pos: 2 });
    expect(dbl?.value).toBe('say "hi"\n\\');
  });

  it("allows a closing brace inside a string", () => {
    expect(lex("#{'}'}").map((t) => t.kind)).toEqual(["slotOpen", "string", "slotClose", "eof"]);
  });

  it("reports an unterminated string at its opening quote", () => {
    const error = lexError("ab#{ 'abc}");
    expect(error.message).toBe("unterminated string");
    expect(error.position).toBe(5);
  });

  it("reports a trailing backslash as an unterminated string", () => {
    expect(lexError("#{'abc\\").position).toBe(2);
  });

  it("rejects an @ without a name and unknown characters, at their offset", () => {
    expect(lexError("#{@ x}")).toMatchObject({ message: "expected a field name after '@'", position: 2 });
    expect(lexError("#{1 # 2}")).toMatchObject({ message: 'unexpected character "#"', position: 4 });
    expect(lexError("#{a;b}").position).toBe(3);
  });

  it("caps the number of expression tokens", () => {
    const error = lexError("#{" + "1+".repeat(MAX_EXPRESSION_TOKENS) + "1}");
    expect(error.message).toContain(`more than ${MAX_EXPRESSION_TOKENS} expression tokens`);
  });

  it("lexes megabytes of text in linear time", () => {
    const source = "x".repeat(5_000_000) + "#{a}" + "# {#".repeat(1_000_000);
    const started = performance.now();
    const tokens = lex(source);
    expect(tokens.map((t) => t.kind)).toEqual(["text", "slotOpen", "ident", "slotClose", "text", "eof"]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
