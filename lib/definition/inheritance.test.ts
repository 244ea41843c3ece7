import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Field, PipelineObject } from "@/lib/protocol/types";
import {
  findParentCycle,
  getEffectiveValue,
  getEffectiveValues,
  indexObjectsById,
  resolveEffectiveFields,
  withImplicitDefaultParent,
} from "@/lib/definition/inheritance";

function o(id: string, fields: Field[]): PipelineObject {
  return { id, name: id, fields };
}
const s = (key: string, stringValue: string): Field => ({ key, stringValue });
const r = (key: string, refValue: string): Field => ({ key, refValue });

function resolve(objects: PipelineObject[], id: string) {
  return resolveEffectiveFields(id, indexObjectsById(objects));
}

describe("resolveEffectiveFields", () => {
  const objects = [
    o("Default", [s("workerGroup", "wg-default"), s("scheduleType", "cron"), s("maximumRetries", "3")]),
    o("Base", [
      s("maximumRetries", "1"),
      s("scriptArgument", "base-a"),
      s("scriptArgument", "base-b"),
      s("stdout", "/base"),
    ]),
    o("Mid", [r("parent", "Base"), s("stdout", "/mid"), s("type", "ShellCommandActivity")]),
    o("Leaf", [r("parent", "Mid"), s("command", "run"), s("scriptArgument", "leaf")]),
  ];

  it("orders own fields, then the parent chain, then Default, recording who supplied each", () => {
    const { fields, chain, problems } = resolve(objects, "Leaf");
    expect(chain).toEqual(["Leaf", "Mid", "Base", "Default"]);
    expect(problems).toEqual([]);
    expect(fields).toEqual([
      { key: "parent", refValue: "Mid", from: "Leaf" },
      { key: "command", stringValue: "run", from: "Leaf" },
      { key: "scriptArgument", stringValue: "leaf", from: "Leaf" },
      { key: "stdout", stringValue: "/mid", from: "Mid" },
      { key: "type", stringValue: "ShellCommandActivity", from: "Mid" },
      { key: "maximumRetries", stringValue: "1", from: "Base" },
      { key: "workerGroup", stringValue: "wg-default", from: "Default" },
      { key: "scheduleType", stringValue: "cron", from: "Default" },
    ]);
  });

  it("hides an inherited multi-valued key as a whole when the key is set nearer", () => {
    const values = getEffectiveValues(resolve(objects, "Leaf").fields, "scriptArgument");
    expect(values).toEqual(["leaf"]);
    expect(getEffectiveValues(resolve(objects, "Base").fields, "scriptArgument")).toEqual(["base-a", "base-b"]);
  });

  it("reports only the object's own parent, never an ancestor's", () => {
    expect(resolve(objects, "Base").fields.some((f) => f.key === "parent")).toBe(false);
    const withParentOnDefault = [o("Default", [r("parent", "X")]), o("X", [s("myX", "1")]), o("A", [])];
    expect(resolve(withParentOnDefault, "A").fields).toEqual([]);
  });

  it("does not apply Default to itself nor twice when it is an explicit parent", () => {
    expect(resolve(objects, "Default").chain).toEqual(["Default"]);
    const explicit = [o("Default", [s("workerGroup", "wg")]), o("A", [r("parent", "Default")])];
    const { chain, fields } = resolve(explicit, "A");
    expect(chain).toEqual(["A", "Default"]);
    expect(fields.filter((f) => f.key === "workerGroup")).toHaveLength(1);
  });

  it("works without a Default object", () => {
    const { chain, fields } = resolve([o("A", [s("k", "v")])], "A");
    expect(chain).toEqual(["A"]);
    expect(fields).toEqual([{ key: "k", stringValue: "v", from: "A" }]);
  });

  it("stops at a cycle, reports it, and still applies Default", () => {
    const cyclic = [
      o("Default", [s("workerGroup", "wg")]),
      o("A", [r("parent", "B"), s("a", "1")]),
      o("B", [r("parent", "A"), s("b", "2")]),
    ];
    const { chain, fields, problems } = resolve(cyclic, "A");
    expect(chain).toEqual(["A", "B", "Default"]);
    expect(problems).toEqual(["Parent chain of 'A' has a cycle: A -> B -> A."]);
    expect(fields.map((f) => f.key)).toEqual(["parent", "a", "b", "workerGroup"]);
  });

  it("stops at a self-parent", () => {
    const { chain, problems } = resolve([o("A", [r("parent", "A")])], "A");
    expect(chain).toEqual(["A"]);
    expect(problems).toHaveLength(1);
  });

  it("stops at a dangling parent, reports it, and still applies Default", () => {
    const dangling = [
      o("Default", [s("workerGroup", "wg")]),
      o("A", [r("parent", "B")]),
      o("B", [r("parent", "Gone")]),
    ];
    const { chain, problems, fields } = resolve(dangling, "A");
    expect(chain).toEqual(["A", "B", "Default"]);
    expect(problems).toEqual(["Parent 'Gone' of 'B' does not exist."]);
    expect(getEffectiveValue(fields, "workerGroup")).toBe("wg");
  });

  it("reports an unknown object instead of throwing", () => {
    expect(resolve([], "Nope")).toEqual({ fields: [], chain: [], problems: ["Object 'Nope' does not exist."] });
  });

  it("terminates on any parent graph and never repeats a key from two objects", () => {
    const ids = ["Default", "A", "B", "C", "D"];
    const fieldArb = fc.oneof(
      fc.record({ key: fc.constant("parent"), refValue: fc.constantFrom(...ids, "Gone") }),
      fc.record({ key: fc.constantFrom("k1", "k2", "k3"), stringValue: fc.string() }),
    );
    const objectsArb = fc.tuple(
      ...ids.map((id) => fc.array(fieldArb, { maxLength: 6 }).map((fields) => o(id, fields))),
    );
    fc.assert(
      fc.property(objectsArb, fc.constantFrom(...ids), (objs, id) => {
        const { fields, chain } = resolve(objs, id);
        expect(new Set(chain).size).toBe(chain.length);
        for (const key of new Set(fields.map((f) => f.key))) {
          expect(new Set(fields.filter((f) => f.key === key).map((f) => f.from)).size).toBe(1);
        }
      }),
    );
  });
});

