import { randomUUID } from "node:crypto";
import { getSettings } from "@/lib/config/settings";
import { drainingHeaders } from "@/lib/lifecycle/drain";
import { BodyTooLargeError, declaredOversize, readWebBodyBytesCapped } from "@/lib/http/read-web-body";
import type { OperationContext } from "@/lib/operations/operation-context";
import { ServiceError, invalidRequest, normaliseError } from "./errors";
import { authenticate, authorize, type ApiPrincipal, type Authenticated } from "@/lib/auth/authenticate";
import { preflight } from "@/lib/auth/sigv4";
import { signablePaths } from "./api-paths";
import { dropNulls, findUnstorable, jsonNestingExceeds, MAX_JSON_DEPTH } from "./hostile-input";
import { OPERATIONS, type OperationSpec } from "./registry";
import { describeValidationError } from "./schemas";
import { recordApiCall } from "./call-record";

// The one wrapper of the AWS JSON 1.1 surface: read the body under a size cap, parse it safely,
// find the operation from X-Amz-Target, validate, run, and answer in the AWS shape.

export const CONTENT_TYPE = "application/x-amz-json-1.1";

/**
 * One API call as the wrapper needs it, whatever carried it: a Web Request (the route handler) or
 * Node's own request (the self-hosted server's direct path, lib/protocol/node-endpoint.ts).
 */
export interface ApiCall {
  method: string;
  /** The path and query string as received (still percent-encoded). */
  url: string;
  /** A request header by lower-case name. */
  header(name: string): string | null;
  /** Every request header, by lower-case name (what the signature check reads). */
  headers(): Record<string, string>;
  /** The body's exact bytes, refused with a 400 once they pass `limit` bytes. */
  readBody(limit: number): Promise<Buffer>;
  /** Aborts when the client goes away (a long poll then returns at once). May be a getter that makes it on first read. */
  readonly signal: AbortSignal | undefined;
  /** The longest a long poll may hold here (a serverless function's time limit); unset: LONG_POLL_SECONDS. */
  holdLimitSeconds?: number;
  /** Which way the call came, for the request log (default: Next's route handler). */
  via?: "direct" | "route";
}

export interface ApiReply {
  status: number;
  body: string;
  requestId: string;
}

function reply(status: number, body: object | undefined, requestId: string): ApiReply {
  return { status, body: body === undefined ? "{}" : JSON.stringify(body), requestId };
}

function toResponse(r: ApiReply): Response {
  return new Response(r.body, {
    status: r.status,
    headers: { "content-type": CONTENT_TYPE, "x-amzn-requestid": r.requestId, ...drainingHeaders() },
  });
}

/** A body whose declared length is over the cap is refused before a byte of it is read. */
export function refuseDeclaredOversize(contentLength: string | null, limit: number): void {
  const declared = Number(contentLength ?? "NaN");
  if (declaredOversize(contentLength, limit))
    throw invalidRequest(`Request body of ${declared} bytes exceeds the limit of ${limit} bytes`);
}

export function bodyTooLarge(limit: number): ServiceError {
  return invalidRequest(`Request body exceeds the limit of ${limit} bytes`);
}

/** Reads at most `limit` bytes; a larger body is refused without reading the rest. */
async function readBodyCapped(req: Request, limit: number): Promise<Buffer> {
  refuseDeclaredOversize(req.headers.get("content-length"), limit);
  try {
    return await readWebBodyBytesCapped(req, limit);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw bodyTooLarge(limit);
    throw err;
  }
}

/** `DataPipeline.CreatePipeline` and the older `DataPipeline_20121129.CreatePipeline` both name CreatePipeline. */
export function operationNameFromTarget(target: string | null): string {
  if (!target) throw new ServiceError("UnknownOperationException", "Missing X-Amz-Target header");
  const dot = target.lastIndexOf(".");
  const service = dot >= 0 ? target.slice(0, dot) : "";
  if (service !== "DataPipeline" && !/^DataPipeline_\d{8}$/.test(service)) {
    throw new ServiceError("UnknownOperationException", `Unknown X-Amz-Target '${target.slice(0, 200)}'`);
  }
  return target.slice(dot + 1);
}

function lookup(name: string): OperationSpec {
  const spec = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
  if (!spec) throw new ServiceError("UnknownOperationException", `Unknown operation '${name.slice(0, 200)}'`);
  return spec;
}

