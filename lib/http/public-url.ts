// PUBLIC_URL: the one address users reach the console at. When it is set, the server answers only
// for its host name (a DNS-rebinding page on another name gets nothing), the console's own origin is
// exactly its origin, and an https PUBLIC_URL means "behind HTTPS" (Secure cookies, HSTS). Read from
// the environment directly (not getSettings) so the launcher (scripts/serve.ts) can use it cheaply.

let cached: { raw: string | undefined; url: URL | null } | undefined;

/** The parsed PUBLIC_URL, or null when unset. A malformed value is a start-up error, not a silent "allow all". */
export function publicUrl(): URL | null {
  const raw = process.env.PUBLIC_URL?.trim() || undefined;
  if (cached && cached.raw === raw) return cached.url;
  let url: URL | null = null;
  if (raw) {
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`PUBLIC_URL is not a URL: ${raw}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new Error(`PUBLIC_URL must be an http(s) URL: ${raw}`);
  }
  cached = { raw, url };
  return url;
}

/** Paths every host may reach: health checks from load balancers and orchestrators use whatever name they like. */
const ANY_HOST_PATHS = new Set(["/api/health"]);

/**
 * True when a request for `host` (the Host header) at `path` may be served. Without PUBLIC_URL every
 * host is served; with it, only its host (name and port, case-insensitive).
 */
export function isHostAllowed(host: string | null | undefined, path: string): boolean {
  const url = publicUrl();
  if (!url) return true;
  if (ANY_HOST_PATHS.has(path)) return true;
  if (!host) return false;
  return host.trim().toLowerCase() === url.host.toLowerCase();
}

/** The AWS-shaped refusal for a request to a host name other than PUBLIC_URL's. */
export function wrongHostBody(): string {
  const url = publicUrl();
  return JSON.stringify({
    __type: "AccessDeniedException",
    message: `This server answers only for ${url?.host ?? "its PUBLIC_URL"} (PUBLIC_URL)`,
  });
}

/** The status of that refusal: 421 Misdirected Request, "this server is not the one for that name". */
export const WRONG_HOST_STATUS = 421;