describe("findParentCycle", () => {
  const objects = indexObjectsById([
    o("A", [r("parent", "B")]),
    o("B", [r("parent", "A")]),
    o("C", [r("parent", "A")]),
    o("D", []),
  ]);

  it("returns the cycle for its members only", () => {
    expect(findParentCycle("A", objects)).toEqual(["A", "B", "A"]);
    expect(findParentCycle("B", objects)).toEqual(["B", "A", "B"]);
    expect(findParentCycle("C", objects)).toBeNull();
    expect(findParentCycle("D", objects)).toBeNull();
    expect(findParentCycle("Missing", objects)).toBeNull();
  });
});

describe("withImplicitDefaultParent", () => {
  it("adds parent: Default to a component without a parent when Default exists", () => {
    expect(withImplicitDefaultParent(o("A", [s("k", "v")]), true).fields).toEqual([
      s("k", "v"),
      r("parent", "Default"),
    ]);
  });

  it("leaves Default, objects with a parent, and pipelines without Default alone", () => {
    const def = o("Default", []);
    const withParent = o("A", [r("parent", "B")]);
    const plain = o("A", []);
    expect(withImplicitDefaultParent(def, true)).toBe(def);
    expect(withImplicitDefaultParent(withParent, true)).toBe(withParent);
    expect(withImplicitDefaultParent(plain, false)).toBe(plain);
  });

  it("does not mutate its input", () => {
    const plain = o("A", []);
    withImplicitDefaultParent(plain, true);
    expect(plain.fields).toEqual([]);
  });
});

describe("getEffectiveValue(s)", () => {
  const fields = [s("a", "1"), r("b", "X"), s("a", "2")];
  it("reads strings and references", () => {
    expect(getEffectiveValue(fields, "a")).toBe("1");
    expect(getEffectiveValue(fields, "b")).toBe("X");
    expect(getEffectiveValue(fields, "c")).toBeUndefined();
    expect(getEffectiveValues(fields, "a")).toEqual(["1", "2"]);
    expect(getEffectiveValues(fields, "c")).toEqual([]);
  });
});

describe("indexObjectsById", () => {
  it("keeps the first object of a duplicated id", () => {
    const first = o("A", [s("n", "1")]);
    expect(indexObjectsById([first, o("A", [s("n", "2")])]).get("A")).toBe(first);
  });
});
