import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { ServiceError } from "@/lib/protocol/errors";
import { ACCESS_KEY_ID_PATTERN } from "./key-material";
import { Sha256 } from "./sha256";

// AWS Signature Version 4, checked on the server: the Authorization header form that every SDK and
// the CLI send, and the presigned query-string form (X-Amz-Algorithm, X-Amz-Credential, ...). The
// expected signature is computed over the request as received: its method, path, query, the headers
// the client listed as signed, with their values as received, and the SHA-256 of the exact body
// bytes; by @smithy/signature-v4 (the JS SDK's own signer), or for the plain header-signed calls
// that make up the traffic, by the same steps written out here (headerSignature). It is compared in
// constant time.

export const SERVICE = "datapipeline";
export const ALGORITHM = "AWS4-HMAC-SHA256";
/** How far X-Amz-Date may be from the server's clock either way. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** Presigned URLs live at most a week, as AWS allows. */
export const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

/** One request as received. Header names are lower-case; `path` is the raw (still percent-encoded) path. */
export interface ReceivedRequest {
  method: string;
  path: string;
  /** The raw query string without its `?` ("" when there is none). */
  rawQuery: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface ParsedSignature {
  form: "header" | "query";
  accessKeyId: string;
  /** yyyymmdd of the credential scope */
  scopeDate: string;
  region: string;
  signedHeaders: string[];
  signature: string;
  signingDate: Date;
  /** the query form's X-Amz-Expires */
  expiresSeconds?: number;
}

const incomplete = (message: string) => new ServiceError("IncompleteSignatureException", message);
const invalidSignature = (message: string) => new ServiceError("InvalidSignatureException", message);
export const missingToken = () =>
  new ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token");
export const unrecognizedClient = () =>
  new ServiceError("UnrecognizedClientException", "The security token included in the request is invalid.");
export const signatureMismatch = () =>
  invalidSignature(
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
  );

/** Query parameters, decoded, in the order received (repeated names kept). */
export function parseQuery(rawQuery: string): [string, string][] {
  if (rawQuery === "") return [];
  const out: [string, string][] = [];
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const k = eq >= 0 ? part.slice(0, eq) : part;
    const v = eq >= 0 ? part.slice(eq + 1) : "";
    out.push([decode(k), decode(v)]);
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    throw incomplete("The query string is not valid percent-encoding");
  }
}

/** `20261130T101500Z` → Date, or undefined when it is not that shape or not a real time. */
function parseAmzDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  return date.getUTCDate() === d && date.getUTCHours() === h ? date : undefined;
}

function parseCredential(credential: string): {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
} {
  const parts = credential.split("/");
  if (
    parts.length !== 5 ||
    parts[4] !== "aws4_request" ||
    !/^\d{8}$/.test(parts[1] ?? "") ||
    !/^[a-z0-9-]{1,64}$/.test(parts[2] ?? "") ||
    !parts[3]
  ) {
    throw incomplete(
      `Credential should be of the form <access key id>/<yyyymmdd>/<region>/${SERVICE}/aws4_request: '${credential.slice(0, 200)}'`,
    );
  }
  return { accessKeyId: parts[0] ?? "", scopeDate: parts[1]!, region: parts[2]!, service: parts[3]! };
}

function parseSignedHeaders(list: string): string[] {
  const names = list.split(";");
  if (names.some((n) => !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(n)))
    throw incomplete(`SignedHeaders is malformed: '${list.slice(0, 200)}'`);
  if (!names.includes("host")) throw incomplete("SignedHeaders must include 'host'");
  return names;
}

