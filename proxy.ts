import { NextResponse, type NextRequest } from "next/server";

// SDKs pointed at the bare origin POST to `/`, which the console's page owns for GET: every POST
// there is an API call, and so is `GET /?Action=...` (the query form older clients used).
export function proxy(req: NextRequest): NextResponse {
  if (req.method !== "POST" && !req.nextUrl.searchParams.has("Action")) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/api/datapipeline";
  return NextResponse.rewrite(url);
}

// Calls that carry X-Amz-Target (every SDK and CLI call) never get here: next.config.js rewrites
// them to the API before any proxy runs, because running this proxy costs a runner's call several
// times the CPU of the API route itself (measured: README, "Benchmark"). It still
// catches POSTs without the header (answered UnknownOperationException) and the query form.
export const config = { matcher: [{ source: "/", missing: [{ type: "header", key: "x-amz-target" }] }] };
