import { randomUUID } from "node:crypto";
import { ConsoleError } from "@/lib/console/errors";
import { consoleErrorResponse, secured } from "../_lib/console-route";

export const dynamic = "force-dynamic";

// Every /api/console/ path no other route has: a 404 in the BFF's shape, through secured() like
// every BFF answer (proxy.ts leaves /api/console/ out, so the Host rule, the refusal of hostile
// addresses and the security headers are secured()'s alone). Nothing is read, the body included.
async function notFound(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  return consoleErrorResponse(new ConsoleError("NOT_FOUND", `No console API at ${req.method} ${path}`), randomUUID());
}

export const GET = secured(notFound);
export const POST = secured(notFound);
export const PUT = secured(notFound);
export const PATCH = secured(notFound);
export const DELETE = secured(notFound);
