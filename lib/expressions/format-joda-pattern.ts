// A small printer for Joda-Time DateTimeFormat patterns (the `format` function's second argument),
// following DateTimeFormat.parsePatternTo: runs of one letter are fields, other characters and
// '…' quoted text are literals ('' is a quote), unknown letters are an error as in Joda.
// Unlike java.text, `Y` is year-of-era (so `YYYY` is the calendar year) and `x` is the week-year.
// Zone is always UTC and the locale English.

import { getIsoWeek, getUtcParts, type UtcParts } from "./calendar";

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

export type JodaPatternToken = { kind: "literal"; text: string } | { kind: "field"; letter: string; count: number };

export type CompiledPattern = { ok: true; tokens: JodaPatternToken[] } | { ok: false; message: string };

function isAsciiLetter(ch: string): boolean {
  return (ch >= "A" && ch <= "Z") || (ch >= "a" && ch <= "z");
}

const FIELD_LETTERS = new Set("GCYyxweEDMdahHkKmsSzZ".split(""));

export function compileJodaPattern(pattern: string): CompiledPattern {
  const tokens: JodaPatternToken[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern.charAt(i);
    if (isAsciiLetter(ch)) {
      let end = i + 1;
      while (end < pattern.length && pattern.charAt(end) === ch) end++;
      if (!FIELD_LETTERS.has(ch)) return { ok: false, message: `illegal pattern component: ${pattern.slice(i, end)}` };
      tokens.push({ kind: "field", letter: ch, count: end - i });
      i = end;
      continue;
    }
    // A literal runs until a letter outside quotes; an unterminated quote runs to the end, as in Joda.
    const literal: string[] = [];
    let quoted = false;
    let chunkStart = i;
    while (i < pattern.length) {
      const c = pattern.charAt(i);
      if (c === "'") {
        literal.push(pattern.slice(chunkStart, i));
        if (pattern.charAt(i + 1) === "'") {
          literal.push("'");
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
        chunkStart = i;
        continue;
      }
      if (!quoted && isAsciiLetter(c)) break;
      i++;
    }
    literal.push(pattern.slice(chunkStart, i));
    tokens.push({ kind: "literal", text: literal.join("") });
  }
  return { ok: true, tokens };
}

function pad(value: number, minDigits: number): string {
  return String(value).padStart(minDigits, "0");
}

function formatYear(year: number, count: number): string {
  return count === 2 ? pad(year % 100, 2) : pad(year, count);
}

function formatFraction(millisecond: number, count: number): string {
  // Joda prints `count` digits of the fraction, truncating or padding the millisecond value.
  const digits = pad(millisecond, 3);
  return count <= 3 ? digits.slice(0, count) : digits.padEnd(count, "0");
}

function formatField(letter: string, count: number, parts: UtcParts, ms: number): string {
  switch (letter) {
    case "G":
      return "AD";
    case "C":
      return pad(Math.floor(parts.year / 100), count);
    case "Y":
    case "y":
      return formatYear(parts.year, count);
    case "x":
      return formatYear(getIsoWeek(ms).weekyear, count);
    case "w":
      return pad(getIsoWeek(ms).week, count);
    case "e":
      return pad(parts.dayOfWeek, count);
    case "E": {
      const name = DAY_NAMES[parts.dayOfWeek - 1] ?? "";
      return count >= 4 ? name : name.slice(0, 3);
    }
    case "D":
      return pad(parts.dayOfYear, count);
    case "M": {
      if (count < 3) return pad(parts.month, count);
      const name = MONTH_NAMES[parts.month - 1] ?? "";
      return count >= 4 ? name : name.slice(0, 3);
    }
    case "d":
      return pad(parts.day, count);
    case "a":
      return parts.hour < 12 ? "AM" : "PM";
    case "h":
      return pad(parts.hour % 12 === 0 ? 12 : parts.hour % 12, count);
    case "K":
      return pad(parts.hour % 12, count);
    case "H":
      return pad(parts.hour, count);
    case "k":
      return pad(parts.hour === 0 ? 24 : parts.hour, count);
    case "m":
      return pad(parts.minute, count);
    case "s":
      return pad(parts.second, count);
    case "S":
      return formatFraction(parts.millisecond, count);
    case "z":
      return count >= 4 ? "Coordinated Universal Time" : "UTC";
    case "Z":
      return count === 1 ? "+0000" : count === 2 ? "+00:00" : "UTC";
    default:
      // compileJodaPattern admits only the letters above.
      return "";
  }
}

export function printJodaPattern(tokens: readonly JodaPatternToken[], ms: number): string {
  const parts = getUtcParts(ms);
  return tokens
    .map((token) => (token.kind === "literal" ? token.text : formatField(token.letter, token.count, parts, ms)))
    .join("");
}
