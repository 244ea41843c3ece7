import { describe, expect, it } from "vitest";
import { makeContext, makeObject } from "./expression-test-support";
import { ExpressionError, evaluateTemplate } from "./index";

// The budgets hold whatever a template asks for: time is charged as work is done, format patterns
// are compiled once, and each element's characters are counted as it is produced (issue #11).

const dates = Array.from({ length: 300 }, (_, i) => `2012-12-${String((i % 28) + 1).padStart(2, "0")}T00:00:00`);
const ctx = (timeLimitMs?: number) => ({
  ...makeContext([makeObject("Obj", { myDates: dates })], "Obj"),
  ...(timeLimitMs === undefined ? {} : { timeLimitMs }),
});

function evaluateTimed(template: string, context = ctx()): { error: ExpressionError | null; ms: number } {
  const started = performance.now();
  try {
    evaluateTemplate(template, context);
    return { error: null, ms: performance.now() - started };
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return { error, ms: performance.now() - started };
  }
}

describe("expression budgets", () => {
  it("stops format() over a list with a 1 MB pattern quickly, with a clear error", () => {
    // The reported case: took 9.8 s, recompiling the pattern for each of the 300 elements.
    const pattern = `'${"x".repeat(1024 * 1024)}'`;
    const { error, ms } = evaluateTimed(`#{format(myDates, "${pattern}")}`);
    expect(error).not.toBeNull();
    expect(error!.message).toMatch(/characters|ms limit/);
    expect(ms).toBeLessThan(1500);
  });

  it("does not hold four slots of large results before charging them (no out-of-memory)", () => {
    const pattern = `'${"y".repeat(1024 * 1024)}'`;
    const slot = `#{format(myDates, "${pattern}")}`;
    const { error, ms } = evaluateTimed(`${slot}${slot}${slot}${slot}`);
    expect(error).not.toBeNull();
    expect(ms).toBeLessThan(2000);
  });

  it("ends an evaluation that runs past its wall-clock limit with an ExpressionError", () => {
    // A pattern of many short fields is cheap per element but slow in all, under every other budget.
    const pattern = "yyyy-MM-dd ".repeat(20_000);
    const { error, ms } = evaluateTimed(`#{format(myDates, "${pattern}")}`, ctx(50));
    expect(error?.message).toMatch(/longer than the 50 ms limit|characters/);
    // About 60 ms on an idle core (before: 24 s); room for a loaded shared machine.
    expect(ms).toBeLessThan(2_000);
  });

  it("still evaluates ordinary templates over lists", () => {
    const result = evaluateTemplate(`#{format(myDates, "YYYY-MM-dd")}`, ctx());
    expect(result.values).toHaveLength(300);
    expect(result.values![0]).toBe("2012-12-01");
  });
});
