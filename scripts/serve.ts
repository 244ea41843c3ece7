// Starts the production server: the console and the API on PORT (default 3000). With DATABASE_URL
// unset it first starts an embedded Postgres whose data lives in DATA_DIR (default .data/).
//
// The HTTP server is our own (Next's documented custom-server mode): SDK calls (POST with
// X-Amz-Target) go straight to the API's handler, registered by instrumentation.ts from inside
// Next's build; everything else is Next's. `--dev` runs `next dev` instead, where every call takes
// the route handler (app/api/datapipeline).
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { Client } from "pg";
import { isBehindHttps, securityHeaders } from "../lib/http/security-headers";
import { WRONG_HOST_STATUS, isHostAllowed, publicUrl, wrongHostBody } from "../lib/http/public-url";
import { stampPeer } from "../lib/http/trusted-peer";
import { getSettings } from "../lib/config/settings";
import { hostileTargetReason, hostileTargetReply } from "../lib/http/hostile-url";
import { isDirectApiCall } from "../lib/protocol/api-paths";
import { ensureDatabase, withDatabaseName } from "../lib/store/database-admin";
import { startEmbeddedPostgres, type RunningPostgres } from "../lib/store/embedded-postgres";
import { applyMigrations } from "../lib/store/migrate";
import { childLogger } from "../lib/log/logger";
import type { SelfHostedHooks } from "../instrumentation";

// This file's own lines (start, drain, exit) go through the same JSON logger as the server's.
const log = () => childLogger({ component: "serve" });

async function prepareDatabase(): Promise<{ databaseUrl: string; embedded: RunningPostgres | null }> {
  let embedded: RunningPostgres | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  // A direct URL beside the embedded Postgres would send LISTEN and migrations to another database.
  if (!databaseUrl && process.env.DIRECT_DATABASE_URL)
    throw new Error("DIRECT_DATABASE_URL is set without DATABASE_URL (the pooled URL it goes with)");
  if (!databaseUrl) {
    const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
    embedded = await startEmbeddedPostgres(dataDir, { quiet: true });
    databaseUrl = withDatabaseName(embedded.url, "pipelinehouse");
    log().info({ port: embedded.port, dataDir }, `embedded Postgres on 127.0.0.1:${embedded.port}, data in ${dataDir}`);
  }
  // Through DIRECT_DATABASE_URL when DATABASE_URL is a pooler (lib/store/connections.ts).
  const adminUrl = embedded ? databaseUrl : (process.env.DIRECT_DATABASE_URL ?? databaseUrl);
  await ensureDatabase(adminUrl);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const applied = await applyMigrations(client);
  await client.end();
  if (applied.length) log().info({ migrations: applied }, `applied migrations: ${applied.join(", ")}`);
  return { databaseUrl, embedded };
}

/**
 * The default account, root credentials, first admin (lib/auth/bootstrap.ts), before anything is
 * served: a bad setting stops the start here, and the first start's log says where its generated
 * credentials are. (The server's own copy of lib runs it again, idempotently, before its first call.)
 */
async function bootstrapCredentials(): Promise<void> {
  const { bootstrap } = await import("../lib/auth/bootstrap");
  const { closeDb } = await import("../lib/store/db");
  try {
    const r = await bootstrap();
    if (r.firstStartFile)
      log().info(`first start: generated admin credentials are in ${r.firstStartFile} (readable only by this user)`);
    if (r.rootKey === "set") log().info("root access key: ROOT_ACCESS_KEY_ID (admin of the default account)");
    if (r.adminUser === "set") log().info("console admin: ADMIN_EMAIL");
  } finally {
    await closeDb();
  }
}

function runDev(port: string, databaseUrl: string, embedded: RunningPostgres | null): void {
  const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
  const child = spawn(
    process.execPath,
    [nextBin, "dev", "-p", port, ...(process.env.BIND_HOST ? ["-H", process.env.BIND_HOST] : [])],
    {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: databaseUrl },
    },
  );
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", async (code, signal) => {
    if (embedded) await embedded.stop().catch(() => undefined);
    process.exit(code ?? (signal ? 1 : 0));
  });
}

function headerOf(req: http.IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
}

function pathOf(url: string | undefined): string {
  const u = url ?? "/";
  const q = u.indexOf("?");
  return q >= 0 ? u.slice(0, q) : u;
}

