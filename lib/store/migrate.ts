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
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
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
  // Every step is one transaction holding a transaction-scoped advisory lock, never a session lock:
  // through a transaction-mode pooler (PgBouncer) each transaction may run on another server
  // connection, and a session lock taken on one of them would never be released.
  const inLockedTransaction = async <T>(work: () => Promise<T>): Promise<T> => {
    await client.query("BEGIN");
    try {
      await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
      await client.query(MIGRATIONS_TABLE);
      const result = await work();
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    }
  };
  const recorded = async (): Promise<Map<string, string>> => {
    const done = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
  };
  try {
    const doneByName = await inLockedTransaction(recorded);
    for (const m of migrations) {
      const checksum = doneByName.get(m.name);
      if (checksum !== undefined && checksum !== m.checksum) {
        logger().warn(
          { migration: m.name },
          "migration was edited after it was applied (checksum differs); not re-applying",
        );
      }
      if (checksum !== undefined) continue;
      const didApply = await inLockedTransaction(async () => {
        // Another instance may have applied it while we waited for the lock.
        if ((await recorded()).has(m.name)) return false;
        try {
          await client.query(m.sql);
        } catch (err) {
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
        }
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        return true;
      });
      if (didApply) applied.push(m.name);
    }
  } finally {
    if (pooled) (client as PoolClient).release();
  }
  return applied;
}

/** Migrates through the direct connection when there is one (lib/store/connections.ts), else through `pool`. */
export async function applyMigrationsWith(pool: Pool, directUrl: string | undefined): Promise<string[]> {
  if (!directUrl) return applyMigrations(pool);
  const { Client: PgClient } = await import("pg");
  const client = new PgClient({ connectionString: directUrl });
  await client.connect();
  try {
    return await applyMigrations(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
