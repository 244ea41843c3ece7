import { mkdirSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// The console's e2e suite: the BUILT server (`npm run build` first) started by scripts/serve.ts on
// a fresh embedded Postgres in a data folder of its own, driven by Debian's Chromium.

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

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
    browserName: "chromium",
    viewport: { width: 1440, height: 900 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"],
    },
  },
  webServer: {
    command: "npx tsx scripts/serve.ts",
    url: `${baseURL}/api/health`,
    env: { PORT: String(port), BIND_HOST: "127.0.0.1", DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1" },
    reuseExistingServer: false,
    // SIGTERM lets scripts/serve.ts stop Next and then its embedded Postgres cleanly.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
