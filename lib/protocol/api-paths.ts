// Which requests are SDK calls, for the self-hosted server's router (scripts/serve.ts). Kept free
// of imports so the launcher can load it without loading the operations.
import type { IncomingMessage } from "node:http";

/** Where SDKs send calls: the bare origin (every SDK's default) and the API route with or without its slash. */
const API_PATHS = new Set(["/", "/api/datapipeline", "/api/datapipeline/"]);

/**
 * The paths a client may have signed for a call received on `path`. Every API path serves the same
 * API, and the route handler sees `/` and `/api/datapipeline/` already rewritten to
 * `/api/datapipeline` (next.config.js, proxy.ts), so a signature over any of them is accepted;
 * the one received is tried first.
 */
export function signablePaths(path: string): string[] {
  return API_PATHS.has(path) ? [path, ...[...API_PATHS].filter((p) => p !== path)] : [path];
}

/** A POST carrying X-Amz-Target to one of the API's paths: what every SDK and the AWS CLI send. */
export function isDirectApiCall(req: IncomingMessage): boolean {
  if (req.method !== "POST" || req.headers["x-amz-target"] === undefined) return false;
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return API_PATHS.has(q >= 0 ? url.slice(0, q) : url);
}
