import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ROOT_CREDENTIALS, rootCredentialsEnv } from "../../bench/lib/credentials";
import { dropDatabase, ensureDatabase, withDatabaseName } from "../../lib/store/database-admin";
import { findFreePort } from "../../lib/net/free-port";
import { startEmbeddedPostgres, type RunningPostgres } from "../../lib/store/embedded-postgres";

// Starts the built server on a free port against a fresh database and can kill and restart it
// (crash tests) while the database stays. Two ways to run it, both served to users:
// - "serve": `npm start` (scripts/serve.ts), where SDK calls take the direct path
//   (lib/protocol/node-endpoint.ts) and the console is Next's; the default.
// - "next-start": plain `next start`, where every call takes the route handler app/api/datapipeline,
//   as on Vercel. TEST_SERVER_ENTRY=next-start runs a whole suite that way.

export type ServerEntry = "serve" | "next-start";

/**
 * The admin key every test server is started with (ROOT_ACCESS_KEY_ID/ROOT_SECRET_ACCESS_KEY): the
 * helpers sign with it (tests/integration/helpers.ts), and so do the bench's clients the tests reuse.
 */
export const TEST_ROOT_CREDENTIALS = ROOT_CREDENTIALS;

export function defaultEntry(): ServerEntry {
  return process.env.TEST_SERVER_ENTRY === "next-start" ? "next-start" : "serve";
}

export interface TestServer {
  endpoint: string;
  databaseUrl: string;
  /** The server's environment beyond the caller's: its SECRET_KEY, DATA_DIR and root credentials (the admin CLI needs the same). */
  authEnv: Record<string, string>;
  target: "embedded" | "standalone";
  entry: ServerEntry;
  restart(opts?: { signal?: NodeJS.Signals }): Promise<void>;
  stop(): Promise<void>;
  /** What the server process has written to stdout and stderr since it was (re)started. */
  output(): string;
  /** Sends `signal` to the server process without waiting. */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the server process has exited (at once if it has), with its exit code or signal. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Starts the server process again (after it exited) and waits until it answers. */
  start(): Promise<void>;
}

export interface TestServerOptions {
  /** Another test server whose database and keys this one uses (a second instance of one deployment). */
  share?: TestServer;
  /** A database the caller made and will remove (e.g. on a Postgres the test restarts). */
  databaseUrl?: string;
  /** More environment that depends on the fresh database's URL (e.g. DATABASE_URL through a pooler). */
  envFor?: (databaseUrl: string) => Record<string, string>;
  /** Runs on the fresh, empty database before the server first starts (e.g. restoring a dump). */
  prepare?: (databaseUrl: string) => Promise<void>;
}

async function waitUntilUp(endpoint: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${endpoint}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not come up in 90 s:\n${log()}`);
}

export async function startTestServer(
  env: Record<string, string> = {},
  entry: ServerEntry = defaultEntry(),
  opts: TestServerOptions = {},
): Promise<TestServer> {
  const standaloneUrl = process.env.TEST_DATABASE_URL;
  let embedded: RunningPostgres | null = null;
  let dataDir: string | null = null;
  const dbName = `ph_test_${randomBytes(4).toString("hex")}`;
  let databaseUrl: string;
  if (opts.share || opts.databaseUrl) {
    databaseUrl = opts.share?.databaseUrl ?? opts.databaseUrl!;
  } else if (standaloneUrl) {
    databaseUrl = withDatabaseName(standaloneUrl, dbName);
  } else {
    dataDir = path.resolve(".test-data", dbName);
    mkdirSync(dataDir, { recursive: true });
    embedded = await startEmbeddedPostgres(dataDir, { quiet: true });
    databaseUrl = withDatabaseName(embedded.url, dbName);
  }
  await ensureDatabase(databaseUrl);
  await opts.prepare?.(databaseUrl);

  // The server keeps its generated files (first-start credentials) here, and its key is fixed for
  // its life, restarts included, so the keys it stored stay readable.
  const serverDir = path.resolve(".test-data", `${dbName}-server`);
  mkdirSync(serverDir, { recursive: true });
  const authEnv = opts.share
    ? { ...opts.share.authEnv, DATA_DIR: serverDir }
    : { ...rootCredentialsEnv(randomBytes(32).toString("hex")), DATA_DIR: serverDir };

  const port = await findFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let output = "";
  const launch = async () => {
    output = "";
    const args =
      entry === "serve"
        ? ["--import", "tsx", path.resolve("scripts/serve.ts")]
        : [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"];
    child = spawn(process.execPath, args, {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NODE_ENV: "production",
        PORT: String(port),
        BIND_HOST: "127.0.0.1",
        ...authEnv,
        ...env,
        ...opts.envFor?.(databaseUrl),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // SERVER_LOG=1 shows the server's own output while tests run.
    const echo = process.env.SERVER_LOG === "1";
    child.stdout?.on("data", (d: Buffer) => ((output += d.toString()), echo && process.stderr.write(d)));
    child.stderr?.on("data", (d: Buffer) => ((output += d.toString()), echo && process.stderr.write(d)));
    await waitUntilUp(endpoint, child, () => output);
  };
  const exited = () =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null)
        resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once("exit", (code, signal) => resolve({ code, signal }));
    });
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = exited();
    child.kill(signal);
    await done;
  };
  await launch();
  return {
    endpoint,
    databaseUrl,
    authEnv,
    target: standaloneUrl ? "standalone" : "embedded",
    entry,
    async restart(opts = {}) {
      await kill(opts.signal ?? "SIGKILL");
      await launch();
    },
    output: () => output,
    signal: (signal) => void child.kill(signal),
    exited,
    start: launch,
    async stop() {
      await kill("SIGTERM");
      if (opts.share || opts.databaseUrl) {
        rmSync(serverDir, { recursive: true, force: true });
        return;
      }
      if (standaloneUrl) await dropDatabase(databaseUrl).catch(() => undefined);
      if (embedded) await embedded.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      rmSync(serverDir, { recursive: true, force: true });
    },
  };
}
