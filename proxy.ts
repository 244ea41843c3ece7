import { NextResponse, type NextRequest } from "next/server";
import { wrongHostRefusal } from "@/lib/http/host-guard";
import { hostileTargetReason, hostileTargetResponse } from "@/lib/http/hostile-url";
import { withSecurityHeaders } from "@/lib/http/security-headers";

// Not imported from lib/console-auth/page-session.ts, which loads the database layer.
const PATH_HEADER = "x-pipelinehouse-path";

// Every request but an SDK call and the console's BFF passes here (see the matcher): with PUBLIC_URL
// set, other Host names are refused (DNS rebinding), hostile addresses are refused, and every answer
// carries the security headers. The BFF (/api/console/) does all three itself, in secured(), the one
// place for it: it also sees the requests with a body this proxy never does. Under `npm start`
// scripts/serve.ts does the same before Next runs; this covers `next start` and Vercel.
//
// SDKs pointed at the bare origin POST to `/`, which the console's page owns for GET: every POST
// there is an API call, and so is `GET /?Action=...` (the query form older clients used).
export function proxy(req: NextRequest): Response {
  const wrongHost = wrongHostRefusal(req, req.nextUrl.pathname);
  if (wrongHost) return wrongHost;
  // `%00` and escapes that are not UTF-8: refused up front, as scripts/serve.ts does under npm start.
  const target = req.nextUrl.pathname + req.nextUrl.search;
  const refused = hostileTargetReason(target);
  if (refused) return withSecurityHeaders(hostileTargetResponse(target, refused), req);
  if (req.nextUrl.pathname !== "/" || (req.method !== "POST" && !req.nextUrl.searchParams.has("Action"))) {
    // Server components are not told their URL: the sign-in redirect needs it to come back here.
    const headers = new Headers(req.headers);
    headers.set(PATH_HEADER, req.nextUrl.pathname + req.nextUrl.search);
    return withSecurityHeaders(NextResponse.next({ request: { headers } }), req) as NextResponse;
  }
  const url = req.nextUrl.clone();
  url.pathname = "/api/datapipeline";
  return withSecurityHeaders(NextResponse.rewrite(url), req) as NextResponse;
}

// Calls that carry X-Amz-Target (every SDK and CLI call) never get here: next.config.js rewrites
// them to the API before any proxy runs, because running this proxy costs a runner's call several
// times the CPU of the API route itself (measured: README, "Benchmark"); the API route adds the
// security headers to those answers itself. The proxy still catches POSTs without the header
// (answered UnknownOperationException), the query form, and every console page.
// Next's hashed static files (/_next/static) are left out too: a page loads dozens of them, and
// under `npm start` scripts/serve.ts has already put the security headers on them.
// Requests with a body are left out as well: Next gives such a request to its route only after the
// whole body has gone through the proxy, which would make the streamed body caps of the BFF and the
// API useless (a 200 MB upload drained before its 413); next.config.js rewrites `POST /` with a body
// to the API. The BFF (/api/console/) is left out whatever its method: its handlers check the host
// and the address and add the headers themselves (secured() in app/api/console/_lib/console-route.ts,
// with a catch-all route for paths no handler has).
export const config = {
  matcher: [
    {
      source: "/((?!_next/static/|_next/image|api/console/).*)",
      missing: [
        { type: "header", key: "x-amz-target" },
        { type: "header", key: "content-length" },
        { type: "header", key: "transfer-encoding" },
      ],
    },
  ],
};
