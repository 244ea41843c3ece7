import { mkdirSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { ADMIN_STATE, E2E_ADMIN } from "./e2e/support/auth";
import { E2E_ROOT_CREDENTIALS } from "./e2e/support/credentials";

// The console's e2e suite: the BUILT server (`npm run build` first) started by scripts/serve.ts on
// a fresh embedded Postgres in a data folder of its own, driven by Debian's Chromium.

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// The local OpenID Connect provider of the single sign-on spec (e2e/support/oidc-provider.ts).
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 99);
process.env.E2E_OIDC_PORT = String(oidcPort);
process.env.E2E_CONSOLE_URL = baseURL;

// The runner decides the data folder once; workers re-read this file and inherit it through the environment.
process.env.E2E_DATA_DIR ??= `.test-data/e2e-${Date.now().toString(36)}-${process.pid}`;
const dataDir = process.env.E2E_DATA_DIR;
// Created here (0755) so the embedded cluster's own folder inside it is reachable when running as root.
mkdirSync(dataDir, { recursive: true });
// Playwright starts the server with this process's environment: without DATABASE_URL it uses the embedded Postgres.
delete process.env.DATABASE_URL;

// On a loaded machine pages render slower: E2E_TIMEOUT_SCALE=3 gives every test and expect three times as long.
const timeoutScale = Math.max(1, Number(process.env.E2E_TIMEOUT_SCALE ?? 1) || 1);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  globalSetup: "./e2e/support/global-setup.ts",
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000 * timeoutScale,
  expect: { timeout: 10_000 * timeoutScale },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL,
    // Every spec starts signed in as the admin that the global setup signed in (e2e/support/auth.ts);
    // the specs about signing in and roles start from an empty state of their own.
    storageState: ADMIN_STATE,
    browserName: "chromium",
    viewport: { width: 1440, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-dev-shm-usage",
      ],
    },
  },
  webServer: [
    {
      command: "npx tsx e2e/support/oidc-provider.ts",
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "npx tsx scripts/serve.ts",
      url: `${baseURL}/api/health`,
      env: {
        PORT: String(port),
        BIND_HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        NEXT_TELEMETRY_DISABLED: "1",
        // The root key the specs seed with, the first console admin (both made at start-up; specs sign their SDK calls with the key, e2e/support/credentials.ts), and
        // single sign-on against the local provider.
        ROOT_ACCESS_KEY_ID: E2E_ROOT_CREDENTIALS.accessKeyId,
        ROOT_SECRET_ACCESS_KEY: E2E_ROOT_CREDENTIALS.secretAccessKey,
        ADMIN_EMAIL: E2E_ADMIN.email,
        ADMIN_PASSWORD: E2E_ADMIN.password,
        OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        OIDC_CLIENT_ID: "pipelinehouse-e2e",
        OIDC_CLIENT_SECRET: "pipelinehouse-e2e-secret-0123456789",
        OIDC_SCOPES: "openid email profile pipelinehouse_role",
        OIDC_NAME: "Test SSO",
      },
      reuseExistingServer: false,
      // SIGTERM lets scripts/serve.ts stop Next and then its embedded Postgres cleanly.
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      timeout: 180_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