function finish(
  form: ParsedSignature["form"],
  fields: { credential: string; signedHeaders: string; signature: string; date: string | undefined },
  expiresSeconds?: number,
): ParsedSignature {
  const cred = parseCredential(fields.credential);
  if (!/^[0-9a-f]{64}$/.test(fields.signature))
    throw incomplete("Signature should be 64 lower-case hexadecimal characters");
  const signedHeaders = parseSignedHeaders(fields.signedHeaders);
  const signingDate = parseAmzDate(fields.date);
  if (!signingDate) {
    throw incomplete(
      form === "header"
        ? "Authorization header requires the 'X-Amz-Date' header in the form yyyyMMddTHHmmssZ"
        : "X-Amz-Date must be in the form yyyyMMddTHHmmssZ",
    );
  }
  if (form === "header" && !signedHeaders.includes("x-amz-date"))
    throw incomplete("SignedHeaders must include 'x-amz-date'");
  if (cred.service !== SERVICE) throw invalidSignature(`Credential should be scoped to correct service: '${SERVICE}'.`);
  if (fields.date?.slice(0, 8) !== cred.scopeDate) {
    throw invalidSignature(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${cred.scopeDate}' != '${fields.date?.slice(0, 8)}'`,
    );
  }
  if (!ACCESS_KEY_ID_PATTERN.test(cred.accessKeyId)) throw unrecognizedClient();
  return {
    form,
    accessKeyId: cred.accessKeyId,
    scopeDate: cred.scopeDate,
    region: cred.region,
    signedHeaders,
    signature: fields.signature,
    signingDate,
    expiresSeconds,
  };
}

/**
 * Reads the signature's parts from the Authorization header or the query string, without any
 * secret: a request with neither is MissingAuthenticationToken, a malformed one
 * IncompleteSignature, a wrongly scoped one InvalidSignature.
 */
export function parseSignature(req: ReceivedRequest, query: [string, string][]): ParsedSignature {
  const authorization = req.headers["authorization"];
  const q = new Map<string, string>();
  for (const [k, v] of query) if (k.startsWith("X-Amz-")) q.set(k, v);
  const presigned = q.has("X-Amz-Signature") || q.has("X-Amz-Credential") || q.has("X-Amz-Algorithm");
  if (authorization !== undefined && presigned)
    throw incomplete(
      "Only one authentication mechanism is allowed: the Authorization header or the X-Amz-* query parameters",
    );
  if (authorization !== undefined) {
    const space = authorization.indexOf(" ");
    const algorithm = space >= 0 ? authorization.slice(0, space) : authorization;
    if (algorithm !== ALGORITHM)
      throw incomplete(`Unsupported Authorization type: only ${ALGORITHM} (Signature Version 4) is accepted`);
    const params = new Map<string, string>();
    for (const part of authorization.slice(space + 1).split(",")) {
      const eq = part.indexOf("=");
      if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const missing = ["Credential", "SignedHeaders", "Signature"].filter((p) => !params.get(p));
    if (missing.length)
      throw incomplete(missing.map((p) => `Authorization header requires '${p}' parameter.`).join(" "));
    return finish("header", {
      credential: params.get("Credential")!,
      signedHeaders: params.get("SignedHeaders")!,
      signature: params.get("Signature")!,
      date: req.headers["x-amz-date"],
    });
  }
  if (presigned) {
    const missing = [
      "X-Amz-Algorithm",
      "X-Amz-Credential",
      "X-Amz-Date",
      "X-Amz-SignedHeaders",
      "X-Amz-Signature",
      "X-Amz-Expires",
    ].filter((p) => !q.get(p));
    if (missing.length) throw incomplete(`The presigned request requires the query parameters ${missing.join(", ")}.`);
    if (q.get("X-Amz-Algorithm") !== ALGORITHM) throw incomplete(`X-Amz-Algorithm must be ${ALGORITHM}`);
    if (q.has("X-Amz-Security-Token")) throw unrecognizedClient();
    const expires = Number(q.get("X-Amz-Expires"));
    if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_SECONDS)
      throw incomplete(`X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_PRESIGNED_SECONDS}`);
    return finish(
      "query",
      {
        credential: q.get("X-Amz-Credential")!,
        signedHeaders: q.get("X-Amz-SignedHeaders")!,
        signature: q.get("X-Amz-Signature")!,
        date: q.get("X-Amz-Date"),
      },
      expires,
    );
  }
  if (req.headers["x-amz-security-token"] !== undefined) throw unrecognizedClient();
  throw missingToken();
}

const longDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

/** The header form must be within the skew either way; the query form from its date until it expires. */
export function checkTime(sig: ParsedSignature, now: Date): void {
  const t = sig.signingDate.getTime();
  if (t - now.getTime() > MAX_SKEW_MS) {
    throw invalidSignature(
      `Signature not yet current: ${longDate(sig.signingDate)} is still later than ${longDate(new Date(now.getTime() + MAX_SKEW_MS))} (${longDate(now)} + 15 min.)`,
    );
  }
  if (sig.form === "header" && now.getTime() - t > MAX_SKEW_MS) {
    throw invalidSignature(
      `Signature expired: ${longDate(sig.signingDate)} is now earlier than ${longDate(new Date(now.getTime() - MAX_SKEW_MS))} (${longDate(now)} - 15 min.)`,
    );
  }
  if (sig.form === "query" && now.getTime() > t + (sig.expiresSeconds ?? 0) * 1000) {
    throw invalidSignature(
      `Signature expired: the request was presigned at ${longDate(sig.signingDate)} for ${sig.expiresSeconds} seconds; it is now ${longDate(now)}`,
    );
  }
}

