import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { describe, expect, inject, it } from "vitest";
import { dropDatabase, ensureDatabase, withDatabaseName } from "../../lib/store/database-admin";
import { applyMigrations, migrationsDir } from "../../lib/store/migrate";
import { readdirSync } from "node:fs";

// Issue #11: three instances starting together on a fresh database: two exited with `duplicate key
// ... pg_database_datname_index`. Each instance runs what scripts/serve.ts runs before it serves:
// ensureDatabase, then applyMigrations; here three of them at once, from the same moment.

describe("start-up with several instances on a fresh database", () => {
  it("creates the database and applies every migration exactly once, with no instance failing", async () => {
    const url = withDatabaseName(inject("databaseUrl"), `ph_race_${randomBytes(4).toString("hex")}`);
    try {
      for (let round = 0; round < 3; round++) {
        if (round > 0) await dropDatabase(url);
        const results = await Promise.allSettled(
          [0, 1, 2].map(async () => {
            await ensureDatabase(url);
            const client = new Client({ connectionString: url });
            await client.connect();
            try {
              return await applyMigrations(client);
            } finally {
              await client.end();
            }
          }),
        );
        const failures = results
          .filter((r) => r.status === "rejected")
          .map((r) => String((r as PromiseRejectedResult).reason));
        expect(failures).toEqual([]);
        const applied = results.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
        const expected = readdirSync(migrationsDir(), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => e.name)
          .sort();
        expect(applied.sort()).toEqual(expected);
        const client = new Client({ connectionString: url });
        await client.connect();
        const recorded = await client.query<{ migration_name: string }>(
          `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
        );
        await client.end();
        expect(recorded.rows.map((r) => r.migration_name)).toEqual(expected);
      }
    } finally {
      await dropDatabase(url).catch(() => undefined);
    }
  }, 120_000);
});
