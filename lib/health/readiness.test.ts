import { describe, expect, it } from "vitest";
import { beginDrain, isDraining, onDrain } from "@/lib/lifecycle/drain";
import { readiness } from "./readiness";

// One process-wide drain state (on globalThis): these cases run in order, before and after the drain.
describe("readiness and draining", () => {
  it("is ready while the database answers, unavailable while it does not", async () => {
    expect(await readiness(async () => true)).toEqual({ ready: true, body: { status: "ready", database: "ok" } });
    expect(await readiness(async () => false)).toEqual({
      ready: false,
      body: { status: "unavailable", database: "unavailable" },
    });
  });

  it("turns not-ready the moment draining begins, tells every listener once, and never asks the database again", async () => {
    let told = 0;
    onDrain(() => told++);
    expect(isDraining()).toBe(false);
    beginDrain();
    beginDrain();
    expect(told).toBe(1);
    let asked = false;
    const r = await readiness(async () => {
      asked = true;
      return true;
    });
    expect(r).toEqual({ ready: false, body: { status: "draining", database: "not checked" } });
    expect(asked).toBe(false);
    // A listener added after the drain began runs at once.
    onDrain(() => told++);
    expect(told).toBe(2);
  });
});
