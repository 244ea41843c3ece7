import { defineConfig } from "vitest/config";

// Integration tests drive the built server over HTTP with the real AWS SDK against a real Postgres:
// the embedded one by default, or the server in TEST_DATABASE_URL (a fresh database is made there).
export default defineConfig({
  // `server-only` throws unless resolved with React's "react-server" condition, as Next resolves it
  // for server code; tests import server modules directly, so it resolves to its empty module here.
  resolve: {
    alias: { "@": import.meta.dirname, "server-only": `${import.meta.dirname}/node_modules/server-only/empty.js` },
  },
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
