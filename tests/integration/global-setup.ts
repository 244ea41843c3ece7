import type { TestProject } from "vitest/node";
import { startTestServer, type TestServer } from "./test-server";

declare module "vitest" {
  export interface ProvidedContext {
    endpoint: string;
    databaseUrl: string;
    target: string;
    /** The shared server's SECRET_KEY, DATA_DIR and root credentials (the admin CLI needs them to make keys it can read). */
    serverAuthEnv: Record<string, string>;
  }
}

let server: TestServer | undefined;

/** Short long polls and retry delays so tests finish fast; lease timings stay at AWS's defaults here. */
export const SHARED_SERVER_ENV = {
  LONG_POLL_SECONDS: "3",
  ACK_TIMEOUT_SECONDS: "120",
  DEFAULT_RETRY_DELAY_SECONDS: "1",
  DURATION_SCALE: "0.01",
  TICK_MS: "200",
};

export async function setup(project: TestProject): Promise<void> {
  server = await startTestServer(SHARED_SERVER_ENV);
  project.provide("endpoint", server.endpoint);
  project.provide("databaseUrl", server.databaseUrl);
  project.provide("target", server.target);
  project.provide("serverAuthEnv", server.authEnv);
  console.log(`integration tests: server ${server.endpoint}, ${server.target} Postgres, ${server.entry === "serve" ? "npm start" : "next start"}`);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