/**
 * One key's secret, ready to check signatures: the SDK's own signer (@smithy/signature-v4) for
 * every form of request, and the signing keys derived from the secret per day and region, for the
 * header-signed calls that runners make all day (see headerSignature).
 */
export interface KeySigner {
  readonly smithy: SignatureV4;
  /** HMAC chain "AWS4"+secret → day → region → service → aws4_request, cached per day and region. */
  signingKey(shortDate: string, region: string): Buffer;
}

/** Days × regions kept per key: today and yesterday around midnight, for a region or two. */
const MAX_SIGNING_KEYS = 8;

/** A signer holding one key's secret. Kept per key (lib/auth/authenticate.ts). */
export function signerFor(accessKeyId: string, secretAccessKey: string): KeySigner {
  const smithy = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey },
    region: "us-east-1",
    service: SERVICE,
    sha256: Sha256,
    applyChecksum: false,
  });
  const keys = new Map<string, Buffer>();
  return {
    smithy,
    signingKey(shortDate, region) {
      const cacheKey = `${shortDate}/${region}`;
      const hit = keys.get(cacheKey);
      if (hit) return hit;
      let key: Buffer = Buffer.from(`AWS4${secretAccessKey}`, "utf8");
      for (const part of [shortDate, region, SERVICE, "aws4_request"])
        key = createHmac("sha256", key).update(part).digest();
      if (keys.size >= MAX_SIGNING_KEYS) keys.delete(keys.keys().next().value as string);
      keys.set(cacheKey, key);
      return key;
    },
  };
}

