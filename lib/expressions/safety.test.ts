import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeContext, makeObject, ref } from "./expression-test-support";
import { ExpressionError, evaluateObjectFields, evaluateTemplate, type EvaluationContext } from "./index";
import { MAX_EVALUATION_DEPTH, MAX_FIELD_DEPTH, MAX_NESTING_DEPTH, MAX_STRING_LENGTH } from "./limits";

const ctx = makeContext(
  [
    makeObject("Obj", {
      name: "Obj",
      x: "2012-12-12T00:00:00",
      n: "3",
      myList: ["one", "two"],
      input: ref("Other"),
      parent: ref("Other"),
      loop: "#{loop}",
      nested: "#{input.path}",
      "@scheduledStartTime": "2012-12-12T00:00:00",
    }),
    makeObject("Other", { path: "s3://#{name}/#{@id}", name: "other", back: ref("Obj") }),
  ],
  "Obj",
  { nodeId: "Other", parameters: { myParam: ["p"], myMany: ["1", "2", "3"] } },
);

/** Evaluates and returns how it ended; anything but success or an ExpressionError fails the test. */
function outcome(template: string, context: EvaluationContext = ctx): "ok" | "error" {
  try {
    const result = evaluateTemplate(template, context);
    expect(typeof result.value).toBe("string");
    return "ok";
  } catch (error) {
    if (error instanceof ExpressionError) {
      expect(error.position).toBeGreaterThanOrEqual(0);
      expect(error.position).toBeLessThanOrEqual(template.length);
      return "error";
    }
    throw error;
  }
}

const TOKENS = [
  "#{",
  "}",
  "{",
  "#",
  "(",
  ")",
  ",",
  ".",
  "+",
  "-",
  "*",
  "/",
  "^",
  "@",
  "'",
  '"',
  "\\",
  " ",
  "\n",
  "1",
  "0",
  "2.5",
  "9007199254740991",
  "'YYYY-MM-dd hh:mm'",
  '"txt"',
  "'2011-05-24T17:10:00'",
  "x",
  "n",
  "name",
  "myList",
  "myParam",
  "myMany",
  "input",
  "parent",
  "node",
  "loop",
  "nested",
  "nope",
  "@id",
  "@scheduledStartTime",
  "path",
  "back",
  "format",
  "plusDays",
  "minusMonths",
  "sunday",
  "makeDate",
  "day",
  "yesterday",
  "firstOfMonth",
  "unknownFn",
  "*",
  "text ",
  "é",
  "😀",
];

