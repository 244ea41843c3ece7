// The DNS-rebinding rule (PUBLIC_URL's host only; lib/http/public-url.ts) as a Web response, for
// the entries that see a Request: proxy.ts for pages, secured() for every BFF route, the API route.
// scripts/serve.ts applies the same rule to Node's request before any of them under `npm start`.
import { WRONG_HOST_STATUS, isHostAllowed, wrongHostBody } from "./public-url";
import { withSecurityHeaders } from "./security-headers";

/** The 421 for a request to another host name than PUBLIC_URL's, or null when it may be served. */
export function wrongHostRefusal(req: Request, path: string): Response | null {
  if (isHostAllowed(req.headers.get("host"), path)) return null;
  return withSecurityHeaders(
    new Response(wrongHostBody(), { status: WRONG_HOST_STATUS, headers: { "content-type": "application/json" } }),
    req,
  );
}
