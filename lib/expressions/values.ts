// The runtime values of the expression language and how each prints when spliced into text.

import { formatDateTime } from "../time/datetime";
import { formatJavaDouble } from "./format-java-double";

export type ScalarValue =
  | { type: "string"; value: string }
  | { type: "int"; value: number }
  | { type: "double"; value: number }
  /** Epoch milliseconds, UTC. */
  | { type: "dateTime"; value: number }
  /** The id of the referenced object. */
  | { type: "ref"; value: string };

/** Lists are flat: their elements are always scalars (nested lists flatten, as the guide describes). */
export interface ListValue {
  type: "list";
  items: ScalarValue[];
}

export type Value = ScalarValue | ListValue;

export function makeString(value: string): ScalarValue {
  return { type: "string", value };
}

export function stringifyScalar(value: ScalarValue): string {
  switch (value.type) {
    case "string":
    case "ref":
      return value.value;
    case "int":
      return String(value.value);
    case "double":
      return formatJavaDouble(value.value);
    case "dateTime":
      return formatDateTime(value.value);
  }
}

export function describeType(value: Value): string {
  switch (value.type) {
    case "string":
      return "string";
    case "int":
      return "int";
    case "double":
      return "double";
    case "dateTime":
      return "DateTime";
    case "ref":
      return "object reference";
    case "list":
      return "list";
  }
}

const SHOWN_CHARS = 40;

/** Type and a short excerpt, for error messages: `string 'abc'`. */
export function describeValue(value: ScalarValue): string {
  const text = stringifyScalar(value);
  const shown = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
  return `${describeType(value)} '${shown}'`;
}
