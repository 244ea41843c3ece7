// The Postgres the bench runs on: an embedded one in a fresh temporary folder (default), or the
// server in DATABASE_URL. Either way every phase gets a database of its own, created here.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client, Pool } from "pg";
import { dropDatabase, ensureDatabase, withDatabaseName } from "../../lib/store/database-admin";
import { startEmbeddedPostgres, type RunningPostgres } from "../../lib/store/embedded-postgres";

export interface BenchPostgres {
  kind: "embedded" | "external";
  /** A URL to the server's `postgres` database. */
  adminUrl: string;
  settings: Record<string, string>;
  createDatabase(prefix: string): Promise<string>;
  stop(opts: { keep: boolean }): Promise<void>;
}

const REPORTED_SETTINGS = [
  "server_version",
  "synchronous_commit",
  "fsync",
  "autovacuum",
  "shared_buffers",
  "max_connections",
  "wal_level",
  "commit_delay",
  "max_wal_size",
];

export async function startBenchPostgres(): Promise<BenchPostgres> {
  let embedded: RunningPostgres | null = null;
  let dataDir: string | null = null;
  let adminUrl: string;
  const external = process.env.DATABASE_URL;
  if (external) {
    adminUrl = withDatabaseName(external, "postgres");
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "ph-bench-pg-"));
    // As root the cluster runs as `postgres`, which must be able to reach its folder inside this one.
    chmodSync(dataDir, 0o755);
    embedded = await startEmbeddedPostgres(dataDir, { quiet: true });
    adminUrl = embedded.url;
  }
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const settings: Record<string, string> = {};
  for (const name of REPORTED_SETTINGS) {
    const r = await client.query<{ v: string }>(`SELECT current_setting($1) AS v`, [name]);
    settings[name] = r.rows[0]?.v ?? "";
  }
  await client.end();
  if (settings.synchronous_commit !== "on")
    console.warn(`warning: synchronous_commit is ${settings.synchronous_commit}; the targets assume on`);
  if (settings.autovacuum !== "on") console.warn("warning: autovacuum is off; the targets assume it runs");
  const created: string[] = [];
  return {
    kind: embedded ? "embedded" : "external",
    adminUrl,
    settings,
    async createDatabase(prefix) {
      const url = withDatabaseName(adminUrl, `${prefix}_${randomBytes(4).toString("hex")}`);
      await ensureDatabase(url);
      created.push(url);
      return url;
    },
    async stop({ keep }) {
      if (!keep) for (const url of created) await dropDatabase(url).catch(() => undefined);
      if (embedded) await embedded.stop().catch(() => undefined);
      if (dataDir && !keep) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The server's backends on one database (the bench's own, named ph-bench, left out), by state. */
export async function connectionsByState(pool: Pool, databaseUrl: string): Promise<Record<string, number>> {
  const db = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const r = await pool.query<{ state: string | null; n: number }>(
    `SELECT coalesce(state, 'unknown') AS state, count(*)::int AS n FROM pg_stat_activity
     WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND application_name <> 'ph-bench' GROUP BY 1`,
    [db],
  );
  return Object.fromEntries(r.rows.map((x) => [x.state, x.n]));
}

export function benchPool(url: string, max = 4): Pool {
  const pool = new Pool({ connectionString: url, max, application_name: "ph-bench" });
  pool.on("error", () => undefined);
  return pool;
}
