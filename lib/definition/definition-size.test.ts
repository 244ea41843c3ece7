import { describe, expect, it } from "vitest";
import type { PipelineObject } from "@/lib/protocol/types";
import { validateDefinition } from "./validate-definition";

// Validation cost stays bounded by the limits: past them the definition is refused at once (issue #11:
// a 1,500-object parent chain took 7.8 s; 2,000 took 27.7 s).

function parentChain(n: number, fieldsEach = 1): PipelineObject[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `O${i}`,
    name: `O${i}`,
    fields: [
      ...(i > 0 ? [{ key: "parent", refValue: `O${i - 1}` }] : [{ key: "type", stringValue: "ShellCommandActivity" }]),
      ...Array.from({ length: fieldsEach - 1 }, (_, k) => ({ key: `f${i}_${k}`, stringValue: "v" })),
    ],
  }));
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = fn();
  return { value, ms: performance.now() - started };
}

describe("validation cost", () => {
  it("refuses a 2,000-object parent chain at once as fatal", () => {
    const { value, ms } = timed(() => validateDefinition({ objects: parentChain(2_000) }));
    expect(value.fatal.join(" ")).toMatch(/2000 objects; a pipeline may have at most 100/);
    expect(ms).toBeLessThan(100);
  });

  it("refuses more fields than 100 objects of 50 may hold, before any other rule", () => {
    const objects: PipelineObject[] = [
      { id: "A", name: "A", fields: Array.from({ length: 6_000 }, (_, k) => ({ key: `k${k}`, stringValue: "v" })) },
    ];
    const { value, ms } = timed(() => validateDefinition({ objects }));
    expect(value.fatal.join(" ")).toMatch(/6000 fields in all/);
    expect(ms).toBeLessThan(100);
  });

  it("validates the largest allowed parent chain (100 objects of 50 fields) quickly", () => {
    const { value, ms } = timed(() => validateDefinition({ objects: parentChain(100, 50) }));
    expect(value.fatal).toEqual([]);
    // About 0.1 s on an idle core; the bound leaves room for a loaded shared machine.
    expect(ms).toBeLessThan(5_000);
  });

  it("refuses a workerGroup no runner could poll for (longer than 1024 characters)", () => {
    const objects: PipelineObject[] = [
      { id: "Default", name: "Default", fields: [{ key: "workerGroup", stringValue: "w".repeat(3_000) }] },
    ];
    expect(validateDefinition({ objects }).fatal.join(" ")).toMatch(/workerGroup longer than 1024 characters/);
    const ok: PipelineObject[] = [
      { id: "Default", name: "Default", fields: [{ key: "workerGroup", stringValue: "w".repeat(1024) }] },
    ];
    expect(validateDefinition({ objects: ok }).fatal).toEqual([]);
  });
});
