// The console's session cookie: a random token the browser holds; the database keeps only its
// SHA-256, so a leaked table (or backup) signs nobody in. httpOnly (scripts cannot read it),
// SameSite=Lax (other sites' POSTs do not carry it), Secure behind HTTPS, Path=/.
import "server-only";
import { createHash, randomBytes } from "node:crypto";

export const SESSION_COOKIE = "pipelinehouse_session";

export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The value of one cookie in a Cookie header, or null. */
export function readCookie(cookieHeader: string | null | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value === "" ? null : value;
    }
  }
  return null;
}

/** The token's shape: 43 base64url characters; anything else is not looked up. */
export function isWellFormedToken(token: string | null): token is string {
  return !!token && /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function sessionCookie(token: string, opts: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${opts.maxAgeSeconds}`,
    ...(opts.secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearedSessionCookie(opts: { secure: boolean }): string {
  return [
    `${SESSION_COOKIE}=`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    "Max-Age=0",
    ...(opts.secure ? ["Secure"] : []),
  ].join("; ");
}
