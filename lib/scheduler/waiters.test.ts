import { describe, expect, it } from "vitest";
import { WaiterRegistry } from "./waiters";

describe("WaiterRegistry", () => {
  it("wakes one waiter per wake, oldest first, and only in its group", async () => {
    const r = new WaiterRegistry();
    const order: string[] = [];
    const a = r.wait("g", 10_000).then((o) => order.push(`a:${o}`));
    const b = r.wait("g", 10_000).then((o) => order.push(`b:${o}`));
    const other = r.wait("G", 50).then((o) => order.push(`G:${o}`));
    expect(r.size).toBe(3);
    expect(r.wake("g")).toBe(1);
    await a;
    expect(order).toEqual(["a:woken"]);
    expect(r.waitingIn("g")).toBe(1);
    await other;
    expect(order).toEqual(["a:woken", "G:timeout"]);
    expect(r.wake("g", 5)).toBe(1);
    await b;
    expect(r.size).toBe(0);
    expect(r.groupsWithWaiters()).toEqual([]);
  });

  it("stops waiting when the signal aborts, and a wake then finds nobody", async () => {
    const r = new WaiterRegistry();
    const ac = new AbortController();
    const p = r.wait("g", 10_000, ac.signal);
    ac.abort();
    expect(await p).toBe("aborted");
    expect(r.wake("g")).toBe(0);
    expect(await r.wait("g", 10_000, ac.signal)).toBe("aborted");
  });

  it("times out", async () => {
    const r = new WaiterRegistry();
    expect(await r.wait("g", 5)).toBe("timeout");
    expect(r.size).toBe(0);
  });

  it("remembers notifications, so a poll whose claim raced one looks again", async () => {
    const r = new WaiterRegistry();
    const before = performance.now();
    expect(r.notifiedSince("g", before)).toBe(false);
    const waiting = r.wait("g", 10_000);
    expect(r.notify("g", 3)).toBe(1);
    expect(await waiting).toBe("woken");
    expect(r.notifiedSince("g", before)).toBe(true);
    expect(r.notifiedSince("g", performance.now() + 1)).toBe(false);
    expect(r.notifiedSince("other", before)).toBe(false);
  });
});

describe("WaiterRegistry.drain", () => {
  it("answers every waiter of every group at once, and every later wait too", async () => {
    const r = new WaiterRegistry();
    const held = [r.wait("a", 60_000), r.wait("a", 60_000), r.wait("b", 60_000)];
    r.drain();
    expect(await Promise.all(held)).toEqual(["drained", "drained", "drained"]);
    expect(r.size).toBe(0);
    expect(await r.wait("c", 60_000)).toBe("drained");
    expect(r.size).toBe(0);
  });
});
