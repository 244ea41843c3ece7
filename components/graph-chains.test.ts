import { describe, expect, it } from "vitest";
import { findChains, labelChain } from "./graph-chains";
import { twoChains } from "./graph-chains.fixture";

const ref = (key: string, target: string, exists = true) => ({ key, target, exists });
describe("findChains", () => {
  const chains = findChains(twoChains);
  const chainOf = (id: string) => chains.find((c) => c.members.includes(id))?.id;

  it("groups steps linked by dependsOn and by data one step writes and the next reads", () => {
    expect(chains).toHaveLength(2);
    const orders = chainOf("ExtractOrders")!;
    for (const id of ["OrdersRaw", "OrdersStaged", "LoadOrders", "OrdersTable", "ReportOrders"])
      expect(chainOf(id), id).toBe(orders);
    const cleanup = chainOf("CleanupTmp")!;
    expect(cleanup).not.toBe(orders);
    for (const id of ["TmpExists", "CleanupLogs"]) expect(chainOf(id), id).toBe(cleanup);
  });

  it("leaves out what several chains share and what only configures them", () => {
    for (const id of ["Default", "Daily", "Alarm", "Ec2", "SharedInput"]) expect(chainOf(id), id).toBeUndefined();
  });

  it("names a chain by its steps' common prefix, else by its first and last step along the flow", () => {
    const cleanup = chains.find((c) => c.members.includes("CleanupTmp"))!;
    expect(cleanup.prefix).toBe("Cleanup");
    expect(labelChain(cleanup, () => 0)).toBe("Cleanup");
    const orders = chains.find((c) => c.members.includes("ExtractOrders"))!;
    expect(orders.prefix).toBe("");
    const x: Record<string, number> = { ExtractOrders: 1, LoadOrders: 2, ReportOrders: 3 };
    expect(labelChain(orders, (id) => x[id] ?? 0)).toBe("ExtractOrders → ReportOrders");
  });

  it("counts the first step of a dependsOn chain, which holds no flow field, among its steps", () => {
    const [chain] = findChains([
      { id: "C01", refs: [] },
      { id: "C02", refs: [ref("dependsOn", "C01")] },
      { id: "C03", refs: [ref("dependsOn", "C02")] },
    ]);
    const x: Record<string, number> = { C01: 1, C02: 2, C03: 3 };
    expect(chain!.prefix).toBe("");
    expect(labelChain(chain!, (id) => x[id] ?? 0)).toBe("C01 → C03");
  });

  it("cuts a common prefix back to a word boundary", () => {
    const lane = findChains([
      { id: "load-orders-a", refs: [] },
      { id: "load-orders-b", refs: [ref("dependsOn", "load-orders-a")] },
    ]);
    expect(lane[0]!.prefix).toBe("load-orders");
  });

  it("makes no chain of objects that do not carry work to each other", () => {
    expect(
      findChains([
        { id: "A", refs: [ref("schedule", "S")] },
        { id: "S", refs: [] },
      ]),
    ).toEqual([]);
  });
});
