// Where to go after signing in: only a path on this site (never `//evil.example` or a URL), so
// the sign-in page cannot be used to send a user elsewhere.
import "server-only";
export function safeNextPath(next: string | undefined | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/sign-in") || next.startsWith("/api/")) return "/";
  return next;
}
