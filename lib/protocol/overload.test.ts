import { describe, expect, it } from "vitest";
import { normaliseError } from "./errors";
import { overloadMessage } from "./overload";

describe("pool exhaustion is throttling, not a 500", () => {
  it("recognises Prisma's and pg's no-connection-in-time errors", () => {
    expect(overloadMessage(Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" }))).toMatch(/busy/);
    expect(overloadMessage(new Error("timeout exceeded when trying to connect"))).toMatch(/busy/);
    expect(overloadMessage(new Error("wrapped", { cause: new Error("timeout exceeded when trying to connect") }))).toMatch(/busy/);
    expect(overloadMessage(new Error("relation does not exist"))).toBeNull();
  });

  it("answers ThrottlingException with a 400", () => {
    const { status, body } = normaliseError(Object.assign(new Error("x"), { code: "P2028" }), "req-1");
    expect(status).toBe(400);
    expect(body.__type).toBe("ThrottlingException");
  });
});
