import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Client, Pool, PoolClient } from "pg";
import { logger } from "@/lib/log/logger";

// `prisma migrate` cannot run where its schema engine cannot be downloaded, so we apply the SQL
// files of prisma/migrations ourselves and record them in Prisma's own `_prisma_migrations` table
// (same columns, sha256 checksums), so that `prisma migrate status` agrees wherever it can run.

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant shared by every app instance: they serialise on it so only one applies migrations.
const MIGRATION_LOCK_KEY = 72_190_417;

export function migrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

function isPool(db: Pool | Client): db is Pool {
  return "totalCount" in db;
}

/** Applies every migration not yet recorded, each in its own transaction. Returns the names applied. */
export async function applyMigrations(db: Pool | Client, dir = migrationsDir()): Promise<string[]> {
  const migrations = await readMigrations(dir);
  const pooled = isPool(db);
  const client: Client | PoolClient = isPool(db) ? await db.connect() : db;
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(MIGRATIONS_TABLE);
    const done = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const doneByName = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
    for (const m of migrations) {
      const recorded = doneByName.get(m.name);
      if (recorded !== undefined) {
        if (recorded !== m.checksum) {
          logger().warn({ migration: m.name }, "migration was edited after it was applied (checksum differs); not re-applying");
        }
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
        applied.push(m.name);
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    if (pooled) (client as PoolClient).release();
  }
  return applied;
}
