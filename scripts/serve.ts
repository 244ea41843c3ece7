// Starts the production server: the console and the API on PORT (default 3000). With DATABASE_URL
// unset it first starts an embedded Postgres whose data lives in DATA_DIR (default .data/).
import { spawn } from "node:child_process";
import path from "node:path";
import { Client } from "pg";
import { ensureDatabase, withDatabaseName } from "../lib/store/database-admin";
import { startEmbeddedPostgres, type RunningPostgres } from "../lib/store/embedded-postgres";
import { applyMigrations } from "../lib/store/migrate";

async function main(): Promise<void> {
  const port = process.env.PORT ?? "3000";
  let embedded: RunningPostgres | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
    embedded = await startEmbeddedPostgres(dataDir, { quiet: true });
    databaseUrl = withDatabaseName(embedded.url, "pipelinehouse");
    console.log(`embedded Postgres on 127.0.0.1:${embedded.port}, data in ${dataDir}`);
  }
  await ensureDatabase(databaseUrl);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const applied = await applyMigrations(client);
  await client.end();
  if (applied.length) console.log(`applied migrations: ${applied.join(", ")}`);

  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  const mode = process.argv.includes("--dev") ? "dev" : "start";
  const child = spawn(process.execPath, [nextBin, mode, "-p", port, ...(process.env.BIND_HOST ? ["-H", process.env.BIND_HOST] : [])], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", async (code, signal) => {
    if (embedded) await embedded.stop().catch(() => undefined);
    process.exit(code ?? (signal ? 1 : 0));
  });
}

main().catch((err: unknown) => {
  console.error("failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
