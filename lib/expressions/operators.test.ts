import { describe, expect, it } from "vitest";
import { makeContext, makeObject } from "./expression-test-support";
import { ExpressionError, evaluateTemplate } from "./index";

const ctx = makeContext(
  [
    makeObject("Obj", {
      retries: "3",
      ratio: "0.25",
      word: "abc",
      "@scheduledStartTime": "2012-12-12T00:00:00",
      input: { ref: "Node" },
    }),
    makeObject("Node", {}),
  ],
  "Obj",
);

function evaluate(template: string): string {
  return evaluateTemplate(template, ctx).value;
}

function evaluationError(template: string): ExpressionError {
  try {
    evaluateTemplate(template, ctx);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(template)} to fail`);
}

describe("operators", () => {
  it.each([
    ["1 + 2", "3"],
    ['"hel" + "lo"', "hello"],
    ["1 - 2", "-1"],
    ["1 * 2", "2"],
    ["1 / 2", "0"],
    ["1.0 / 2", "0.5"],
    ["2 ^ 2", "4.0"],
  ])("the guide's example #{%s} → %s", (expression, expected) => {
    expect(evaluate(`#{${expression}}`)).toBe(expected);
  });

  it.each([
    ["7 / 2", "3"],
    ["-7 / 2", "-3"],
    ["7 / -2", "-3"],
    ["-7 / -2", "3"],
    ["9007199254740991 / 2", "4503599627370495"],
    ["2 + 3 * 4", "14"],
    ["(2 + 3) * 4", "20"],
    ["2 * 3 ^ 2", "18.0"],
    ["2 ^ 3 ^ 2", "512.0"],
    ["2 ^ -1", "0.5"],
    ["-2 ^ 2", "4.0"],
    ["10 - 2 - 3", "5"],
    ["100 / 10 / 5", "2"],
    ["--3", "3"],
    ["-(1 + 2)", "-3"],
    ["1 + 0.5", "1.5"],
    ["3 * 1.5", "4.5"],
    ["0.1 + 0.2", "0.30000000000000004"],
    ["10.0 ^ 10", "1.0E10"],
    ["1.0 / 4 / 1000", "2.5E-4"],
    ["4.0 - 4", "0.0"],
    ["1 + 2 + 'x'", "3x"],
    ["'x' + 1 + 2", "x12"],
    ["'n=' + 1.0 / 2", "n=0.5"],
    ["'t=' + @scheduledStartTime.plusDays(1)", "t=2012-12-13T00:00:00"],
    ["'from ' + input", "from Node"],
    ["'' + ''", ""],
  ])("#{%s} → %s", (expression, expected) => {
    expect(evaluate(`#{${expression}}`)).toBe(expected);
  });

  it("does arithmetic on field values that spell numbers, but + with a string concatenates", () => {
    expect(evaluate("#{retries * 2}")).toBe("6");
    expect(evaluate("#{retries - 1}")).toBe("2");
    expect(evaluate("#{ratio * 2}")).toBe("0.5");
    expect(evaluate("#{-retries}")).toBe("-3");
    expect(evaluate("#{retries + 1}")).toBe("31");
  });

  it("reports division by zero at the operator", () => {
    expect(evaluationError("x #{1 + 4 / 0}")).toMatchObject({ message: "division by zero", position: 10 });
    expect(evaluationError("#{1.5 / 0.0}")).toMatchObject({ message: "division by zero", position: 6 });
    expect(evaluationError("#{1 / (2 - 2)}").position).toBe(4);
  });

  it("reports type mismatches at the operator", () => {
    expect(evaluationError("#{word * 2}")).toMatchObject({
      message: "type mismatch: operator '*' cannot be applied to string and int",
      position: 7,
    });
    expect(evaluationError("#{@scheduledStartTime - 1}").message).toBe(
      "type mismatch: operator '-' cannot be applied to string and int",
    );
    expect(evaluationError("#{@scheduledStartTime.plusDays(1) + 1}").message).toBe(
      "type mismatch: operator '+' cannot be applied to DateTime and int",
    );
    expect(evaluationError("#{input + 1}").message).toBe(
      "type mismatch: operator '+' cannot be applied to object reference and int",
    );
    expect(evaluationError("#{-word}")).toMatchObject({
      message: "type mismatch: operator '-' cannot be applied to string",
      position: 2,
    });
    expect(evaluationError("#{word ^ 2}").position).toBe(7);
  });

  it("reports overflow instead of losing precision", () => {
    expect(evaluationError("#{9007199254740991 + 1}").message).toBe("integer overflow");
    expect(evaluationError("#{9007199254740991 * 9007199254740991}").message).toBe("integer overflow");
    expect(evaluationError("#{10.0 ^ 400}").message).toBe("numeric result out of range");
    expect(evaluationError("#{(0 - 8) ^ 0.5}").message).toBe("numeric result out of range");
  });
});
