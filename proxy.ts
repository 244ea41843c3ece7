import { NextResponse, type NextRequest } from "next/server";

// SDKs pointed at the bare origin POST to `/`, which the console's page owns for GET: every POST
// there is an API call, and so is `GET /?Action=...` (the query form older clients used).
export function proxy(req: NextRequest): NextResponse {
  if (req.method !== "POST" && !req.nextUrl.searchParams.has("Action")) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = "/api/datapipeline";
  return NextResponse.rewrite(url);
}

export const config = { matcher: ["/"] };
