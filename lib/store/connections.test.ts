import { describe, expect, it } from "vitest";
import { isTransactionPooled, listenUrl, migrationUrl, statementName } from "./connections";

const pooled = "postgresql://app@pooler:6432/db";
const direct = "postgresql://app@db:5432/db";

describe("which connection carries LISTEN and migrations", () => {
  it("uses DATABASE_URL for everything when it is a plain connection", () => {
    const s = { DATABASE_URL: direct, DIRECT_DATABASE_URL: undefined, DATABASE_POOL_MODE: "session" as const };
    expect(listenUrl(s)).toBe(direct);
    expect(migrationUrl(s)).toBe(direct);
  });

  it("sends LISTEN and migrations to DIRECT_DATABASE_URL when it is set", () => {
    const s = { DATABASE_URL: pooled, DIRECT_DATABASE_URL: direct, DATABASE_POOL_MODE: "transaction" as const };
    expect(listenUrl(s)).toBe(direct);
    expect(migrationUrl(s)).toBe(direct);
  });

  it("does not LISTEN through a transaction-mode pooler when there is no direct connection", () => {
    const s = { DATABASE_URL: pooled, DIRECT_DATABASE_URL: undefined, DATABASE_POOL_MODE: "transaction" as const };
    expect(listenUrl(s)).toBeNull();
    expect(migrationUrl(s)).toBe(pooled);
  });
});

describe("named prepared statements", () => {
  it("are used on a plain connection and never through a transaction-mode pooler", () => {
    expect(
      statementName({ DATABASE_URL: direct, DIRECT_DATABASE_URL: undefined, DATABASE_POOL_MODE: "session" }, "ph_x"),
    ).toBe("ph_x");
    expect(
      statementName(
        { DATABASE_URL: pooled, DIRECT_DATABASE_URL: undefined, DATABASE_POOL_MODE: "transaction" },
        "ph_x",
      ),
    ).toBeUndefined();
    // A direct URL beside DATABASE_URL means DATABASE_URL is a pooler, whatever the mode says.
    expect(
      isTransactionPooled({ DATABASE_URL: pooled, DIRECT_DATABASE_URL: direct, DATABASE_POOL_MODE: "session" }),
    ).toBe(true);
    expect(
      statementName({ DATABASE_URL: pooled, DIRECT_DATABASE_URL: direct, DATABASE_POOL_MODE: "session" }, "ph_x"),
    ).toBeUndefined();
  });
});
