// The date and time functions of https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/dp-pipeline-reference-functions-datetime.html. Arguments arrive as scalars (liftValues maps lists);
// DateTime parameters also take strings in the canonical form, because runtime fields such as
// @scheduledStartTime are stored as text, and int parameters take strings of digits (parameters).

import { plusMonths, plusYears, UNIT_MS } from "../time/datetime";
import { getUtcParts, isDateTimeInRange, makeUtcDateTime, parseCanonicalDateTime, startOfUtcDay } from "./calendar";
import { ExpressionError } from "./expression-error";
import { compileJodaPattern, printJodaPattern, type CompiledPattern } from "./format-joda-pattern";
import { describeValue, type ScalarValue } from "./values";

export interface FunctionCall {
  name: string;
  args: readonly ScalarValue[];
  /** Offsets of each argument, for errors that point at the bad one. */
  argPositions: readonly number[];
  pos: number;
  /** Patterns already compiled in this evaluation, by text (set by the evaluator). */
  patterns?: Map<string, CompiledPattern>;
}

export interface ExpressionFunction {
  arity: number;
  call(call: FunctionCall): ScalarValue;
}

const INT_ARGUMENT_TEXT = /^-?\d{1,16}$/;

function argumentAt(call: FunctionCall, index: number): { value: ScalarValue; pos: number } {
  const value = call.args[index];
  // The evaluator checks arity before calling, so a missing argument is a bug in this file.
  if (value === undefined) throw new ExpressionError(`${call.name}: missing argument ${index + 1}`, call.pos);
  return { value, pos: call.argPositions[index] ?? call.pos };
}

function wrongArgument(call: FunctionCall, index: number, expected: string): ExpressionError {
  const { value, pos } = argumentAt(call, index);
  return new ExpressionError(
    `type mismatch: argument ${index + 1} of ${call.name} must be ${expected}, got ${describeValue(value)}`,
    pos,
  );
}

function readDateTimeArgument(call: FunctionCall, index: number): number {
  const { value } = argumentAt(call, index);
  if (value.type === "dateTime") return value.value;
  if (value.type === "string") {
    const ms = parseCanonicalDateTime(value.value);
    if (ms !== null) return ms;
  }
  throw wrongArgument(call, index, "a DateTime (YYYY-MM-DDTHH:MM:SS)");
}

function readIntArgument(call: FunctionCall, index: number): number {
  const { value } = argumentAt(call, index);
  if (value.type === "int") return value.value;
  if (value.type === "string" && value.value.length <= 17 && INT_ARGUMENT_TEXT.test(value.value)) {
    const n = Number(value.value);
    if (Number.isSafeInteger(n)) return n;
  }
  throw wrongArgument(call, index, "an int");
}

function readStringArgument(call: FunctionCall, index: number): string {
  const { value } = argumentAt(call, index);
  if (value.type === "string") return value.value;
  throw wrongArgument(call, index, "a string");
}

function dateTimeResult(ms: number, call: FunctionCall): ScalarValue {
  if (!isDateTimeInRange(ms)) throw new ExpressionError(`${call.name}: date out of range (years 1 to 9999)`, call.pos);
  return { type: "dateTime", value: ms };
}

function intResult(value: number): ScalarValue {
  return { type: "int", value };
}

function dateToInt(read: (ms: number) => number): ExpressionFunction {
  return { arity: 1, call: (call) => intResult(read(readDateTimeArgument(call, 0))) };
}

function dateToDate(transform: (ms: number) => number): ExpressionFunction {
  return { arity: 1, call: (call) => dateTimeResult(transform(readDateTimeArgument(call, 0)), call) };
}

/** `sign` turns a plus function into its minus twin. */
function shiftDate(shift: (ms: number, amount: number) => number, sign: 1 | -1): ExpressionFunction {
  return {
    arity: 2,
    call: (call) => dateTimeResult(shift(readDateTimeArgument(call, 0), sign * readIntArgument(call, 1)), call),
  };
}

function shiftByUnit(unitMs: number): (ms: number, amount: number) => number {
  return (ms, amount) => ms + amount * unitMs;
}

function makeDateFunction(arity: 3 | 5): ExpressionFunction {
  return {
    arity,
    call: (call) => {
      const fields = Array.from({ length: arity }, (_, i) => readIntArgument(call, i));
      const [year = 0, month = 0, day = 0, hour = 0, minute = 0] = fields;
      const ms = makeUtcDateTime(year, month, day, hour, minute);
      if (ms === null) throw new ExpressionError(`${call.name}: invalid date or time ${fields.join(",")}`, call.pos);
      return { type: "dateTime", value: ms };
    },
  };
}

const DAY_MS = UNIT_MS.days;

const format: ExpressionFunction = {
  arity: 2,
  call: (call) => {
    const ms = readDateTimeArgument(call, 0);
    const pattern = readStringArgument(call, 1);
    let compiled = call.patterns?.get(pattern);
    if (compiled === undefined) {
      compiled = compileJodaPattern(pattern);
      call.patterns?.set(pattern, compiled);
    }
    if (!compiled.ok) throw new ExpressionError(`format: ${compiled.message}`, argumentAt(call, 1).pos);
    return { type: "string", value: printJodaPattern(compiled.tokens, ms) };
  },
};

export const FUNCTION_LIBRARY: ReadonlyMap<string, ExpressionFunction> = new Map<string, ExpressionFunction>([
  ["day", dateToInt((ms) => getUtcParts(ms).day)],
  ["dayOfYear", dateToInt((ms) => getUtcParts(ms).dayOfYear)],
  ["firstOfMonth", dateToDate((ms) => ms - (getUtcParts(ms).day - 1) * DAY_MS)],
  ["format", format],
  ["hour", dateToInt((ms) => getUtcParts(ms).hour)],
  ["makeDate", makeDateFunction(3)],
  ["makeDateTime", makeDateFunction(5)],
  ["midnight", dateToDate(startOfUtcDay)],
  ["minusDays", shiftDate(shiftByUnit(UNIT_MS.days), -1)],
  ["minusHours", shiftDate(shiftByUnit(UNIT_MS.hours), -1)],
  ["minusMinutes", shiftDate(shiftByUnit(UNIT_MS.minutes), -1)],
  ["minusMonths", shiftDate(plusMonths, -1)],
  ["minusWeeks", shiftDate(shiftByUnit(UNIT_MS.weeks), -1)],
  ["minusYears", shiftDate(plusYears, -1)],
  ["minute", dateToInt((ms) => getUtcParts(ms).minute)],
  ["month", dateToInt((ms) => getUtcParts(ms).month)],
  ["plusDays", shiftDate(shiftByUnit(UNIT_MS.days), 1)],
  ["plusHours", shiftDate(shiftByUnit(UNIT_MS.hours), 1)],
  ["plusMinutes", shiftDate(shiftByUnit(UNIT_MS.minutes), 1)],
  ["plusMonths", shiftDate(plusMonths, 1)],
  ["plusWeeks", shiftDate(shiftByUnit(UNIT_MS.weeks), 1)],
  ["plusYears", shiftDate(plusYears, 1)],
  ["sunday", dateToDate((ms) => ms - (getUtcParts(ms).dayOfWeek % 7) * DAY_MS)],
  ["year", dateToInt((ms) => getUtcParts(ms).year)],
  ["yesterday", dateToDate((ms) => ms - DAY_MS)],
]);
