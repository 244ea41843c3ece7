// The HTTP tick: serverless hosts call POST /api/tick (with TICK_TOKEN as a bearer token) to run background work.
import { getSettings } from "@/lib/config/settings";
import { runTick } from "@/lib/scheduler/tick";

export async function runBackgroundTickRequest(req: Request): Promise<Response> {
  const token = getSettings().TICK_TOKEN;
  const auth = req.headers.get("authorization") ?? "";
  const host = new URL(req.url).hostname;
  const allowed = token ? auth === `Bearer ${token}` : host === "127.0.0.1" || host === "localhost" || host === "::1";
  if (!allowed) return Response.json({ __type: "AccessDeniedException", message: "Set TICK_TOKEN and send it as a bearer token" }, { status: 403 });
  return Response.json(await runTick());
}