describe("hostile input", () => {
  it("random strings only ever give a value or an ExpressionError", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        outcome(text);
        outcome(`#{${text}}`);
      }),
      { numRuns: 2000 },
    );
    // 4,000 evaluations: about 2 s on a quiet machine, many times that on a loaded one.
  }, 60_000);

  it("random token soups only ever give a value or an ExpressionError, quickly", () => {
    const started = performance.now();
    let errors = 0;
    let successes = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (tokens) => {
        const result = outcome(`#{${tokens.join("")}}`);
        if (result === "ok") successes++;
        else errors++;
        outcome(tokens.join(""));
      }),
      { numRuns: 3000 },
    );
    // Both paths must actually be exercised for the property to mean something.
    expect(successes).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it("well-formed random expressions evaluate or fail with an ExpressionError", () => {
    const { expression } = fc.letrec<{ expression: string }>((tie) => ({
      expression: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom(
          "1",
          "2.5",
          "'s'",
          "n",
          "x",
          "myList",
          "myMany",
          "input",
          "node",
          "@scheduledStartTime",
          "input.path",
          "parent.@id",
        ),
        fc
          .tuple(tie("expression"), fc.constantFrom("+", "-", "*", "/", "^"), tie("expression"))
          .map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc.tuple(tie("expression")).map(([a]) => `-${a}`),
        fc
          .tuple(fc.constantFrom("plusDays", "minusHours", "plusMonths"), tie("expression"), tie("expression"))
          .map(([f, a, b]) => `${f}(${a}, ${b})`),
        fc.tuple(tie("expression"), fc.constantFrom("'YYYY hh a'", "'E'", "x")).map(([a, p]) => `format(${a}, ${p})`),
        fc.tuple(tie("expression")).map(([a]) => `${a}.day()`),
      ),
    }));
    const seen = { ok: 0, error: 0 };
    fc.assert(
      fc.property(expression, (source) => {
        seen[outcome(`#{${source}}`)]++;
      }),
      { numRuns: 2000 },
    );
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  it("rejects 10,000 nested parentheses quickly with an ExpressionError", () => {
    const started = performance.now();
    const template = "#{" + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "}";
    expect(() => evaluateTemplate(template, ctx)).toThrow(
      `expression nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`,
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("bounds fields that fan out exponentially in text", () => {
    const fields: Record<string, string> = { f28: "ab" };
    for (let i = 0; i < 28; i++) fields[`f${i}`] = `#{f${i + 1}}#{f${i + 1}}`;
    const started = performance.now();
    // Checks the character budget, so the wall-clock one (budget.test.ts) gets room on a loaded machine.
    expect(() =>
      evaluateTemplate("#{f0}", { ...makeContext([makeObject("O", fields)], "O"), timeLimitMs: 10_000 }),
    ).toThrow(/expression (result longer than|produces more than)/);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("evaluates fields shared by many references once", () => {
    const fields: Record<string, string> = { f30: "1" };
    for (let i = 0; i < 30; i++) fields[`f${i}`] = `#{day(plusDays('2012-01-01T00:00:00', f${i + 1})) + f${i + 1} * 0}`;
    const started = performance.now();
    // f30 is 1 and each level adds one day; without memoisation this would take 2^30 evaluations.
    expect(evaluateTemplate("#{f0}", makeContext([makeObject("O", fields)], "O")).value).toBe("31");
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("caps the length of one string", () => {
    const big = "x".repeat(MAX_STRING_LENGTH / 2 + 1);
    // Checks the length cap, so the wall-clock budget (budget.test.ts) gets room on a loaded machine.
    const local = { ...makeContext([makeObject("O", { big })], "O"), timeLimitMs: 10_000 };
    expect(evaluateTemplate("#{big}", local).value).toHaveLength(big.length);
    expect(() => evaluateTemplate("#{big + big}", local)).toThrow(
      `expression result longer than ${MAX_STRING_LENGTH} characters`,
    );
    expect(() => evaluateTemplate("#{big}#{big}", local)).toThrow(
      `expression result longer than ${MAX_STRING_LENGTH} characters`,
    );
  });

  it("caps how deep field templates may refer to field templates", () => {
    const chain = (levels: number) => {
      const fields: Record<string, string> = { [`f${levels}`]: "end" };
      for (let i = 0; i < levels; i++) fields[`f${i}`] = `#{f${i + 1}}`;
      return makeContext([makeObject("O", fields)], "O");
    };
    expect(evaluateTemplate("#{f0}", chain(MAX_FIELD_DEPTH - 1)).value).toBe("end");
    expect(() => evaluateTemplate("#{f0}", chain(MAX_FIELD_DEPTH))).toThrow(
      `field references nested too deeply (more than ${MAX_FIELD_DEPTH} levels)`,
    );
  });

  it("caps total nesting across field templates", () => {
    const fields: Record<string, string> = { f8: "2012-01-01T00:00:00" };
    for (let i = 0; i < 8; i++) fields[`f${i}`] = "#{" + "plusDays(".repeat(90) + `f${i + 1}` + ", 0)".repeat(90) + "}";
    // Checks the character budget, so the wall-clock one (budget.test.ts) gets room on a loaded machine.
    expect(() =>
      evaluateTemplate("#{f0}", { ...makeContext([makeObject("O", fields)], "O"), timeLimitMs: 10_000 }),
    ).toThrow(`expression nested too deeply across field references (more than ${MAX_EVALUATION_DEPTH} levels)`);
  });

  it("evaluates the deepest allowed nesting with plenty of JS stack to spare", () => {
    // Every limit at its maximum at once, run under ~5,000 frames of caller stack: must still not overflow.
    const nest = Math.floor(MAX_EVALUATION_DEPTH / 5) - 3;
    const fields: Record<string, string> = { f4: "2012-01-01T00:00:00" };
    for (let i = 0; i < 4; i++)
      fields[`f${i}`] = "#{" + "plusDays(".repeat(nest) + `f${i + 1}` + ", 0)".repeat(nest) + "}";
    const deep = makeContext([makeObject("O", fields)], "O");
    const chainFields: Record<string, string> = { [`f${MAX_FIELD_DEPTH - 1}`]: "1" };
    for (let i = 0; i < MAX_FIELD_DEPTH - 1; i++) chainFields[`f${i}`] = `#{-(-(f${i + 1}))}`;
    const long = makeContext([makeObject("O", chainFields)], "O");
    const atDepth = (frames: number, run: () => string): string => (frames === 0 ? run() : atDepth(frames - 1, run));
    expect(atDepth(5000, () => evaluateTemplate("#{f0}", deep).value)).toBe("2012-01-01T00:00:00");
    expect(atDepth(5000, () => evaluateTemplate("#{f0}", long).value)).toBe("1");
  });

  it("handles a 10 MB template of text with many slots in bounded time", () => {
    const template = "x".repeat(9_000_000) + "#{n}".repeat(50_000);
    const started = performance.now();
    // Measures the work itself, not the wall-clock budget (budget.test.ts), which a loaded machine could hit first.
    const { value } = evaluateTemplate(template, { ...ctx, timeLimitMs: 5000 });
    expect(value).toHaveLength(9_050_000);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("rejects a template with too many slots", () => {
    expect(() => evaluateTemplate("#{1}".repeat(200_000), ctx)).toThrow(/more than \d+ expression tokens/);
  });

  it("stops long list computations", () => {
    const local = makeContext([makeObject("O", { xs: Array.from({ length: 5000 }, (_, i) => String(i)) })], "O");
    const started = performance.now();
    expect(() => evaluateTemplate("#{" + "xs + ".repeat(300) + "xs}", local)).toThrow(
      /list longer than|evaluation steps/,
    );
    expect(() => evaluateTemplate("#{xs}".repeat(300), local)).toThrow(/list longer than|evaluation steps/);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("evaluateObjectFields throws only ExpressionErrors on random field values", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.array(fc.constantFrom(...TOKENS), { maxLength: 20 }))),
        (pairs) => {
          const obj = {
            id: "Obj",
            fields: pairs.map(([key, tokens]) => ({ key, stringValue: `#{${tokens.join("")}}` })),
          };
          try {
            const fields = evaluateObjectFields(obj, ctx);
            expect(fields.length).toBeGreaterThanOrEqual(pairs.length);
          } catch (error) {
            expect(error).toBeInstanceOf(ExpressionError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
