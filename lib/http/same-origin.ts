// Requests from other sites. A console mutation is accepted only as application/json from the
// console's own origin: a form on another site can only send form encodings or text/plain, a
// `no-cors` fetch cannot set a JSON content type, and a CORS fetch from another origin carries that
// origin in Origin. Browsers send Origin on every POST; Sec-Fetch-Site is a second witness.
import { publicUrl } from "./public-url";

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/** The console's own origin as the request names it: PUBLIC_URL's, else the Host it was sent to. */
function isOwnOrigin(origin: string, header: (name: string) => string | null): boolean {
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  const pub = publicUrl();
  if (pub) return o.origin === pub.origin;
  const host = header("host");
  return !!host && o.host.toLowerCase() === host.trim().toLowerCase();
}

/**
 * Why a state-changing console request must be refused, or null when it may proceed. `header`
 * reads a request header by lower-case name.
 */
export function crossSiteRefusal(header: (name: string) => string | null): string | null {
  if (mediaType(header("content-type")) !== "application/json")
    return "Console changes must be sent as application/json";
  const site = header("sec-fetch-site");
  if (site && site !== "same-origin") return "Console changes are accepted only from the console's own pages";
  const origin = header("origin");
  if (origin)
    return isOwnOrigin(origin, header) ? null : "Console changes are accepted only from the console's own origin";
  // No Origin: only a browser that says the request is same-origin (older engines omit Origin on same-origin requests).
  return site === "same-origin" ? null : "Console changes must carry the console's own Origin";
}
