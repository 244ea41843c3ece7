import { defineConfig } from "vitest/config";

// Integration tests drive the built server over HTTP with the real AWS SDK against a real Postgres:
// the embedded one by default, or the server in TEST_DATABASE_URL (a fresh database is made there).
export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["tests/integration/**/*.test.ts"],
    globalSetup: ["tests/integration/global-setup.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One server and one database for the whole run; files share them, so they run one at a time.
    fileParallelism: false,
  },
});
