import { describe, expect, it } from "vitest";
import { Coalescer } from "./coalesce";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("Coalescer", () => {
  it("sends a lone call at once and batches the calls that arrive while a statement runs", async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const c = new Coalescer(async (keys) => {
      batches.push(keys);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      return new Set(keys.filter((k) => k !== "miss"));
    });
    const first = c.submit("a");
    await tick();
    const rest = ["b", "miss", "c"].map((k) => c.submit(k));
    await tick();
    expect(batches).toEqual([["a"]]);
    release();
    expect(await first).toBe(true);
    expect(await Promise.all(rest)).toEqual([true, false, true]);
    expect(batches).toEqual([["a"], ["b", "miss", "c"]]);
  });

  it("sends a repeated key once per batch; the repeat takes the slow path", async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const c = new Coalescer(async (keys) => {
      batches.push(keys);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
      return new Set(keys);
    });
    const first = c.submit("a");
    await tick();
    const repeated = [c.submit("x"), c.submit("x")];
    release();
    await first;
    expect(await Promise.all(repeated)).toEqual([true, false]);
    expect(batches).toEqual([["a"], ["x"]]);
  });

  it("answers false on a deadlock (the callers retry the general way) and rejects on other errors", async () => {
    const deadlock = new Coalescer(async () =>
      Promise.reject(Object.assign(new Error("deadlock detected"), { code: "40P01" })),
    );
    expect(await deadlock.submit("k")).toBe(false);
    const broken = new Coalescer(async () => Promise.reject(new Error("connection refused")));
    await expect(broken.submit("k")).rejects.toThrow("connection refused");
  });

  it("caps a batch at maxBatch", async () => {
    const sizes: number[] = [];
    const c = new Coalescer(async (keys) => {
      sizes.push(keys.length);
      await tick();
      return new Set(keys);
    }, 3);
    await Promise.all(Array.from({ length: 8 }, (_, i) => c.submit(String(i))));
    // The first call goes alone at once; the rest queue behind it in batches of at most 3.
    expect(sizes).toEqual([1, 3, 3, 1]);
  });
});
