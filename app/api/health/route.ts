import { drainingHeaders } from "@/lib/lifecycle/drain";
import { getWaiters } from "@/lib/scheduler/background";
import { isDatabaseReady } from "@/lib/store/health";

export const dynamic = "force-dynamic";

/** Liveness and readiness: 200 once the database is reachable and migrated; also how many PollForTask calls are held here. */
export async function GET(): Promise<Response> {
  const ready = await isDatabaseReady();
  const body = { status: ready ? "ok" : "unavailable", heldPolls: getWaiters().size };
  return Response.json(body, { status: ready ? 200 : 503, headers: drainingHeaders() });
}
