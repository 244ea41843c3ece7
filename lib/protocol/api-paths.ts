// Which requests are SDK calls, for the self-hosted server's router (scripts/serve.ts). Kept free
// of imports so the launcher can load it without loading the operations.
import type { IncomingMessage } from "node:http";

/** Where SDKs send calls: the bare origin (every SDK's default) and the API route with or without its slash. */
const API_PATHS = new Set(["/", "/api/datapipeline", "/api/datapipeline/"]);

/** A POST carrying X-Amz-Target to one of the API's paths: what every SDK and the AWS CLI send. */
export function isDirectApiCall(req: IncomingMessage): boolean {
  if (req.method !== "POST" || req.headers["x-amz-target"] === undefined) return false;
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return API_PATHS.has(q >= 0 ? url.slice(0, q) : url);
}
