import { randomUUID } from "node:crypto";
import { signOut } from "@/lib/console-auth/sessions";
import { clearedSessionCookie } from "@/lib/console-auth/session-token";
import { isBehindHttps } from "@/lib/http/security-headers";
import { NO_STORE, consoleErrorResponse, secured, refuseCrossSite } from "../../_lib/console-route";

export const dynamic = "force-dynamic";

// POST /api/console/session/sign-out – ends the session on the server and clears the cookie
export const POST = secured(post);

async function post(req: Request): Promise<Response> {
  const requestId = randomUUID();
  try {
    refuseCrossSite(req);
    await signOut(req.headers.get("cookie"));
    return Response.json(
      { signedOut: true },
      {
        headers: {
          ...NO_STORE,
          "set-cookie": clearedSessionCookie({ secure: isBehindHttps((n) => req.headers.get(n)) }),
        },
      },
    );
  } catch (err) {
    return consoleErrorResponse(err, requestId);
  }
}
