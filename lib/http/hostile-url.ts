// Request targets that no page or route could answer sensibly: a percent-encoded NUL (`%00`) or
// percent-escapes that are not valid UTF-8 (`%ED%A0%80` is a UTF-16 surrogate written as UTF-8,
// `%FF` is no UTF-8 at all). Next would hand the first to the store, which refuses it with a 500,
// and fail on the second while decoding; the self-hosted server answers both with a 400 up front.

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Why this request target (path and query) is refused, or null when it is fine. Cheap when it has no `%`. */
export function hostileTargetReason(target: string): string | null {
  if (!target.includes("%")) return target.includes("\0") ? "the address contains a NUL character" : null;
  const escapes = /(?:%[0-9A-Fa-f]{2})+/g;
  for (const m of target.matchAll(escapes)) {
    const bytes = Uint8Array.from(m[0].slice(1).split("%"), (h) => parseInt(h, 16));
    if (bytes.includes(0)) return "the address contains an encoded NUL character (%00)";
    try {
      decoder.decode(bytes);
    } catch {
      return `the address contains percent-escapes that are not valid UTF-8 (${m[0].slice(0, 30)})`;
    }
  }
  return null;
}

export type HostileTargetReply = { status: 400; contentType: string; body: string };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The answer in the shape the caller expects: AWS JSON for the API, the BFF's JSON, or a page. */
export function hostileTargetReply(target: string, reason: string): HostileTargetReply {
  const path = target.split("?")[0] ?? "";
  if (path.startsWith("/api/console/")) {
    return {
      status: 400,
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "BAD_REQUEST", message: `Bad request: ${reason}` } }),
    };
  }
  if (path.startsWith("/api/") || /[?&]Action=/.test(target)) {
    return {
      status: 400,
      contentType: "application/x-amz-json-1.1",
      body: JSON.stringify({ __type: "InvalidRequestException", message: `Bad request: ${reason}` }),
    };
  }
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad address</title></head><body><main><h1>Bad address</h1><p>This page cannot be shown: ${escapeHtml(reason)}.</p><p><a href="/">Back to the pipelines</a></p></main></body></html>`;
  return { status: 400, contentType: "text/html; charset=utf-8", body };
}

/** The reply as a Web Response (the proxy and route handlers; scripts/serve.ts writes its own): never cached. */
export function hostileTargetResponse(target: string, reason: string): Response {
  const r = hostileTargetReply(target, reason);
  return new Response(r.body, {
    status: r.status,
    headers: { "content-type": r.contentType, "cache-control": "no-store" },
  });
}
