// One structured log line per console BFF request (app/api/console/**), like the API's
// (lib/protocol/call-record.ts): request id, route, method, account, status, duration, bytes.
// Never the cookie, the body or a password; the path only (query strings can carry search text).
import { randomUUID } from "node:crypto";
import { logger } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/registry";

export const REQUEST_ID_HEADER = "x-amzn-requestid";

// The signed-in account of a request, noted by requireSession for the log line (no second lookup).
const callers = new WeakMap<Request, string>();

export function noteConsoleAccount(req: Request, accountId: string): void {
  callers.set(req, accountId);
}

function declaredLength(value: string | null): number | undefined {
  const n = Number(value ?? "NaN");
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Gives the response its request id (the one the route put in `x-request-id`, or a new one) in
 * `x-amzn-RequestId`, and writes the request's log line.
 */
export function recordConsoleCall(req: Request, res: Response, startedAt: number): Response {
  const requestId = res.headers.get("x-request-id") ?? randomUUID();
  try {
    res.headers.set(REQUEST_ID_HEADER, requestId);
  } catch {
    // A redirect made with Response.redirect has immutable headers; the log line still carries the id.
  }
  const durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
  metrics().consoleRequests.inc({ status_class: `${Math.floor(res.status / 100)}xx` });
  const line = {
    kind: "console",
    requestId,
    method: req.method,
    path: new URL(req.url).pathname.slice(0, 512),
    account: callers.get(req),
    status: res.status,
    durationMs,
    bytesIn: declaredLength(req.headers.get("content-length")) ?? 0,
    bytesOut: declaredLength(res.headers.get("content-length")),
  };
  if (res.status >= 500) logger().error(line, "request");
  else logger().info(line, "request");
  return res;
}
