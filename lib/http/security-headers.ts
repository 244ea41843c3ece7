// The headers every response carries, whichever path served it (Next's proxy.ts, the API route, or
// the self-hosted server's direct path in scripts/serve.ts). Kept free of imports beyond
// public-url.ts so the launcher can load it.
import { publicUrl } from "./public-url";

// Next's App Router inlines its bootstrap scripts and React sets inline styles, so scripts and
// styles allow 'unsafe-inline' from this origin only; nothing may be loaded from, framed by or
// posted to another origin. `next dev` also needs eval for its refresh runtime.
const cspByMode: { dev?: string; prod?: string } = {};

function contentSecurityPolicy(): string {
  const dev = process.env.NODE_ENV === "development";
  // Built once per mode: every response carries it, API calls included.
  return (cspByMode[dev ? "dev" : "prod"] ??= [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; "));
}

/**
 * True when the browser reached us over HTTPS: PUBLIC_URL says https, or the TLS-terminating proxy
 * in front says so (X-Forwarded-Proto, as Vercel, nginx and load balancers send it).
 */
export function isBehindHttps(header: (name: string) => string | null | undefined): boolean {
  if (publicUrl()?.protocol === "https:") return true;
  const proto = header("x-forwarded-proto");
  return !!proto && proto.split(",")[0]!.trim().toLowerCase() === "https";
}

/** The security headers for one response. HSTS only behind HTTPS: over plain HTTP browsers ignore it, and a local console must stay reachable. */
export function securityHeaders(https: boolean): [string, string][] {
  const headers: [string, string][] = [
    ["content-security-policy", contentSecurityPolicy()],
    ["x-content-type-options", "nosniff"],
    ["referrer-policy", "same-origin"],
    ["x-frame-options", "DENY"],
    ["cross-origin-opener-policy", "same-origin"],
  ];
  if (https) headers.push(["strict-transport-security", "max-age=31536000; includeSubDomains"]);
  return headers;
}

/** Adds the security headers to a Web Response (mutable headers) and returns it. */
export function withSecurityHeaders(res: Response, req: Request): Response {
  for (const [k, v] of securityHeaders(isBehindHttps((n) => req.headers.get(n)))) res.headers.set(k, v);
  return res;
}
