import { wrongHostRefusal } from "@/lib/http/host-guard";
import { withSecurityHeaders } from "@/lib/http/security-headers";
import { handleJsonRequest, handleQueryRequest } from "@/lib/protocol/handle-request";

// The AWS JSON 1.1 endpoint. `/` and `/api/datapipeline/` are rewritten here (next.config.js).
export const dynamic = "force-dynamic";
export const runtime = "nodejs";
// PollForTask holds a request up to LONG_POLL_SECONDS (90 s by default) on serverless hosts too.
export const maxDuration = 300;

// SDK calls skip proxy.ts (next.config.js), so the Host check and the security headers are done here.
async function serve(req: Request, handle: (req: Request) => Promise<Response>): Promise<Response> {
  return wrongHostRefusal(req, "/api/datapipeline") ?? withSecurityHeaders(await handle(req), req);
}

export function POST(req: Request): Promise<Response> {
  return serve(req, handleJsonRequest);
}

export function GET(req: Request): Promise<Response> {
  return serve(req, handleQueryRequest);
}
