import { describe, expect, it } from "vitest";
import { normaliseError } from "./errors";
import { overloadMessage } from "./overload";

describe("pool exhaustion is throttling, not a 500", () => {
  it("recognises Prisma's and pg's no-connection-in-time errors", () => {
    expect(
      overloadMessage(
        Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), {
          code: "P2028",
        }),
      ),
    ).toMatch(/busy/);
    expect(overloadMessage(new Error("timeout exceeded when trying to connect"))).toMatch(/busy/);
    expect(
      overloadMessage(new Error("wrapped", { cause: new Error("timeout exceeded when trying to connect") })),
    ).toMatch(/busy/);
    expect(overloadMessage(new Error("relation does not exist"))).toBeNull();
  });

  it("answers ThrottlingException with a 400", () => {
    const { status, body } = normaliseError(Object.assign(new Error("x"), { code: "P2028" }), "req-1");
    expect(status).toBe(400);
    expect(body.__type).toBe("ThrottlingException");
  });
});

describe("a database that cannot be reached for a moment is throttling, not a 500", () => {
  it("recognises Postgres restarting, refused and dropped connections, and Prisma's forms of them", () => {
    expect(
      overloadMessage(
        Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      ),
    ).toMatch(/unavailable/);
    expect(overloadMessage(Object.assign(new Error("the database system is starting up"), { code: "57P03" }))).toMatch(
      /unavailable/,
    );
    expect(
      overloadMessage(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })),
    ).toMatch(/unavailable/);
    expect(overloadMessage(new Error("Connection terminated unexpectedly"))).toMatch(/unavailable/);
    // pg's answer on a client whose connection broke while it was checked out (seen under a restart).
    expect(overloadMessage(new Error("Client has encountered a connection error and is not queryable"))).toMatch(
      /unavailable/,
    );
    expect(overloadMessage(Object.assign(new Error("x"), { code: "P1001" }))).toMatch(/unavailable/);
    expect(
      overloadMessage(
        Object.assign(new Error("x"), { meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } }),
      ),
    ).toMatch(/unavailable/);
    expect(
      overloadMessage(Object.assign(new Error("x"), { meta: { code: "57P01", message: "terminating connection" } })),
    ).toMatch(/unavailable/);
    expect(overloadMessage(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBeNull();
  });
});
