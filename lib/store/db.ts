import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { getSettings } from "@/lib/config/settings";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { childLogger } from "@/lib/log/logger";
import { applyMigrationsWith } from "./migrate";

// One pg Pool and one Prisma client per process (kept on globalThis so dev hot reload does not
// open a new pool per edit). Prisma serves typed control-plane access; the hot paths (leasing,
// LISTEN/NOTIFY) use the same pool with plain SQL.

interface Db {
  pool: Pool;
  prisma: PrismaClient;
  ready: Promise<void>;
  /** Set by closeDb(), read by the pool's error handler. */
  closing: { now: boolean };
}

const globalForDb = globalThis as unknown as { __pipelinehouseDb?: Db };

function createDb(): Db {
  const settings = getSettings();
  if (!settings.DATABASE_URL) {
    throw new Error("DATABASE_URL is not set: start the server with `npm start`, which provides an embedded Postgres");
  }
  // A call waits at most DB_POOL_WAIT_MS for a connection; then it is shed as ThrottlingException
  // (lib/protocol/overload.ts) rather than queueing without bound behind a burst.
  const pool = new Pool({
    connectionString: settings.DATABASE_URL,
    max: settings.DB_POOL_SIZE,
    connectionTimeoutMillis: settings.DB_POOL_WAIT_MS,
  });
  // An idle client's error (e.g. Postgres restarted) must not crash the process; the pool replaces it.
  // Once closeDb() has ended the pool, its idle clients' goodbyes may still be in flight when the
  // embedded Postgres stops and terminates them (57P01): expected at shutdown, so not an error then.
  const closing = { now: false };
  pool.on("error", (err) => {
    const log = childLogger({ component: "store" });
    if (closing.now) log.debug({ err }, "postgres pool error after close");
    else log.error({ err }, "postgres pool error");
  });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  // DDL and its session-wide lock go to DIRECT_DATABASE_URL when DATABASE_URL is a pooler.
  const ready = applyMigrationsWith(pool, settings.DIRECT_DATABASE_URL).then(() => undefined);
  // Keep the rejection observable by awaiters without an unhandled-rejection crash in between.
  ready.catch(() => undefined);
  return { pool, prisma, ready, closing };
}

function getDb(): Db {
  globalForDb.__pipelinehouseDb ??= createDb();
  return globalForDb.__pipelinehouseDb;
}

/** The Prisma client, once the schema is migrated. */
export async function getPrisma(): Promise<PrismaClient> {
  const db = getDb();
  await db.ready;
  return db.prisma;
}

/** The pg pool, once the schema is migrated (for hot-path SQL). */
export async function getPool(): Promise<Pool> {
  const db = getDb();
  await db.ready;
  return db.pool;
}

/** This process's pool as /metrics reports it; null before the first database call. */
export function poolStats(): { total: number; idle: number; waiting: number } | null {
  const pool = globalForDb.__pipelinehouseDb?.pool;
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
}

/** Closes the pool (server shutdown): in-flight statements finish, idle connections end. */
export async function closeDb(): Promise<void> {
  const db = globalForDb.__pipelinehouseDb;
  globalForDb.__pipelinehouseDb = undefined;
  if (!db) return;
  db.closing.now = true;
  await db.ready.catch(() => undefined);
  await db.prisma.$disconnect().catch(() => undefined);
  await db.pool.end().catch(() => undefined);
}

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
