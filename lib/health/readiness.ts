// Readiness (GET /api/health/ready): send this instance work only while it is not draining and
// its database answers with the schema migrated. A draining instance does not even ask the database.
import { isDraining } from "@/lib/lifecycle/drain";

export interface Readiness {
  ready: boolean;
  body: { status: "ready" | "draining" | "unavailable"; database: "ok" | "unavailable" | "not checked" };
}

export async function readiness(isDatabaseReady: () => Promise<boolean>): Promise<Readiness> {
  if (isDraining()) return { ready: false, body: { status: "draining", database: "not checked" } };
  const ok = await isDatabaseReady();
  return { ready: ok, body: { status: ok ? "ready" : "unavailable", database: ok ? "ok" : "unavailable" } };
}
