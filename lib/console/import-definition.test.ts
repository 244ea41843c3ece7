import { beforeEach, describe, expect, it, vi } from "vitest";

// Issue #11: the import ran CreatePipeline and PutPipelineDefinition in two transactions, so a
// crash between them left an empty pipeline. Both now run inside one transaction.

const calls: string[] = [];
const tx = { name: "the-one-transaction" };

vi.mock("@/lib/store/transaction", () => ({
  runInTransaction: async (fn: (t: unknown) => Promise<unknown>) => {
    calls.push("begin");
    try {
      const out = await fn(tx);
      calls.push("commit");
      return out;
    } catch (err) {
      calls.push("rollback");
      throw err;
    }
  },
}));
vi.mock("@/lib/operations/create-pipeline", () => ({
  createPipelineIn: async (t: unknown) => {
    calls.push(t === tx ? "create in tx" : "create OUTSIDE tx");
    return { pipelineId: "df-IMPORTED" };
  },
}));
const store = vi.fn();
vi.mock("@/lib/operations/put-pipeline-definition", () => ({
  storeDefinition: (...args: unknown[]) => store(...args),
}));

const { importDefinition } = await import("./import-definition");

const file = JSON.stringify({
  objects: [
    { id: "Default", name: "Default", scheduleType: "ondemand", workerGroup: "wg" },
    { id: "Job", name: "Job", type: "ShellCommandActivity", command: "true" },
  ],
});
const ctx = { requestId: "r", accountId: "000000000000", actor: "console" };

describe("importDefinition", () => {
  beforeEach(() => {
    calls.length = 0;
    store.mockReset();
  });

  it("creates the pipeline and stores its definition in one transaction", async () => {
    store.mockImplementation(async (t: unknown) => {
      calls.push(t === tx ? "store in tx" : "store OUTSIDE tx");
      return { errored: false };
    });
    const result = await importDefinition({ name: "n", definition: file, acceptErrors: false }, ctx);
    expect(result).toMatchObject({ status: "imported", pipelineId: "df-IMPORTED" });
    expect(calls).toEqual(["begin", "create in tx", "store in tx", "commit"]);
  });

  it("rolls the new pipeline back with the definition when storing fails", async () => {
    store.mockRejectedValue(new Error("connection lost"));
    await expect(importDefinition({ name: "n", definition: file, acceptErrors: false }, ctx)).rejects.toThrow(
      /connection lost/,
    );
    expect(calls).toEqual(["begin", "create in tx", "rollback"]);
  });

  it("refuses a deeply nested file without parsing it", async () => {
    const result = await importDefinition({ name: "n", definition: "[".repeat(100_000), acceptErrors: false }, ctx);
    expect(result).toMatchObject({ status: "invalid-file", message: expect.stringMatching(/nested deeper than 64/) });
    expect(calls).toEqual([]);
  });
});
