import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startCronCaller, startPgBouncer, type RunningPgBouncer } from "./pgbouncer";
import { startTestServer, type TestServer } from "./test-server";

declare module "vitest" {
  export interface ProvidedContext {
    endpoint: string;
    databaseUrl: string;
    target: string;
    /** The shared server's SECRET_KEY, DATA_DIR and root credentials (the admin CLI needs them to make keys it can read). */
    serverAuthEnv: Record<string, string>;
    /** "pgbouncer" when the run serves as on a serverless host (see serverlessSetup). */
    serverless: string;
    /** The pooled URL of the run's database (serverless runs only; "" otherwise). */
    pooledDatabaseUrl: string;
    tickToken: string;
  }
}

let server: TestServer | undefined;
let bouncer: RunningPgBouncer | undefined;
let cron: ReturnType<typeof startCronCaller> | undefined;

/** Short long polls and retry delays so tests finish fast; lease timings stay at AWS's defaults here. */
export const SHARED_SERVER_ENV = {
  LONG_POLL_SECONDS: "3",
  ACK_TIMEOUT_SECONDS: "120",
  DEFAULT_RETRY_DELAY_SECONDS: "1",
  DURATION_SCALE: "0.01",
  TICK_MS: "200",
};

/**
 * TEST_SERVERLESS=pgbouncer serves the run as on a serverless host (README "Vercel"): `next start`
 * (the route handler), no ticker in the server (BACKGROUND_TICKER=off) but a cron-like caller of
 * /api/tick, and DATABASE_URL through PgBouncer in transaction mode in front of TEST_DATABASE_URL's
 * server, with DIRECT_DATABASE_URL for LISTEN and migrations.
 */
async function serverlessSetup(tickToken: string): Promise<TestServer> {
  const upstream = process.env.TEST_DATABASE_URL;
  if (!upstream)
    throw new Error("TEST_SERVERLESS=pgbouncer needs TEST_DATABASE_URL (the Postgres server PgBouncer pools)");
  bouncer = await startPgBouncer(upstream);
  const pooler = bouncer;
  const env = {
    ...SHARED_SERVER_ENV,
    BACKGROUND_TICKER: "off",
    TICK_TOKEN: tickToken,
    DATABASE_POOL_MODE: "transaction",
  };
  const s = await startTestServer(env, "next-start", {
    envFor: (db) => ({ DATABASE_URL: pooler.pooledUrl(db), DIRECT_DATABASE_URL: db }),
  });
  cron = startCronCaller(s.endpoint, tickToken, Number(SHARED_SERVER_ENV.TICK_MS));
  return s;
}

export async function setup(project: TestProject): Promise<void> {
  const serverless = process.env.TEST_SERVERLESS ?? "";
  if (serverless !== "" && serverless !== "pgbouncer")
    throw new Error(`TEST_SERVERLESS=${serverless}: only "pgbouncer" is known`);
  const tickToken = randomBytes(24).toString("hex");
  server = serverless ? await serverlessSetup(tickToken) : await startTestServer(SHARED_SERVER_ENV);
  project.provide("serverless", serverless);
  project.provide("pooledDatabaseUrl", bouncer ? bouncer.pooledUrl(server.databaseUrl) : "");
  project.provide("tickToken", serverless ? tickToken : "");
  project.provide("endpoint", server.endpoint);
  project.provide("databaseUrl", server.databaseUrl);
  project.provide("target", server.target);
  project.provide("serverAuthEnv", server.authEnv);
  console.log(
    `integration tests: server ${server.endpoint}, ${server.target} Postgres, ${server.entry === "serve" ? "npm start" : "next start"}${serverless ? ", BACKGROUND_TICKER=off with cron ticks, DATABASE_URL through PgBouncer (transaction mode)" : ""}`,
  );
}

export async function teardown(): Promise<void> {
  const failures = cron?.failures() ?? [];
  await cron?.stop();
  await server?.stop();
  await bouncer?.stop();
  // A tick the cron caller could not make is a failure of the run, not noise.
  if (failures.length > 0) throw new Error(`cron ticks failed ${failures.length} times, first: ${failures[0]}`);
}
