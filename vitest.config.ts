import { defineConfig } from "vitest/config";

// Unit tests sit beside the code (lib/**/x.test.ts); integration tests live in tests/integration
// and start a real server against a real Postgres (see tests/integration/global-setup.ts).
export default defineConfig({
  // `server-only` throws unless resolved with React's "react-server" condition, as Next resolves it
  // for server code; tests import server modules directly, so it resolves to its empty module here.
  resolve: {
    alias: { "@": import.meta.dirname, "server-only": `${import.meta.dirname}/node_modules/server-only/empty.js` },
  },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts", "bench/**/*.test.ts"],
    environment: "node",
  },
});
