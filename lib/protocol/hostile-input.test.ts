import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dropNulls, findUnstorable, jsonNestingExceeds, unstorableReason } from "./hostile-input";

describe("jsonNestingExceeds", () => {
  it("counts brackets outside strings only", () => {
    expect(jsonNestingExceeds('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(jsonNestingExceeds('{"a":[1,{"b":[2]}]}', 3)).toBe(true);
    expect(jsonNestingExceeds(`{"a":"${"[".repeat(1000)}"}`, 3)).toBe(false);
    expect(jsonNestingExceeds(`{"a":"\\"[[[[[["}`, 3)).toBe(false);
  });

  it("refuses a 200,000-deep body in linear time", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    const started = performance.now();
    expect(jsonNestingExceeds(deep)).toBe(true);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe("unstorable strings", () => {
  it("finds NUL and unpaired surrogates, accepts paired ones", () => {
    expect(unstorableReason("a\u0000b")).toMatch(/NUL/);
    expect(unstorableReason("\ud800")).toMatch(/surrogate/);
    expect(unstorableReason("x\udfff")).toMatch(/surrogate/);
    expect(unstorableReason("\ud800x")).toMatch(/surrogate/);
    expect(unstorableReason("ok 😀 \u00e9")).toBeNull();
  });

  it("names the member, keys included", () => {
    expect(
      findUnstorable({
        name: "n",
        tags: [
          { key: "k", value: "v" },
          { key: "a\u0000", value: "v" },
        ],
      }),
    ).toEqual({
      path: "tags.1.key",
      reason: expect.stringMatching(/NUL/),
    });
    expect(findUnstorable({ pipelineObjects: [{ fields: [{ key: "k", stringValue: "\udfff" }] }] })?.path).toBe(
      "pipelineObjects.0.fields.0.stringValue",
    );
    expect(findUnstorable({ ["bad\ud800"]: 1 })?.path).toMatch(/^<key /);
    expect(findUnstorable({ a: [1, true, null, "fine"] })).toBeNull();
  });

  it("walks 100,000 levels without recursion", () => {
    let v: unknown = "\u0000";
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(findUnstorable(v)?.reason).toMatch(/NUL/);
  });
});

describe("dropNulls", () => {
  it("drops null members but keeps array slots, as before", () => {
    expect(dropNulls({ a: null, b: { c: null, d: 1 }, e: [null, { f: null }] })).toEqual({
      b: { d: 1 },
      e: [null, {}],
    });
  });

  it("never sets a prototype from a __proto__ member", () => {
    const out = dropNulls(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.polluted).toBeUndefined();
  });

  it("handles 200,000 levels without a stack overflow", () => {
    let v: unknown = 1;
    for (let i = 0; i < 200_000; i++) v = { x: v, y: null };
    expect(() => dropNulls(v)).not.toThrow();
  });

  it("matches a recursive reference implementation", () => {
    const reference = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reference);
      if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) if (v !== null && k !== "__proto__") out[k] = reference(v);
        return out;
      }
      return value;
    };
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(dropNulls(v)).toEqual(reference(v));
      }),
    );
  });
});
