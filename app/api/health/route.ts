import { isDatabaseReady } from "@/lib/store/health";

export const dynamic = "force-dynamic";

/** Liveness and readiness: answers 200 once the database is reachable and migrated. */
export async function GET(): Promise<Response> {
  return (await isDatabaseReady()) ? Response.json({ status: "ok" }) : Response.json({ status: "unavailable" }, { status: 503 });
}
