// The caller's socket address, for the checks that must not trust what a client says (the loopback
// rule of /api/tick, per-address sign-in throttling). Next's route handlers never see the socket,
// so the self-hosted server (scripts/serve.ts), which does, stamps each request with a header that
// carries the address and a secret known only to this process; any copy of the header a client
// sent is removed first. A header without the right secret is ignored.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const PEER_HEADER = "x-pipelinehouse-peer";

const registry = globalThis as { __pipelinehousePeerKey?: string };

function peerKey(): string {
  registry.__pipelinehousePeerKey ??= randomBytes(24).toString("hex");
  return registry.__pipelinehousePeerKey;
}

/** Called by scripts/serve.ts for every request, before Next or the direct path sees it. */
export function stampPeer(req: IncomingMessage): void {
  delete req.headers[PEER_HEADER];
  const addr = req.socket.remoteAddress;
  if (addr) req.headers[PEER_HEADER] = `${peerKey()} ${addr}`;
}

/** The socket address stamped by this process's server, or null (not stamped, or forged). */
export function trustedPeerAddress(header: string | null | undefined): string | null {
  const key = registry.__pipelinehousePeerKey;
  if (!key || !header) return null;
  const space = header.indexOf(" ");
  if (space < 0) return null;
  const given = Buffer.from(header.slice(0, space));
  const expected = Buffer.from(key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return header.slice(space + 1);
}

/** Loopback socket addresses: 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopbackAddress(addr: string | null): boolean {
  if (!addr) return false;
  const a = addr.toLowerCase().replace(/^::ffff:/, "");
  return a === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/**
 * The caller's address for throttling: the stamped socket address; on Vercel (no stamping) the
 * address its edge sets, which a client cannot override there. "unknown" otherwise.
 */
export function clientAddress(header: (name: string) => string | null): string {
  const stamped = trustedPeerAddress(header(PEER_HEADER));
  if (stamped) return stamped.replace(/^::ffff:/, "");
  if (process.env.VERCEL) return header("x-real-ip") ?? header("x-forwarded-for")?.split(",")[0]?.trim() ?? "unknown";
  return "unknown";
}
