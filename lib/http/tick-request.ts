// The HTTP tick: hosts without a long-lived process call /api/tick to run background work.
import { createHash, timingSafeEqual } from "node:crypto";
import { getSettings } from "@/lib/config/settings";
import { PEER_HEADER, isLoopbackAddress, trustedPeerAddress } from "@/lib/http/trusted-peer";
import { runTick } from "@/lib/scheduler/tick";

/** Compares digests, so neither the content nor the length of a secret leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Allowed with `Authorization: Bearer <TICK_TOKEN or CRON_SECRET>`. With neither set, only callers
 * whose socket address is loopback, as the self-hosted server saw it (lib/http/trusted-peer.ts):
 * never judged by the Host header or any other header a client writes. Where no socket is known
 * (`next start`, Vercel), a token is the only way in.
 */
export function isTickAllowed(req: Request): boolean {
  const secrets = [getSettings().TICK_TOKEN, getSettings().CRON_SECRET].filter((s): s is string => !!s);
  if (secrets.length > 0) {
    const auth = req.headers.get("authorization") ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice("Bearer ".length) : null;
    // Every secret is compared, so which one matched (or that none did) takes the same time.
    let ok = false;
    for (const s of secrets) if (token !== null && sameSecret(token, s)) ok = true;
    return ok;
  }
  return isLoopbackAddress(trustedPeerAddress(req.headers.get(PEER_HEADER)));
}

export async function runBackgroundTickRequest(req: Request): Promise<Response> {
  if (!isTickAllowed(req)) {
    return Response.json(
      {
        __type: "AccessDeniedException",
        message:
          "Send TICK_TOKEN (or Vercel's CRON_SECRET) as a bearer token; without either, only loopback callers of `npm start` may tick",
      },
      { status: 403 },
    );
  }
  return Response.json(await runTick());
}
