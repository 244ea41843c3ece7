import { describe, expect, it } from "vitest";
import { ServiceError } from "@/lib/protocol/errors";
import { defaultProcessCap, HeldPollGate, openFileLimit } from "./held-poll-gate";

function throttledBy(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).type).toBe("ThrottlingException");
    expect((err as ServiceError).status).toBe(400);
    return (err as ServiceError).message;
  }
}

describe("HeldPollGate", () => {
  it("caps held polls per access key and per process, and frees a slot on release", () => {
    const gate = new HeldPollGate(3, 2);
    const a1 = gate.enter("A");
    gate.enter("A");
    expect(throttledBy(() => gate.enter("A"))).toMatch(/access key A/);
    const b1 = gate.enter("B");
    expect(throttledBy(() => gate.enter("C"))).toMatch(/on this server/);
    a1();
    a1(); // a second release of the same poll changes nothing
    expect(gate.held).toBe(2);
    gate.enter("C");
    b1();
    expect(gate.held).toBe(2);
  });

  it("derives the process cap from the open-file limit", () => {
    expect(
      openFileLimit(
        "Limit  Soft Limit  Hard Limit  Units\nMax open files            1024                 4096                 files\n",
      ),
    ).toBe(1024);
    expect(defaultProcessCap(1024)).toBe(614);
    expect(defaultProcessCap(1_000_000)).toBe(10_000);
    expect(defaultProcessCap(null)).toBe(10_000);
  });
});
