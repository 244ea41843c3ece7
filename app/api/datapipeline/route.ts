import { getSettings } from "@/lib/config/settings";
import { wrongHostRefusal } from "@/lib/http/host-guard";
import { withSecurityHeaders } from "@/lib/http/security-headers";
import { holdLimitForFunction } from "@/lib/protocol/poll-hold";
import { handleJsonRequest, handleQueryRequest } from "@/lib/protocol/handle-request";

// The AWS JSON 1.1 endpoint. `/` and `/api/datapipeline/` are rewritten here (next.config.js).
export const dynamic = "force-dynamic";
export const runtime = "nodejs";
// A serverless function lives at most maxDuration seconds (Vercel: 300 on every plan with fluid
// compute; lower it here if your plan allows less). PollForTask holds up to LONG_POLL_SECONDS (90 s
// by default) but never longer than this limit (or FUNCTION_TIME_LIMIT_SECONDS, for hosts that
// enforce their own) minus a margin (lib/operations/poll-hold.ts).
export const maxDuration = 300;
// Read per call, not at import: `next build` loads this module without the server's settings.
const limits = () => ({
  holdLimitSeconds: holdLimitForFunction(maxDuration, getSettings().FUNCTION_TIME_LIMIT_SECONDS),
});

// SDK calls skip proxy.ts (next.config.js), so the Host check and the security headers are done here.
async function serve(req: Request, handle: (req: Request) => Promise<Response>): Promise<Response> {
  return wrongHostRefusal(req, "/api/datapipeline") ?? withSecurityHeaders(await handle(req), req);
}

export function POST(req: Request): Promise<Response> {
  return serve(req, (r) => handleJsonRequest(r, limits()));
}

export function GET(req: Request): Promise<Response> {
  return serve(req, (r) => handleQueryRequest(r, limits()));
}
