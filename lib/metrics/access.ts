// Who may read /metrics: with METRICS_TOKEN set, whoever sends it as a bearer token; unset, only
// callers whose socket address is loopback as `npm start` saw it (lib/http/trusted-peer.ts), never
// judged by a header a client writes. Under `next start` and on Vercel no socket address is known,
// so without a token nobody may read it there: fail closed.
import { createHash, timingSafeEqual } from "node:crypto";
import { getSettings } from "@/lib/config/settings";
import { PEER_HEADER, isLoopbackAddress, trustedPeerAddress } from "@/lib/http/trusted-peer";

export type MetricsAccess = { allowed: true } | { allowed: false; status: 401 | 403; message: string };

/** Compares digests, so neither the content nor the length of the token leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash("sha256").update(given).digest(), createHash("sha256").update(expected).digest());
}

export function metricsAccess(header: (name: string) => string | null): MetricsAccess {
  const token = getSettings().METRICS_TOKEN;
  if (token) {
    const auth = header("authorization");
    if (!auth)
      return {
        allowed: false,
        status: 401,
        message: "Send METRICS_TOKEN as a bearer token (Authorization: Bearer ...)",
      };
    const given = auth.startsWith("Bearer ") ? auth.slice("Bearer ".length) : "";
    return sameSecret(given, token)
      ? { allowed: true }
      : { allowed: false, status: 403, message: "The bearer token is not METRICS_TOKEN" };
  }
  if (isLoopbackAddress(trustedPeerAddress(header(PEER_HEADER)))) return { allowed: true };
  return {
    allowed: false,
    status: 403,
    message:
      "Without METRICS_TOKEN only loopback callers of `npm start` may read /metrics; set METRICS_TOKEN (required under `next start`)",
  };
}
