import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ensureDatabase, withDatabaseName } from "@/lib/store/database-admin";
import { startEmbeddedPostgres, type RunningPostgres } from "@/lib/store/embedded-postgres";

// Which database the admin command works on: the server's. DATABASE_URL when set; otherwise the
// embedded Postgres in DATA_DIR (default .data), the one `npm start` runs: if the server is running
// it is reached on the port its postmaster.pid records, else it is started for the command.

export interface AdminDatabase {
  url: string;
  /** Stops a Postgres this command started (none when it used a running one). */
  close(): Promise<void>;
}

/** The port of a running embedded Postgres (line 4 of postmaster.pid), if its process is alive. */
function runningEmbeddedPort(dataDir: string): number | undefined {
  const pidFile = path.resolve(dataDir, "postgres", "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM" ? port : undefined;
  }
}

export async function openAdminDatabase(env: NodeJS.ProcessEnv = process.env): Promise<AdminDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, close: async () => undefined };
  const dataDir = env.DATA_DIR ?? ".data";
  const port = runningEmbeddedPort(dataDir);
  let embedded: RunningPostgres | null = null;
  let base: string;
  if (port !== undefined) {
    base = `postgresql://postgres:pipelinehouse@127.0.0.1:${port}/postgres`;
  } else {
    embedded = await startEmbeddedPostgres(dataDir, { quiet: true });
    base = embedded.url;
  }
  const url = withDatabaseName(base, "pipelinehouse");
  await ensureDatabase(url);
  return { url, close: async () => void (await embedded?.stop()) };
}
