import { handleJsonRequest, handleQueryRequest } from "@/lib/protocol/handle-request";

// The AWS JSON 1.1 endpoint. `/` and `/api/datapipeline/` are rewritten here (next.config.js).
export const dynamic = "force-dynamic";
export const runtime = "nodejs";
// PollForTask holds a request up to LONG_POLL_SECONDS (90 s by default) on serverless hosts too.
export const maxDuration = 300;

export function POST(req: Request): Promise<Response> {
  return handleJsonRequest(req);
}

export function GET(req: Request): Promise<Response> {
  return handleQueryRequest(req);
}
