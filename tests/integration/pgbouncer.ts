import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { findFreePort } from "../../lib/net/free-port";

// Debian's PgBouncer in transaction mode in front of a Postgres server, as serverless hosts put a
// pooler in front of theirs: every transaction may run on another server connection, so session
// state (LISTEN, session advisory locks, SET, named prepared statements) does not survive between
// statements. scripts/ensure-test-tools.sh installs it.

export const PGBOUNCER_BIN = "/usr/sbin/pgbouncer";

export function hasPgBouncer(): boolean {
  return existsSync(PGBOUNCER_BIN);
}

export interface RunningPgBouncer {
  port: number;
  /** The same database as `directUrl`, reached through the pooler. */
  pooledUrl(directUrl: string): string;
  stop(): Promise<void>;
  log(): string;
}

async function waitForPooler(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited with ${child.exitCode}:\n${log()}`);
    const c = new Client({ connectionString: url });
    try {
      await c.connect();
      await c.query("SELECT 1");
      return;
    } catch (err) {
      last = (err as Error).message;
    } finally {
      await c.end().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pgbouncer did not accept connections in 30 s (${last}):\n${log()}`);
}

/** Starts PgBouncer (pool_mode=transaction, trust) on a free port in front of `upstreamUrl`'s server. */
export async function startPgBouncer(upstreamUrl: string): Promise<RunningPgBouncer> {
  const upstream = new URL(upstreamUrl);
  const user = decodeURIComponent(upstream.username || "postgres");
  const port = await findFreePort();
  const dir = mkdtempSync(path.join(tmpdir(), "ph-pgbouncer-"));
  // PgBouncer refuses to run as root: as root it runs as `postgres`, which must read its files.
  chmodSync(dir, 0o755);
  const config = [
    "[databases]",
    `* = host=${upstream.hostname} port=${upstream.port || "5432"}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = trust",
    `auth_file = ${path.join(dir, "userlist.txt")}`,
    "pool_mode = transaction",
    "max_client_conn = 2000",
    "default_pool_size = 20",
    "max_db_connections = 40",
    "log_connections = 0",
    "log_disconnections = 0",
    "",
  ].join("\n");
  writeFileSync(path.join(dir, "pgbouncer.ini"), config, { mode: 0o644 });
  writeFileSync(path.join(dir, "userlist.txt"), `"${user}" ""\n`, { mode: 0o644 });
  const asRoot = userInfo().uid === 0;
  const command = asRoot ? "setpriv" : PGBOUNCER_BIN;
  const args = asRoot
    ? ["--reuid=postgres", "--regid=postgres", "--init-groups", PGBOUNCER_BIN, path.join(dir, "pgbouncer.ini")]
    : [path.join(dir, "pgbouncer.ini")];
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  // Not daemonised, PgBouncer logs to stderr.
  const log = () => output.trim();
  const pooledUrl = (directUrl: string) => {
    const u = new URL(directUrl);
    u.hostname = "127.0.0.1";
    u.port = String(port);
    return u.toString();
  };
  await waitForPooler(pooledUrl(upstreamUrl), child, log);
  return {
    port,
    pooledUrl,
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGINT"); // PgBouncer's immediate shutdown
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A cron-like caller of POST /api/tick with a bearer token, as Vercel Cron calls it on serverless
 * hosts (BACKGROUND_TICKER=off), but every `intervalMs` so tests need not wait a minute.
 */
export function startCronCaller(
  endpoint: string,
  token: string,
  intervalMs: number,
): { stop(): Promise<void>; ticks(): number; failures(): string[] } {
  let stopped = false;
  let ticks = 0;
  const failures: string[] = [];
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        const res = await fetch(`${endpoint}/api/tick`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}` },
        });
        const body = await res.text();
        if (res.ok) ticks++;
        else failures.push(`${res.status} ${body}`);
      } catch (err) {
        if (!stopped) failures.push((err as Error).message);
      }
      const wait = intervalMs - (Date.now() - started);
      if (wait > 0 && !stopped) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
    },
    ticks: () => ticks,
    failures: () => failures,
  };
}
