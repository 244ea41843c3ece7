// The arithmetic and concatenation operators on scalars (lists are mapped by liftValues first).
// Ints are JS safe integers: leaving that range is an error rather than silent precision loss.

import type { BinaryOperator } from "./ast";
import type { EvaluationBudget } from "./evaluation-state";
import { ExpressionError } from "./expression-error";
import { describeType, stringifyScalar, type ScalarValue } from "./values";

type NumericValue = { type: "int"; value: number } | { type: "double"; value: number };

const INT_TEXT = /^-?\d{1,16}$/;
const DOUBLE_TEXT = /^-?\d{1,300}\.\d{1,300}$/;
const LONGEST_NUMERIC_TEXT = 602;

/**
 * Numbers, or strings that spell one: every field and parameter value is stored as a string, so
 * `#{myRetries * 2}` should work on "3". (`+` with a string concatenates instead, per https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-reference-functions-math.html.)
 */
function toNumeric(value: ScalarValue): NumericValue | undefined {
  if (value.type === "int" || value.type === "double") return value;
  if (value.type !== "string" || value.value.length > LONGEST_NUMERIC_TEXT) return undefined;
  if (INT_TEXT.test(value.value)) {
    const n = Number(value.value);
    return Number.isSafeInteger(n) ? { type: "int", value: n } : undefined;
  }
  if (DOUBLE_TEXT.test(value.value)) {
    const n = Number(value.value);
    return Number.isFinite(n) ? { type: "double", value: n } : undefined;
  }
  return undefined;
}

function mismatch(op: string, left: ScalarValue, right: ScalarValue | undefined, pos: number): ExpressionError {
  const operands = right === undefined ? describeType(left) : `${describeType(left)} and ${describeType(right)}`;
  return new ExpressionError(`type mismatch: operator '${op}' cannot be applied to ${operands}`, pos);
}

function checkedInt(value: number, pos: number): ScalarValue {
  if (!Number.isSafeInteger(value)) throw new ExpressionError("integer overflow", pos);
  return { type: "int", value };
}

function checkedDouble(value: number, pos: number): ScalarValue {
  if (!Number.isFinite(value)) throw new ExpressionError("numeric result out of range", pos);
  return { type: "double", value };
}

export function applyBinaryOperator(
  op: BinaryOperator,
  left: ScalarValue,
  right: ScalarValue,
  pos: number,
  budget: EvaluationBudget,
): ScalarValue {
  if (op === "+" && (left.type === "string" || right.type === "string")) {
    const a = stringifyScalar(left);
    const b = stringifyScalar(right);
    budget.spendChars(a.length + b.length, pos);
    return { type: "string", value: a + b };
  }
  const a = toNumeric(left);
  const b = toNumeric(right);
  if (a === undefined || b === undefined) throw mismatch(op, left, right, pos);

  if (a.type === "int" && b.type === "int") {
    switch (op) {
      case "+":
        return checkedInt(a.value + b.value, pos);
      case "-":
        return checkedInt(a.value - b.value, pos);
      case "*":
        return checkedInt(a.value * b.value, pos);
      case "/":
        if (b.value === 0) throw new ExpressionError("division by zero", pos);
        // BigInt division truncates toward zero exactly, as Java's int division does.
        return checkedInt(Number(BigInt(a.value) / BigInt(b.value)), pos);
    }
  }
  switch (op) {
    case "+":
      return checkedDouble(a.value + b.value, pos);
    case "-":
      return checkedDouble(a.value - b.value, pos);
    case "*":
      return checkedDouble(a.value * b.value, pos);
    case "/":
      if (b.value === 0) throw new ExpressionError("division by zero", pos);
      return checkedDouble(a.value / b.value, pos);
  }
}

/** `^` always yields a double, as the guide's `#{2 ^ 2}` → `4.0` shows. */
export function applyPower(base: ScalarValue, exponent: ScalarValue, pos: number): ScalarValue {
  const a = toNumeric(base);
  const b = toNumeric(exponent);
  if (a === undefined || b === undefined) throw mismatch("^", base, exponent, pos);
  return checkedDouble(Math.pow(a.value, b.value), pos);
}

export function applyNegate(operand: ScalarValue, pos: number): ScalarValue {
  const n = toNumeric(operand);
  if (n === undefined) throw mismatch("-", operand, undefined, pos);
  return n.type === "int" ? checkedInt(-n.value, pos) : checkedDouble(-n.value, pos);
}
