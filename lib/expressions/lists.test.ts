import { describe, expect, it } from "vitest";
import { makeContext, makeObject, ref } from "./expression-test-support";
import { ExpressionError, evaluateTemplate } from "./index";
import { MAX_LIST_LENGTH } from "./limits";

const ctx = makeContext(
  [
    makeObject("Obj", {
      myList: ["one", "two"],
      myList1: ["1", "2"],
      myList2: ["3", "4"],
      single: "solo",
      dates: ["2012-12-12T00:00:00", "2013-01-31T06:00:00"],
      inputs: { refs: ["A", "B"] },
      combined: ["#{myList1}", "#{myList2}"],
      big: Array.from({ length: 200 }, (_, i) => String(i)),
      empty: [],
    }),
    makeObject("A", { path: "s3://a/" }),
    makeObject("B", { path: "s3://b/", owner: ref("A") }),
  ],
  "Obj",
);

function evaluationError(template: string): ExpressionError {
  try {
    evaluateTemplate(template, ctx);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(template)} to fail`);
}

describe("lists", () => {
  it("maps an operator over a list (the guide's example)", () => {
    const result = evaluateTemplate("#{'this is ' + myList}", ctx);
    expect(result.values).toEqual(["this is one", "this is two"]);
    expect(result.value).toBe('["this is one","this is two"]');
  });

  it("gives a multi-valued field as a list and a single-valued one as a string", () => {
    expect(evaluateTemplate("#{myList}", ctx).values).toEqual(["one", "two"]);
    expect(evaluateTemplate("#{single}", ctx)).toMatchObject({ value: "solo", values: null });
  });

  it("flattens fields whose values are lists (the guide's [#{myList1}, #{myList2}])", () => {
    expect(evaluateTemplate("#{combined}", ctx).values).toEqual(["1", "2", "3", "4"]);
  });

  it("splices a list slot into the surrounding text once per element", () => {
    expect(evaluateTemplate("s3://x/#{myList}/", ctx).values).toEqual(["s3://x/one/", "s3://x/two/"]);
  });

  it("combines several list slots in order, the first varying slowest", () => {
    expect(evaluateTemplate("#{myList}-#{myList1}", ctx).values).toEqual(["one-1", "one-2", "two-1", "two-2"]);
    expect(evaluateTemplate("#{myList1 + myList2}", ctx).values).toEqual(["13", "14", "23", "24"]);
  });

  it("does arithmetic element-wise on numeric strings", () => {
    expect(evaluateTemplate("#{myList1 * 10}", ctx).values).toEqual(["10", "20"]);
    expect(evaluateTemplate("#{-myList1}", ctx).values).toEqual(["-1", "-2"]);
  });

  it("maps functions, method calls and reference chains over lists", () => {
    expect(evaluateTemplate("#{format(dates, 'MMM')}", ctx).values).toEqual(["Dec", "Jan"]);
    expect(evaluateTemplate("#{dates.plusDays(1)}", ctx).values).toEqual([
      "2012-12-13T00:00:00",
      "2013-02-01T06:00:00",
    ]);
    expect(evaluateTemplate("#{plusMonths(dates, myList1)}", ctx).values).toEqual([
      "2013-01-12T00:00:00",
      "2013-02-12T00:00:00",
      "2013-02-28T06:00:00",
      "2013-03-31T06:00:00",
    ]);
    expect(evaluateTemplate("#{inputs}", ctx).values).toEqual(["A", "B"]);
    expect(evaluateTemplate("#{inputs.path}", ctx).values).toEqual(["s3://a/", "s3://b/"]);
  });

  it("treats a key with one field as a single value, whatever its kind", () => {
    const local = makeContext([makeObject("O", { xs: { refs: ["P"] } }), makeObject("P", { x: "v" })], "O");
    expect(evaluateTemplate("#{xs.x}", local)).toMatchObject({ value: "v", values: null });
  });

  it("gives an empty list for an empty parameter list", () => {
    const local = makeContext([makeObject("O", {})], "O", { parameters: { none: [] } });
    expect(evaluateTemplate("x#{none}", local)).toMatchObject({ value: "[]", values: [] });
  });

  it("reports an error inside a list at the operator", () => {
    expect(evaluationError("#{myList * 2}")).toMatchObject({
      message: "type mismatch: operator '*' cannot be applied to string and int",
      position: 9,
    });
  });

  it("caps list length", () => {
    expect(evaluateTemplate("#{big}", ctx).values).toHaveLength(200);
    expect(evaluationError("#{big + big}").message).toBe(`list longer than ${MAX_LIST_LENGTH} values`);
    expect(evaluationError("#{big}#{big}").message).toBe(`list longer than ${MAX_LIST_LENGTH} values`);
  });
});
