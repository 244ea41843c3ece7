import { describe, expect, it } from "vitest";
import type { ExpressionNode } from "./ast";
import { ExpressionError } from "./expression-error";
import { MAX_NESTING_DEPTH } from "./limits";
import { parseTemplate } from "./parser";

/** Renders an AST compactly so precedence and associativity are visible in assertions. */
function show(node: ExpressionNode): string {
  switch (node.kind) {
    case "int":
    case "double":
      return String(node.value);
    case "string":
      return JSON.stringify(node.value);
    case "field":
      return node.name;
    case "node":
      return "<node>";
    case "call":
      return `${node.name}(${node.args.map(show).join(", ")})`;
    case "postfix":
      return node.steps.reduce(
        (acc, step) =>
          step.kind === "member" ? `${acc}.${step.name}` : `${acc}.${step.name}(${step.args.map(show).join(", ")})`,
        show(node.base),
      );
    case "binary":
      return `(${node.rest.reduce((acc, { op, operand }) => `${acc} ${op} ${show(operand)}`, show(node.first))})`;
    case "power":
      return `(${show(node.base)} ^ ${show(node.exponent)})`;
    case "negate":
      return `-${show(node.operand)}`;
  }
}

function parseOne(expression: string): string {
  const { parts } = parseTemplate(`#{${expression}}`);
  const slot = parts[0];
  if (parts.length !== 1 || slot?.kind !== "slot") throw new Error("expected a single slot");
  return show(slot.expression);
}

function parseError(template: string): ExpressionError {
  try {
    parseTemplate(template);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(template)} to fail`);
}

describe("parseTemplate", () => {
  it("splits a template into text and slots with slot offsets", () => {
    const { parts } = parseTemplate("s3://b/#{name}.csv#{1}");
    expect(parts).toEqual([
      { kind: "text", text: "s3://b/" },
      { kind: "slot", expression: { kind: "field", name: "name", pos: 9 }, pos: 7 },
      { kind: "text", text: ".csv" },
      { kind: "slot", expression: { kind: "int", value: 1, pos: 20 }, pos: 18 },
    ]);
  });

  it("gives ^ over * / over + -, left-associative chains and right-associative ^", () => {
    expect(parseOne("1 + 2 * 3 - 4 / 5")).toBe("(1 + (2 * 3) - (4 / 5))");
    expect(parseOne("2 ^ 3 ^ 2")).toBe("(2 ^ (3 ^ 2))");
    expect(parseOne("2 * 3 ^ 2")).toBe("(2 * (3 ^ 2))");
    expect(parseOne("(1 + 2) * 3")).toBe("((1 + 2) * 3)");
    expect(parseOne("10 - 2 - 3")).toBe("(10 - 2 - 3)");
  });

  it("binds unary minus tighter than ^, as the grammar says", () => {
    expect(parseOne("-2 ^ 2")).toBe("(-2 ^ 2)");
    expect(parseOne("2 ^ -1")).toBe("(2 ^ -1)");
    expect(parseOne("- - x")).toBe("--x");
  });

  it("parses references, ref chains, node and parent", () => {
    expect(parseOne("@scheduledStartTime")).toBe("@scheduledStartTime");
    expect(parseOne("input.output.directoryPath")).toBe("input.output.directoryPath");
    expect(parseOne("node.@scheduledStartTime")).toBe("<node>.@scheduledStartTime");
    expect(parseOne("parent.@id")).toBe("parent.@id");
    expect(parseOne("*myPassword")).toBe("*myPassword");
  });

  it("parses calls and the method-call form", () => {
    expect(parseOne("format(minusMinutes(@t, 30), 'YYYY')")).toBe('format(minusMinutes(@t, 30), "YYYY")');
    expect(parseOne("@t.format('YYYY-MM-dd HH:mm:ss')")).toBe('@t.format("YYYY-MM-dd HH:mm:ss")');
    expect(parseOne("node.@t.plusDays(1).format('x')")).toBe('<node>.@t.plusDays(1).format("x")');
    expect(parseOne("f()")).toBe("f()");
  });

  it("reports syntax errors at the offending token", () => {
    expect(parseError("ab#{1 + }")).toMatchObject({ message: "expected an expression but found '}'", position: 8 });
    expect(parseError("#{}")).toMatchObject({ position: 2 });
    expect(parseError("#{(1 + 2}")).toMatchObject({ message: "expected ')' but found '}'", position: 8 });
    expect(parseError("#{1 2}")).toMatchObject({
      message: "expected '}' to close the expression but found number 2",
      position: 4,
    });
    expect(parseError("x #{a")).toMatchObject({
      message: "expected '}' to close the expression but found end of template",
      position: 5,
    });
    expect(parseError("#{f(1,)}")).toMatchObject({ position: 6 });
    expect(parseError("#{a.}")).toMatchObject({
      message: "expected a field or function name after '.' but found '}'",
      position: 4,
    });
    expect(parseError("#{* x}")).toMatchObject({ message: "expected an expression but found '*'", position: 2 });
  });

  it("rejects an #{ inside a slot", () => {
    expect(parseError("#{ #{a} }").position).toBe(3);
  });

  it("rejects integer literals beyond the safe range", () => {
    expect(parseError("#{99999999999999999999}").message).toBe("integer 99999999999999999999 is out of range");
  });

  it("accepts nesting up to the limit and rejects one level more", () => {
    const nest = (n: number) => "#{" + "(".repeat(n - 1) + "1" + ")".repeat(n - 1) + "}";
    expect(() => parseTemplate(nest(MAX_NESTING_DEPTH))).not.toThrow();
    expect(parseError(nest(MAX_NESTING_DEPTH + 1)).message).toBe(
      `expression nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`,
    );
  });

  it("fails fast with an ExpressionError on 10,000 nested parentheses, calls, minus signs and powers", () => {
    for (const template of [
      "#{" + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "}",
      "#{" + "f(".repeat(10_000) + "1" + ")".repeat(10_000) + "}",
      "#{" + "-".repeat(10_000) + "1}",
      "#{" + "2^".repeat(10_000) + "1}",
    ]) {
      const started = performance.now();
      expect(parseError(template).message).toContain("nested too deeply");
      expect(performance.now() - started).toBeLessThan(500);
    }
  });

  it("parses long flat chains without deep recursion", () => {
    expect(() => parseTemplate("#{" + "1+".repeat(50_000) + "1}")).not.toThrow();
    expect(() => parseTemplate("#{a" + ".b".repeat(50_000) + "}")).not.toThrow();
  });
});
