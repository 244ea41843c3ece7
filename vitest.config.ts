import { defineConfig } from "vitest/config";

// Unit tests sit beside the code (lib/**/x.test.ts); integration tests live in tests/integration
// and start a real server against a real Postgres (see tests/integration/global-setup.ts).
export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["lib/**/*.test.ts", "components/**/*.test.ts"],
    environment: "node",
  },
});
