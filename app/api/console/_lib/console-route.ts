// The one wrapper of the console BFF: gathers path params, query string and JSON body into one
// raw input, validates it with the operation's zod schema, runs it as the console, and answers
// JSON — errors as `{ error: { code, message } }` with a 4xx, never a 500 for bad input.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { consoleContext } from "@/lib/operations/console/context";
import { ConsoleError, normaliseConsoleError } from "@/lib/operations/console/errors";
import type { OperationContext } from "@/lib/operations/context";
import { readConsoleBody, refuseDeepJson, refuseUnstorable } from "./hostile-console-input";

type RouteParams = Record<string, string | string[] | undefined>;

export interface ConsoleRouteOptions {
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

async function readJsonBody(req: Request, limit: number): Promise<Record<string, unknown>> {
  const text = await readConsoleBody(req, limit);
  if (text.trim() === "") return {};
  refuseDeepJson(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConsoleError("BAD_REQUEST", "The request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ConsoleError("BAD_REQUEST", "The request body must be a JSON object");
  return parsed as Record<string, unknown>;
}

export function consoleRoute<S extends z.ZodType, R>(
  schema: S,
  run: (input: z.infer<S>, ctx: OperationContext) => Promise<R>,
  options: ConsoleRouteOptions = {},
) {
  return async (req: Request, route: { params: Promise<RouteParams> }): Promise<Response> => {
    const requestId = randomUUID();
    try {
      const params = await route.params;
      const query = Object.fromEntries(new URL(req.url).searchParams);
      const body = options.body ? await readJsonBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY) : {};
      // Path params win: a body or query string cannot retarget the pipeline in the URL.
      const raw = { ...query, ...body, ...params };
      refuseUnstorable(raw);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new ConsoleError("BAD_REQUEST", describeIssues(parsed.error));
      const result = await run(parsed.data, consoleContext(requestId));
      return Response.json(result, { headers: { "cache-control": "no-store", "x-request-id": requestId } });
    } catch (err) {
      const { status, body } = normaliseConsoleError(err, requestId);
      return Response.json(body, { status, headers: { "cache-control": "no-store", "x-request-id": requestId } });
    }
  };
}
