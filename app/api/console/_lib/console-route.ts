// The one wrapper of the console BFF: refuses what another site could have sent (any method but
// GET/HEAD must be application/json from the console's own origin), resolves the session cookie to
// the signed-in user and refuses a role below the route's, gathers path params, query string and
// JSON body into one raw input, validates it with the operation's zod schema, runs it as that user
// in that user's account, and answers JSON — errors as `{ error: { code, message } }` with a 4xx,
// never a 500 for bad input.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { roleAllows, type ConsoleRole } from "@/lib/console-auth/roles";
import { resolveSession, type ConsoleSession } from "@/lib/console-auth/sessions";
import { wrongHostRefusal } from "@/lib/http/host-guard";
import { hostileTargetReason, hostileTargetResponse } from "@/lib/http/hostile-url";
import { noteConsoleAccount, recordConsoleCall } from "@/lib/http/console-call-record";
import { crossSiteRefusal } from "@/lib/http/same-origin";
import { withSecurityHeaders } from "@/lib/http/security-headers";
import { sessionContext } from "@/lib/console/session-context";
import { ConsoleError, normaliseConsoleError } from "@/lib/console/errors";
import type { OperationContext } from "@/lib/operations/operation-context";
import { readConsoleBody, refuseDeepJson, refuseUnstorable } from "./hostile-console-input";

type RouteParams = Record<string, string | string[] | undefined>;

export interface ConsoleRouteOptions {
  /** The least role that may call the route: viewer reads, operator acts, admin manages users and keys. */
  role: ConsoleRole;
  /** Read a JSON object body (POST routes). */
  body?: boolean;
  /** Largest body accepted, in bytes. */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY = 256 * 1024;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}

export async function readJsonBody(req: Request, limit: number): Promise<Record<string, unknown>> {
  const text = await readConsoleBody(req, limit);
  if (text.trim() === "") return {};
  refuseDeepJson(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConsoleError("BAD_REQUEST", "The request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new ConsoleError("BAD_REQUEST", "The request body must be a JSON object");
  return parsed as Record<string, unknown>;
}

export function isMutating(req: Request): boolean {
  return req.method !== "GET" && req.method !== "HEAD";
}

/** Refuses, before anything is read or written, a change another site could have sent. */
export function refuseCrossSite(req: Request): void {
  if (!isMutating(req)) return;
  const why = crossSiteRefusal((n) => req.headers.get(n));
  if (why) throw new ConsoleError("CROSS_SITE", why);
}

/** The signed-in user of a BFF request, with at least `role`; 401 without a session, 403 below the role. */
export async function requireSession(req: Request, role: ConsoleRole): Promise<ConsoleSession> {
  const session = await resolveSession(req.headers.get("cookie"));
  if (!session) throw new ConsoleError("UNAUTHENTICATED", "Sign in to use the console");
  noteConsoleAccount(req, session.accountId);
  if (!roleAllows(session.role, role))
    throw new ConsoleError(
      "FORBIDDEN",
      `This needs the ${role} role; you are ${session.role === "viewer" ? "a viewer" : `an ${session.role}`}`,
    );
  return session;
}

export const NO_STORE = { "cache-control": "no-store" } as const;

export function consoleErrorResponse(err: unknown, requestId: string): Response {
  const { status, body } = normaliseConsoleError(err, requestId);
  const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
  return jsonResponse(body, {
    status,
    headers: { ...NO_STORE, "x-request-id": requestId, ...(retry ? { "retry-after": String(retry) } : {}) },
  });
}

/** JSON with its length declared (the request log reports bytes out). */
export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  const text = JSON.stringify(body);
  return new Response(text, {
    status: init.status ?? 200,
    headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), ...init.headers },
  });
}

/** Every BFF handler goes through here: its answer carries the request id and leaves a log line. */
export function logged<A extends unknown[]>(handler: (req: Request, ...rest: A) => Promise<Response>) {
  return async (req: Request, ...rest: A): Promise<Response> => {
    const startedAt = performance.now();
    return recordConsoleCall(req, await handler(req, ...rest), startedAt);
  };
}

/** A hostile address (lib/http/hostile-url.ts) answered as the BFF answers: 400 BAD_REQUEST. */
function hostileAddressRefusal(url: URL): Response | null {
  const target = url.pathname + url.search;
  const reason = hostileTargetReason(target);
  return reason ? hostileTargetResponse(target, reason) : null;
}

/**
 * What proxy.ts does for pages, done for the whole BFF here and only here (the proxy's matcher leaves
 * /api/console/ out; lib/http/console-routes-secured.test.ts checks that every handler is wrapped,
 * and app/api/console/[...path]/route.ts answers the paths no handler has): the Host rule, the refusal
 * of hostile addresses and the security headers. The proxy cannot be the one place: it does not run
 * for requests with a body, because Next hands such a request to its route only after the whole
 * body has passed through the proxy, which would defeat the streamed body caps.
 */
export function secured(handler: (req: Request, route: { params: Promise<RouteParams> }) => Promise<Response>) {
  return logged(async (req: Request, route: { params: Promise<RouteParams> }): Promise<Response> => {
    const url = new URL(req.url);
    const wrongHost = wrongHostRefusal(req, url.pathname);
    if (wrongHost) return wrongHost;
    return withSecurityHeaders(hostileAddressRefusal(url) ?? (await handler(req, route)), req);
  });
}

export function consoleRoute<S extends z.ZodType, R>(
  schema: S,
  run: (input: z.infer<S>, ctx: OperationContext, session: ConsoleSession) => Promise<R>,
  options: ConsoleRouteOptions,
) {
  return secured(async (req: Request, route: { params: Promise<RouteParams> }): Promise<Response> => {
    const requestId = randomUUID();
    try {
      refuseCrossSite(req);
      const session = await requireSession(req, options.role);
      const params = await route.params;
      const query = Object.fromEntries(new URL(req.url).searchParams);
      const body = options.body ? await readJsonBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY) : {};
      // Path params win: a body or query string cannot retarget the pipeline in the URL.
      const raw = { ...query, ...body, ...params };
      refuseUnstorable(raw);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new ConsoleError("BAD_REQUEST", describeIssues(parsed.error));
      const result = await run(parsed.data, sessionContext(session, requestId), session);
      return jsonResponse(result, { headers: { ...NO_STORE, "x-request-id": requestId } });
    } catch (err) {
      return consoleErrorResponse(err, requestId);
    }
  });
}
