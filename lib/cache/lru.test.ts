import { describe, expect, it } from "vitest";
import { Lru } from "./lru";

describe("Lru", () => {
  it("refuses bounds that are not positive", () => {
    expect(() => new Lru(0)).toThrow();
    expect(() => new Lru(1.5)).toThrow();
    expect(() => new Lru(1, 0)).toThrow();
  });

  it("keeps the total weight within its bound, dropping the oldest entries first", () => {
    const lru = new Lru<string, string>(10, 100);
    lru.set("a", "A", 40);
    lru.set("b", "B", 40);
    expect(lru.weight).toBe(80);
    lru.get("a"); // b is now the oldest
    lru.set("c", "C", 30);
    expect(lru.peek("b")).toBeUndefined();
    expect(lru.peek("a")).toBe("A");
    expect(lru.peek("c")).toBe("C");
    expect(lru.weight).toBe(70);
    lru.set("a", "A2", 10); // replacing an entry replaces its weight
    expect(lru.weight).toBe(40);
  });

  it("does not keep a value heavier than the whole bound (and forgets the key's old value)", () => {
    const lru = new Lru<string, string>(10, 100);
    lru.set("a", "small", 10);
    lru.set("a", "huge", 101);
    expect(lru.peek("a")).toBeUndefined();
    expect(lru.size).toBe(0);
    expect(lru.weight).toBe(0);
  });

  it("forgets the least recently used entry once over its limit", () => {
    const lru = new Lru<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1); // a is now the most recent
    lru.set("c", 3);
    expect(lru.size).toBe(2);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe(1);
    expect(lru.get("c")).toBe(3);
  });

  it("peek does not count as a use", () => {
    const lru = new Lru<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.peek("a")).toBe(1);
    lru.set("c", 3);
    expect(lru.peek("a")).toBeUndefined();
    expect(lru.peek("b")).toBe(2);
  });

  it("setting an existing key replaces its value and makes it the most recent", () => {
    const lru = new Lru<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.set("a", 10);
    lru.set("c", 3);
    expect(lru.get("a")).toBe(10);
    expect(lru.get("b")).toBeUndefined();
  });

  it("delete and deleteWhere drop entries", () => {
    const lru = new Lru<string, number>(10);
    lru.set("p1:1", 1);
    lru.set("p1:2", 2);
    lru.set("p2:1", 3);
    expect(lru.delete("p1:1")).toBe(true);
    expect(lru.delete("p1:1")).toBe(false);
    lru.deleteWhere((k) => k.startsWith("p1:"));
    expect(lru.size).toBe(1);
    expect(lru.get("p2:1")).toBe(3);
    lru.clear();
    expect(lru.size).toBe(0);
  });
});
