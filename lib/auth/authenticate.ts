import { getPool } from "@/lib/store/db";
import { findKeysForAuth, touchKeyLastUsed, type KeyForAuth } from "@/lib/store/access-keys";
import { GroupCommit } from "@/lib/batching/coalesce";
import { ServiceError } from "@/lib/protocol/errors";
import { ensureBootstrapped } from "./bootstrap";
import { isApiRole, roleAllows, type ApiRole } from "./roles";
import { open } from "./secret-box";
import { serverKey } from "./server-key";
import {
  checkTime,
  parseQuery,
  parseSignature,
  signatureMatches,
  signatureMismatch,
  signerFor,
  unrecognizedClient,
  type KeySigner,
  type ReadSignature,
  type ReceivedRequest,
} from "./sigv4";
import { startVerifySpan } from "./verify-meter";
import { publicUrl } from "@/lib/http/public-url";
import { logger } from "@/lib/log/logger";

// Who is calling: the access key whose SigV4 signature the request carries. Every API call goes
// through here before it is parsed or run; nothing is served unsigned.
//
// The key's row (account, role, disabled) is read for every call by a statement that starts after
// the call arrived, so disabling or deleting a key takes effect at once on every app instance.
// Calls that arrive while such a statement runs share the next one (group commit,
// lib/batching/coalesce.ts): a runner's three calls per cycle, times every runner, were one
// round trip each. What costs CPU is cached per process: the decrypted
// secret and its signer (checked against the sealed bytes of the row, so a changed secret is never
// served from the cache), and the signing key derived from it per day and region (lib/auth/sigv4.ts).

export interface ApiPrincipal {
  accountId: string;
  accessKeyId: string;
  role: ApiRole;
}

interface CachedSigner {
  sealed: Buffer;
  signer: KeySigner;
}

const MAX_CACHED_SIGNERS = 10_000;
const signers = new Map<string, CachedSigner>();
/** At most one last-use write per key per process per minute: the hot path stays read-only. */
const LAST_USED_EVERY_MS = 60_000;
const lastUseWritten = new Map<string, number>();
const undecryptableLogged = new Set<string>();

let keyLookups: GroupCommit<string, KeyForAuth | undefined> | undefined;

/** The row of this key, read by a statement that starts after this call (undefined: unknown key). */
function lookUpKey(accessKeyId: string): Promise<KeyForAuth | undefined> {
  keyLookups ??= new GroupCommit(async (ids) => {
    const rows = await findKeysForAuth(await getPool(), [...new Set(ids)]);
    return ids.map((id) => rows.get(id));
  });
  return keyLookups.submit(accessKeyId);
}

function signerForRow(accessKeyId: string, sealed: Buffer): KeySigner | undefined {
  const hit = signers.get(accessKeyId);
  if (hit && hit.sealed.equals(sealed)) return hit.signer;
  const secret = open(serverKey(), sealed, accessKeyId);
  if (secret === undefined) {
    if (!undecryptableLogged.has(accessKeyId)) {
      undecryptableLogged.add(accessKeyId);
      logger().error(
        { accessKeyId },
        `access key ${accessKeyId} cannot be decrypted with this server's key: SECRET_KEY (or DATA_DIR/secret-key) differs from the one it was created under; its calls are refused`,
      );
    }
    return undefined;
  }
  if (signers.size >= MAX_CACHED_SIGNERS) signers.delete(signers.keys().next().value as string);
  const signer = signerFor(accessKeyId, secret);
  signers.set(accessKeyId, { sealed: Buffer.from(sealed), signer });
  return signer;
}

function recordUse(accessKeyId: string, now: Date): void {
  const last = lastUseWritten.get(accessKeyId) ?? 0;
  if (now.getTime() - last < LAST_USED_EVERY_MS) return;
  if (lastUseWritten.size >= MAX_CACHED_SIGNERS) lastUseWritten.clear();
  lastUseWritten.set(accessKeyId, now.getTime());
  void getPool()
    .then((pool) => touchKeyLastUsed(pool, accessKeyId, now))
    .catch((err: unknown) => logger().warn({ err, accessKeyId }, "could not record the use of an access key"));
}

/**
 * The Host values a client may have signed: the one received and, behind a reverse proxy (or
 * Next's own proxy rewrite, which re-addresses the request to localhost), the forwarded host and
 * PUBLIC_URL's. Like the path, the host only routes the call; the signature still covers the key,
 * time, operation and body.
 */
function signableHosts(headers: Record<string, string>): string[] {
  const hosts = [headers["host"] ?? ""];
  const forwarded = headers["x-forwarded-host"]?.split(",")[0]?.trim();
  if (forwarded) hosts.push(forwarded);
  const url = publicUrl();
  if (url) hosts.push(url.host);
  return [...new Set(hosts)];
}

export interface Authenticated {
  principal: ApiPrincipal;
  /** The decoded query parameters (the query form's input, signature parameters included). */
  query: [string, string][];
}

/**
 * Verifies the request's signature and answers who signed it; throws the AWS error a client
 * expects otherwise. `paths`: the paths the client may have signed (see signatureMatches); `read`:
 * what preflight read of this request, when it ran.
 */
export async function authenticate(
  req: ReceivedRequest,
  paths: string[],
  now = new Date(),
  read?: ReadSignature,
): Promise<Authenticated> {
  // Only under `npm run bench` (see verify-meter.ts); undefined everywhere else.
  const span = startVerifySpan();
  try {
    // `read`: preflight's reading of the same request's headers and query (they do not change).
    const query = read?.query ?? parseQuery(req.rawQuery);
    const sig = read?.sig ?? parseSignature(req, query);
    // Again, with the body read: reading it may have taken a while.
    checkTime(sig, now);
    span?.pause();
    await ensureBootstrapped();
    const key = await lookUpKey(sig.accessKeyId);
    span?.resume();
    if (!key || key.disabled || !isApiRole(key.role)) throw unrecognizedClient();
    const signer = signerForRow(sig.accessKeyId, key.secretEncrypted);
    if (!signer) throw unrecognizedClient();
    if (!(await signatureMatches(signer, req, query, sig, paths, signableHosts(req.headers))))
      throw signatureMismatch();
    return { principal: { accountId: key.accountId, accessKeyId: sig.accessKeyId, role: key.role }, query };
  } finally {
    span?.end();
  }
}

/** Refuses an operation the key's role does not allow; records the key's use otherwise. */
export function authorize(principal: ApiPrincipal, operation: string, now = new Date()): void {
  if (!roleAllows(principal.role, operation)) {
    throw new ServiceError(
      "AccessDeniedException",
      `Access key ${principal.accessKeyId} (role ${principal.role}) is not authorized to perform: datapipeline:${operation}`,
    );
  }
  recordUse(principal.accessKeyId, now);
}
