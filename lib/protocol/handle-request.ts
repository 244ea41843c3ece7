import { randomUUID } from "node:crypto";
import { getSettings } from "@/lib/config/settings";
import { BodyTooLargeError, declaredOversize, readWebBodyCapped } from "@/lib/http/read-web-body";
import type { OperationContext } from "@/lib/operations/context";
import { ServiceError, invalidRequest, normaliseError } from "./errors";
import { dropNulls, findUnstorable, jsonNestingExceeds, MAX_JSON_DEPTH } from "./hostile-input";
import { OPERATIONS, type OperationSpec } from "./registry";
import { describeValidationError } from "./schemas";

// The one wrapper of the AWS JSON 1.1 surface: read the body under a size cap, parse it safely,
// find the operation from X-Amz-Target, validate, run, and answer in the AWS shape.

export const CONTENT_TYPE = "application/x-amz-json-1.1";

/**
 * One API call as the wrapper needs it, whatever carried it: a Web Request (the route handler) or
 * Node's own request (the self-hosted server's direct path, lib/protocol/node-endpoint.ts).
 */
export interface ApiCall {
  /** A request header by lower-case name. */
  header(name: string): string | null;
  /** The body as UTF-8, refused with a 400 once it passes `limit` bytes. */
  readBody(limit: number): Promise<string>;
  /** Aborts when the client goes away (a long poll then returns at once). */
  signal: AbortSignal | undefined;
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
  return new Response(r.body, { status: r.status, headers: { "content-type": CONTENT_TYPE, "x-amzn-requestid": r.requestId } });
}

/** A body whose declared length is over the cap is refused before a byte of it is read. */
export function refuseDeclaredOversize(contentLength: string | null, limit: number): void {
  const declared = Number(contentLength ?? "NaN");
  if (declaredOversize(contentLength, limit)) throw invalidRequest(`Request body of ${declared} bytes exceeds the limit of ${limit} bytes`);
}

export function bodyTooLarge(limit: number): ServiceError {
  return invalidRequest(`Request body exceeds the limit of ${limit} bytes`);
}

/** Reads at most `limit` bytes; a larger body is refused without reading the rest. */
async function readBodyCapped(req: Request, limit: number): Promise<string> {
  refuseDeclaredOversize(req.headers.get("content-length"), limit);
  try {
    return await readWebBodyCapped(req, limit);
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
  if (jsonNestingExceeds(text)) throw new ServiceError("SerializationException", `Request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
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

/** The access key id of a SigV4 Authorization header (signatures are not verified); "anonymous" without one. */
function accessKeyFrom(authorization: string | null): string {
  const auth = authorization ?? "";
  const m = /Credential=([^/,\s]{1,128})\//.exec(auth);
  return m?.[1] ?? "anonymous";
}

/** Who called, for the audit log. */
function actorFrom(authorization: string | null): string {
  return `api:${accessKeyFrom(authorization)}`;
}

async function run(spec: OperationSpec, raw: unknown, ctx: OperationContext): Promise<object | undefined> {
  const unstorable = findUnstorable(raw);
  if (unstorable) throw invalidRequest(`1 validation error detected: Value at '${unstorable.path}' failed to satisfy constraint: ${unstorable.reason}`);
  const parsed = spec.input.safeParse(dropNulls(raw));
  if (!parsed.success) throw invalidRequest(describeValidationError(parsed.error));
  return spec.run(parsed.data, ctx);
}

function contextFor(authorization: string | null, signal: AbortSignal | undefined, requestId: string): OperationContext {
  return { requestId, accountId: getSettings().ACCOUNT_ID, actor: actorFrom(authorization), accessKeyId: accessKeyFrom(authorization), signal };
}

/** POST with X-Amz-Target and a JSON body: how every SDK calls the service. */
export async function answerJsonCall(call: ApiCall): Promise<ApiReply> {
  const requestId = randomUUID();
  try {
    const spec = lookup(operationNameFromTarget(call.header("x-amz-target")));
    const body = parseJsonBody(await call.readBody(getSettings().MAX_BODY_BYTES));
    return reply(200, await run(spec, body, contextFor(call.header("authorization"), call.signal, requestId)), requestId);
  } catch (err) {
    const { status, body } = normaliseError(err, requestId);
    return reply(status, body, requestId);
  }
}

/** The route handler's form of answerJsonCall. */
export async function handleJsonRequest(req: Request): Promise<Response> {
  return toResponse(
    await answerJsonCall({ header: (name) => req.headers.get(name), readBody: (limit) => readBodyCapped(req, limit), signal: req.signal }),
  );
}

/** `GET /?Action=<Operation>&name=value...`, the query form older HTTP clients used, for flat-input operations. */
export async function handleQueryRequest(req: Request): Promise<Response> {
  const requestId = randomUUID();
  try {
    const params = new URL(req.url).searchParams;
    const name = params.get("Action") ?? "";
    const spec = lookup(name);
    if (!spec.flat) throw invalidRequest(`${name} takes structured input: call it with POST and a JSON body`);
    const input: Record<string, unknown> = {};
    for (const [k, v] of params) {
      if (k === "Action" || k === "Version") continue;
      // cancelActive is the only flat member that is not a string.
      input[k] = k === "cancelActive" && (v === "true" || v === "false") ? v === "true" : v;
    }
    return toResponse(reply(200, await run(spec, input, contextFor(req.headers.get("authorization"), req.signal, requestId)), requestId));
  } catch (err) {
    const { status, body } = normaliseError(err, requestId);
    return toResponse(reply(status, body, requestId));
  }
}
