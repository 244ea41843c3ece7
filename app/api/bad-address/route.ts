// Where next.config.js rewrites paths Next could not decode (lib/http/undecodable-path.mjs): the
// 400 that scripts/serve.ts answers under `npm start`, shaped for the caller by the address it asked
// for (the BFF's JSON, the API's AWS JSON, or a page). A rewritten request keeps its original URL.
// The body is never read, so an upload to such a path is not held.
import { hostileTargetReason, hostileTargetResponse } from "@/lib/http/hostile-url";
import { withSecurityHeaders } from "@/lib/http/security-headers";

export const dynamic = "force-dynamic";

const FALLBACK_REASON =
  "the address contains percent-escapes that are not valid UTF-8, or an encoded NUL character (%00)";

function refuse(req: Request): Response {
  const url = new URL(req.url);
  const target = url.pathname + url.search;
  return withSecurityHeaders(hostileTargetResponse(target, hostileTargetReason(target) ?? FALLBACK_REASON), req);
}

export const GET = refuse;
export const HEAD = refuse;
export const POST = refuse;
export const PUT = refuse;
export const PATCH = refuse;
export const DELETE = refuse;
export const OPTIONS = refuse;
