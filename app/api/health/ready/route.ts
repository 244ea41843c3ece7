import { readiness } from "@/lib/health/readiness";
import { drainingHeaders } from "@/lib/lifecycle/drain";
import { isDatabaseReady } from "@/lib/store/health";

export const dynamic = "force-dynamic";

/** Readiness: 200 while this instance should get work; 503 while draining or without its database. */
export async function GET(): Promise<Response> {
  const r = await readiness(isDatabaseReady);
  return Response.json(r.body, {
    status: r.ready ? 200 : 503,
    headers: { "cache-control": "no-store", ...drainingHeaders() },
  });
}