function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  if (jsonNestingExceeds(text))
    throw new ServiceError("SerializationException", `Request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ServiceError("SerializationException", `Request body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ServiceError("SerializationException", "Request body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

async function run(spec: OperationSpec, raw: unknown, ctx: OperationContext): Promise<object | undefined> {
  const unstorable = findUnstorable(raw);
  if (unstorable)
    throw invalidRequest(
      `1 validation error detected: Value at '${unstorable.path}' failed to satisfy constraint: ${unstorable.reason}`,
    );
  const parsed = spec.input.safeParse(dropNulls(raw));
  if (!parsed.success) throw invalidRequest(describeValidationError(parsed.error));
  return spec.run(parsed.data, ctx);
}

function contextFor(principal: ApiPrincipal, call: ApiCall, requestId: string): OperationContext {
  return {
    requestId,
    accountId: principal.accountId,
    actor: `api:${principal.accessKeyId}`,
    principal,
    accessKeyId: principal.accessKeyId,
    // Read from the call when an operation reads it: the direct path makes the signal on demand.
    get signal() {
      return call.signal;
    },
    holdLimitSeconds: call.holdLimitSeconds,
  };
}

function splitUrl(url: string): { path: string; rawQuery: string } {
  const q = url.indexOf("?");
  return q >= 0 ? { path: url.slice(0, q), rawQuery: url.slice(q + 1) } : { path: url, rawQuery: "" };
}

/**
 * Verifies the call's signature (lib/auth): the body is read under the cap first, because the
 * signature covers it. Returns who signed and the decoded query.
 */
async function signedBy(call: ApiCall): Promise<Authenticated & { body: Buffer }> {
  const { path, rawQuery } = splitUrl(call.url);
  const headers = call.headers();
  // Refuse what cannot be a signed call before reading a byte of its body.
  const read = preflight({ method: call.method, path, rawQuery, headers, body: new Uint8Array() });
  const body = await call.readBody(getSettings().MAX_BODY_BYTES);
  const auth = await authenticate(
    { method: call.method, path, rawQuery, headers, body },
    signablePaths(path),
    new Date(),
    read,
  );
  return { ...auth, body };
}

/** What the request log needs to know about a call as it goes (lib/protocol/call-record.ts). */
interface CallFacts {
  operation?: string;
  principal?: ApiPrincipal;
  bytesIn: number;
}

/** Answers a call with `serve`, turns anything thrown into the AWS error shape, and records the call. */
async function answered(
  call: ApiCall,
  serve: (requestId: string, facts: CallFacts) => Promise<ApiReply>,
): Promise<ApiReply> {
  const requestId = randomUUID();
  const startedAt = performance.now();
  const facts: CallFacts = { bytesIn: 0 };
  let r: ApiReply;
  let errorType: string | undefined;
  try {
    r = await serve(requestId, facts);
  } catch (err) {
    const { status, body } = normaliseError(err, requestId);
    errorType = body.__type;
    r = reply(status, body, requestId);
  }
  recordApiCall({
    requestId,
    operation: facts.operation,
    accountId: facts.principal?.accountId,
    accessKeyId: facts.principal?.accessKeyId,
    status: r.status,
    errorType,
    startedAt,
    bytesIn: facts.bytesIn,
    bytesOut: Buffer.byteLength(r.body),
    via: call.via ?? "route",
  });
  return r;
}

/** POST with X-Amz-Target and a JSON body: how every SDK calls the service. */
export function answerJsonCall(call: ApiCall): Promise<ApiReply> {
  return answered(call, async (requestId, facts) => {
    // Named before the signature is checked, so that refused calls are logged under their operation.
    const target = call.header("x-amz-target");
    if (target) facts.operation = target.slice(target.lastIndexOf(".") + 1);
    const { principal, body } = await signedBy(call);
    facts.principal = principal;
    facts.bytesIn = body.length;
    const name = operationNameFromTarget(target);
    const spec = lookup(name);
    authorize(principal, name);
    const input = parseJsonBody(body.toString("utf8"));
    return reply(200, await run(spec, input, contextFor(principal, call, requestId)), requestId);
  });
}

/** What the route handler knows about where it runs. */
export interface RouteLimits {
  holdLimitSeconds?: number;
}

/** A Web Request as an ApiCall. */
function webCall(req: Request, limits: RouteLimits = {}): ApiCall {
  const url = new URL(req.url);
  return {
    method: req.method,
    url: url.pathname + url.search,
    header: (name) => req.headers.get(name),
    headers: () => Object.fromEntries(req.headers),
    readBody: (limit) => readBodyCapped(req, limit),
    signal: req.signal,
    holdLimitSeconds: limits.holdLimitSeconds,
  };
}

/** The route handler's form of answerJsonCall. */
export async function handleJsonRequest(req: Request, limits?: RouteLimits): Promise<Response> {
  return toResponse(await answerJsonCall(webCall(req, limits)));
}

/** The query form's `fields` of ReportTaskProgress: a JSON array of {key, stringValue|refValue}. */
function queryValue(operation: string, name: string, value: string): unknown {
  // cancelActive is the only flat member that is not a string.
  if (name === "cancelActive" && (value === "true" || value === "false")) return value === "true";
  if (operation === "ReportTaskProgress" && name === "fields") {
    try {
      return JSON.parse(value);
    } catch {
      throw invalidRequest('fields must be a JSON array of {"key", "stringValue" or "refValue"} objects');
    }
  }
  return value;
}

/**
 * `GET /?Action=<Operation>&name=value...`, the query form older HTTP clients used, for the
 * operations with flat inputs (and ReportTaskProgress, whose `fields` come as JSON). Signed like
 * any call: the Authorization header, or a presigned URL whose X-Amz-* parameters are not input.
 */
export function answerQueryCall(call: ApiCall): Promise<ApiReply> {
  return answered(call, async (requestId, facts) => {
    const { principal, query, body } = await signedBy(call);
    facts.principal = principal;
    facts.bytesIn = body.length;
    const params = query.filter(([k]) => !k.startsWith("X-Amz-"));
    const name = params.find(([k]) => k === "Action")?.[1] ?? "";
    facts.operation = name;
    const spec = lookup(name);
    authorize(principal, name);
    if (!spec.flat) throw invalidRequest(`${name} takes structured input: call it with POST and a JSON body`);
    const input: Record<string, unknown> = {};
    for (const [k, v] of params) {
      if (k === "Action" || k === "Version") continue;
      input[k] = queryValue(name, k, v);
    }
    return reply(200, await run(spec, input, contextFor(principal, call, requestId)), requestId);
  });
}

export async function handleQueryRequest(req: Request, limits?: RouteLimits): Promise<Response> {
  return toResponse(await answerQueryCall(webCall(req, limits)));
}
