import type { TestProject } from "vitest/node";
import { startTestServer, type TestServer } from "./test-server";

declare module "vitest" {
  export interface ProvidedContext {
    endpoint: string;
    databaseUrl: string;
    target: string;
  }
}

let server: TestServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startTestServer({ LONG_POLL_SECONDS: "3", ACK_TIMEOUT_SECONDS: "120" });
  project.provide("endpoint", server.endpoint);
  project.provide("databaseUrl", server.databaseUrl);
  project.provide("target", server.target);
  console.log(`integration tests: server ${server.endpoint}, ${server.target} Postgres`);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
