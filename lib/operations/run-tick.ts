// The HTTP tick: hosts without a long-lived process call /api/tick to run background work.
import { getSettings } from "@/lib/config/settings";
import { runTick } from "@/lib/scheduler/tick";

/** Allowed with `Authorization: Bearer <TICK_TOKEN or CRON_SECRET>`; with neither set, only loopback callers may tick. */
export function isTickAllowed(req: Request): boolean {
  const secrets = [getSettings().TICK_TOKEN, process.env.CRON_SECRET].filter((s): s is string => !!s);
  const auth = req.headers.get("authorization") ?? "";
  if (secrets.length > 0) return secrets.some((s) => auth === `Bearer ${s}`);
  const host = new URL(req.url).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

export async function runBackgroundTickRequest(req: Request): Promise<Response> {
  if (!isTickAllowed(req)) {
    return Response.json({ __type: "AccessDeniedException", message: "Send TICK_TOKEN (or Vercel's CRON_SECRET) as a bearer token" }, { status: 403 });
  }
  return Response.json(await runTick());
}
