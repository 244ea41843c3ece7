import { drainingHeaders } from "@/lib/lifecycle/drain";

export const dynamic = "force-dynamic";

/** Liveness: the process is up and serving HTTP. Never touches the database, so a database outage does not get the process restarted. */
export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store", ...drainingHeaders() } });
}
