import path from "node:path";
import { defineConfig } from "prisma/config";

// The datasource URL is only needed by `prisma migrate status`; the app reads DATABASE_URL itself.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