async function runProduction(port: string, embedded: RunningPostgres | null): Promise<void> {
  const host = process.env.BIND_HOST;
  // Imported only now: Next reads NODE_ENV and DATABASE_URL (instrumentation.ts) as it loads.
  const { default: next } = await import("next");
  // This server drains on SIGTERM itself (below); instrumentation.ts leaves the signals to it.
  (globalThis as { __pipelinehouseOwnsSignals?: boolean }).__pipelinehouseOwnsSignals = true;
  const app = next({ dev: false, dir: process.cwd(), hostname: host ?? "localhost", port: Number(port) });
  const handle = app.getRequestHandler();
  await app.prepare();
  const registry = globalThis as { __pipelinehouseServer?: SelfHostedHooks };

  const settings = getSettings();
  // Requests being answered (API and Next alike): a drain waits for them to finish.
  let inFlight = 0;
  let draining = false;
  let onIdle: (() => void) | null = null;
  // Node looks for requests past their header/body timeouts every connectionsCheckingInterval (30 s
  // by default, longer than the timeouts themselves): every second instead.
  const server = http.createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    // Both paths below (Next and the direct API path) answer with the security headers, for the
    // Host that PUBLIC_URL names only, and know the caller's socket address (lib/http/trusted-peer.ts).
    for (const [k, v] of securityHeaders(isBehindHttps((n) => headerOf(req, n)))) res.setHeader(k, v);
    if (!isHostAllowed(req.headers.host, pathOf(req.url))) {
      res.writeHead(WRONG_HOST_STATUS, { "content-type": "application/json" });
      res.end(wrongHostBody());
      return;
    }
    // `%00` and escapes that are not UTF-8 would reach the store (a 500) or fail Next's decoding:
    // refused here, once, for every page and route.
    const refused = hostileTargetReason(req.url ?? "/");
    if (refused) {
      const r = hostileTargetReply(req.url ?? "/", refused);
      res.writeHead(r.status, {
        "content-type": r.contentType,
        "content-length": Buffer.byteLength(r.body),
        "cache-control": "no-store",
      });
      res.end(r.body);
      return;
    }
    stampPeer(req);
    inFlight++;
    res.once("close", () => {
      inFlight--;
      if (inFlight === 0) onIdle?.();
    });
    // While draining every answer ends its connection, so clients reconnect (to another instance).
    if (draining) res.setHeader("connection", "close");
    // Until instrumentation.ts has registered the direct path (on Next's first request, which the
    // warm-up below makes), SDK calls take the route handler: slower, same answer.
    const hooks = registry.__pipelinehouseServer;
    const served = hooks && isDirectApiCall(req) ? hooks.handleApiCall(req, res) : handle(req, res);
    served.catch((err: unknown) => {
      log().error({ err }, "request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end();
    });
  });
  // Runners keep connections open between calls (a held PollForTask lasts up to 90 s, and that
  // is response time, which none of these limit). A client that trickles its headers or body, or
  // parks an idle connection, is cut off so it cannot hold sockets for ever.
  server.keepAliveTimeout = settings.KEEP_ALIVE_TIMEOUT_SECONDS * 1000;
  server.headersTimeout = settings.HEADERS_TIMEOUT_SECONDS * 1000;
  server.requestTimeout = Math.max(settings.REQUEST_BODY_TIMEOUT_SECONDS, settings.HEADERS_TIMEOUT_SECONDS) * 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(port), host, () => resolve());
  });
  // Next registers instrumentation.ts (the ticker, the LISTEN connection, the direct path) on its
  // first request: make that request now rather than leave it to the first user.
  const self = `http://${!host || host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host}:${port}`;
  await fetch(`${self}/api/health`)
    .then((r) => r.arrayBuffer())
    .catch(() => undefined);
  if (!registry.__pipelinehouseServer)
    log().warn("the API's direct path is not registered (instrumentation.ts); SDK calls take the route handler");
  log().info(`pipelinehouse listening on http://${host ?? "localhost"}:${port}`);

  // The drain (README, "Health and drain"): not ready at once and held polls answered empty
  // (lib/lifecycle/drain.ts); no new connections; calls in flight finish (at most
  // DRAIN_TIMEOUT_SECONDS); then buffered writes, background work and the pool; then Postgres.
  // A second signal exits at once.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log().warn(`${signal} again: exiting without waiting`);
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
    stopping = true;
    draining = true;
    const startedAt = Date.now();
    registry.__pipelinehouseServer?.drain();
    server.close();
    server.closeIdleConnections();
    if (inFlight > 0) {
      await new Promise<void>((resolve) => {
        onIdle = resolve;
        setTimeout(resolve, settings.DRAIN_TIMEOUT_SECONDS * 1000).unref();
      });
    }
    const cut = inFlight;
    server.closeAllConnections();
    await registry.__pipelinehouseServer?.shutdown().catch((err: unknown) => log().error({ err }, "shutdown failed"));
    await app.close().catch(() => undefined);
    if (embedded) await embedded.stop().catch(() => undefined);
    log().info(
      { drainMs: Date.now() - startedAt, cutOff: cut },
      `drained in ${Date.now() - startedAt} ms${cut ? `; ${cut} calls were still running after DRAIN_TIMEOUT_SECONDS and were cut off` : ""}`,
    );
    process.exit(0);
  };
  // embedded-postgres (through async-exit-hook) stops Postgres and exits on these signals by itself,
  // which would cut the drain short; this server stops Postgres itself, last.
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    for (const l of process.listeners(sig)) process.removeListener(sig, l);
  process.on("SIGINT", (s) => void stop(s));
  process.on("SIGTERM", (s) => void stop(s));
}

async function main(): Promise<void> {
  const port = process.env.PORT ?? "3000";
  publicUrl(); // a malformed PUBLIC_URL stops the start, before anything listens
  const dev = process.argv.includes("--dev");
  if (!dev) (process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
  const { databaseUrl, embedded } = await prepareDatabase();
  process.env.DATABASE_URL = databaseUrl;
  await bootstrapCredentials();
  if (dev) runDev(port, databaseUrl, embedded);
  else await runProduction(port, embedded);
}

main().catch((err: unknown) => {
  log().fatal({ err }, "failed to start");
  process.exit(1);
});