/** Paths whose canonical form (the SDK's normalising and escaping) is the path itself. */
const PLAIN_PATH = /^(?:\/|(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+\/?)$/;
/** Header names the SDK's signer treats like any other (see headerSignature). */
const PLAIN_HEADER_NAME = /^[a-z0-9-]+$/;
/** Headers the SDK's signer drops from the request before signing: it writes them itself. */
const GENERATED_HEADERS = new Set(["authorization", "date"]);

/**
 * The header form's signature computed directly, for the requests where it is provably the SDK
 * signer's (lib/auth/sigv4.test.ts compares the two over many requests): a plain path, no query,
 * plain signed header names. Undefined for any other request, which the SDK's signer checks.
 * The same steps as @smithy/signature-v4's signRequest with these inputs, without its copies of the
 * request, its promise per hash and the HMAC of the credentials it computes on every call to look
 * up its own signing-key cache: on a runner's three calls per cycle these were the largest part of
 * verification.
 */
export function headerSignature(
  signer: KeySigner,
  req: ReceivedRequest,
  sig: ParsedSignature,
  path: string,
  hostHeader: string,
  bodyHash: string,
): string | undefined {
  if (req.rawQuery !== "" || !PLAIN_PATH.test(path)) return undefined;
  const names = new Set<string>();
  for (const name of sig.signedHeaders) {
    if (!PLAIN_HEADER_NAME.test(name) || GENERATED_HEADERS.has(name)) return undefined;
    names.add(name);
  }
  // The SDK signer writes X-Amz-Date from the signing date (the header form always signs it).
  const amzDate = longDate(sig.signingDate);
  names.add("x-amz-date");
  const sorted = [...names].sort();
  let canonicalHeaders = "";
  for (const name of sorted) {
    const value = name === "host" ? hostHeader : name === "x-amz-date" ? amzDate : req.headers[name];
    if (value === undefined) return undefined;
    canonicalHeaders += `${name}:${value
      .replace(/[\r\n]/g, " ")
      .replace(/[ \t]+/g, " ")
      .replace(/^ | $/g, "")}\n`;
  }
  const canonicalRequest = `${req.method}\n${path}\n\n${canonicalHeaders}\n${sorted.join(";")}\n${bodyHash}`;
  const shortDate = amzDate.slice(0, 8);
  const scope = `${shortDate}/${sig.region}/${SERVICE}/aws4_request`;
  const stringToSign = `${ALGORITHM}\n${amzDate}\n${scope}\n${createHash("sha256").update(canonicalRequest, "utf8").digest("hex")}`;
  return createHmac("sha256", signer.signingKey(shortDate, sig.region)).update(stringToSign, "utf8").digest("hex");
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

function queryObject(query: [string, string][], skip: (name: string) => boolean): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of query) {
    if (skip(k)) continue;
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * True when the request carries a valid signature by this signer's secret. `paths` are the paths
 * the client may have signed: the one received and, where the server rewrites paths before the
 * handler sees them (Next's rewrites of `/` and `/api/datapipeline/`), the equivalent API paths.
 */
export async function signatureMatches(
  signer: KeySigner,
  req: ReceivedRequest,
  query: [string, string][],
  sig: ParsedSignature,
  paths: string[],
  hosts: string[] = [req.headers["host"] ?? ""],
): Promise<boolean> {
  const signable = new Set(sig.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of sig.signedHeaders) {
    const value = req.headers[name];
    if (value === undefined) return false;
    headers[name] = value;
  }
  const bodyHash = createHash("sha256").update(req.body).digest("hex");
  const declared = req.headers["x-amz-content-sha256"];
  // A declared payload hash must be the body's own, or the signature would not cover the body.
  if (sig.form === "header" && declared !== undefined && declared !== bodyHash) return false;
  for (const [path, hostHeader] of paths.flatMap((p) => hosts.map((h) => [p, h] as const))) {
    const [hostname, port] = splitHost(hostHeader);
    const base = {
      method: req.method,
      protocol: "http:",
      hostname,
      port,
      path,
      headers: { ...headers, host: hostHeader },
      body: req.body.byteLength ? req.body : undefined,
    };
    if (sig.form === "header") {
      const direct = headerSignature(signer, req, sig, path, hostHeader, bodyHash);
      if (direct !== undefined) {
        if (sameSignature(direct, sig.signature)) return true;
        continue;
      }
      const signed = await signer.smithy.sign(
        { ...base, query: queryObject(query, () => false) },
        { signingDate: sig.signingDate, signingRegion: sig.region, signableHeaders: signable },
      );
      const got = /Signature=([0-9a-f]{64})$/.exec(String(signed.headers["authorization"] ?? ""))?.[1] ?? "";
      if (sameSignature(got, sig.signature)) return true;
      continue;
    }
    // The query form's payload is empty (GET): SDK presigners hash the empty body, botocore's
    // says UNSIGNED-PAYLOAD; both describe the same bytes.
    for (const payload of [undefined, UNSIGNED_PAYLOAD]) {
      const withPayload = payload ? { ...base.headers, "x-amz-content-sha256": payload } : base.headers;
      const presigned = await signer.smithy.presign(
        { ...base, headers: withPayload, query: queryObject(query, (k) => k === "X-Amz-Signature") },
        {
          signingDate: sig.signingDate,
          signingRegion: sig.region,
          expiresIn: sig.expiresSeconds,
          signableHeaders: signable,
          unsignableHeaders:
            payload && !signable.has("x-amz-content-sha256") ? new Set(["x-amz-content-sha256"]) : undefined,
          unhoistableHeaders: new Set([...signable, "x-amz-content-sha256"]),
        },
      );
      if (sameSignature(String(presigned.query?.["X-Amz-Signature"] ?? ""), sig.signature)) return true;
    }
  }
  return false;
}

function splitHost(host: string): [string, number | undefined] {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host);
  return m ? [m[1] ?? "", m[2] ? Number(m[2]) : undefined] : [host, undefined];
}

/** A request's signature parameters, read once (preflight) and used again with the body (authenticate). */
export interface ReadSignature {
  query: [string, string][];
  sig: ParsedSignature;
}

/**
 * What can be checked before the body is read: a signature is there, is complete, and is in time.
 * (authenticate checks the time again with the body, and the signature itself.) Returns what it read,
 * which does not depend on the body, so that authenticate need not read it again.
 */
export function preflight(req: ReceivedRequest, now = new Date()): ReadSignature {
  const query = parseQuery(req.rawQuery);
  const sig = parseSignature(req, query);
  checkTime(sig, now);
  return { query, sig };
}
