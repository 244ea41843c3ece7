import { randomUUID } from "node:crypto";
import { getSettings } from "@/lib/config/settings";
import type { OperationContext } from "@/lib/operations/context";
import { ServiceError, invalidRequest, normaliseError } from "./errors";
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
  if (Number.isFinite(declared) && declared > limit) throw invalidRequest(`Request body of ${declared} bytes exceeds the limit of ${limit} bytes`);
}

export function bodyTooLarge(limit: number): ServiceError {
  return invalidRequest(`Request body exceeds the limit of ${limit} bytes`);
}

/** Reads at most `limit` bytes; a larger body is refused without reading the rest. */
async function readBodyCapped(req: Request, limit: number): Promise<string> {
  refuseDeclaredOversize(req.headers.get("content-length"), limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
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

/** JSON nulls mean "absent" to both SDKs; dropping them lets optional members validate. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
    return out;
  }
  return value;
}

function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
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

/** The access key id of a SigV4 Authorization header, for the audit log (signatures are not verified). */
function actorFrom(authorization: string | null): string {
  const auth = authorization ?? "";
  const m = /Credential=([^/,\s]{1,128})\//.exec(auth);
  return m ? `api:${m[1]}` : "api:anonymous";
}

async function run(spec: OperationSpec, raw: unknown, ctx: OperationContext): Promise<object | undefined> {
  const parsed = spec.input.safeParse(dropNulls(raw));
  if (!parsed.success) throw invalidRequest(describeValidationError(parsed.error));
  return spec.run(parsed.data, ctx);
}

function contextFor(authorization: string | null, signal: AbortSignal | undefined, requestId: string): OperationContext {
  return { requestId, accountId: getSettings().ACCOUNT_ID, actor: actorFrom(authorization), signal };
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
