import { OIDC_FLOW_COOKIE, SingleSignOnRefused, completeSignIn } from "@/lib/console-auth/oidc";
import { readCookie, sessionCookie } from "@/lib/console-auth/session-token";
import { isBehindHttps } from "@/lib/http/security-headers";
import { clientAddress } from "@/lib/http/trusted-peer";
import { secured } from "../../_lib/console-route";
import { logger } from "@/lib/log/logger";

export const dynamic = "force-dynamic";

// GET /api/console/oidc/callback?code=...&state=... – the provider sends the browser back here.
// Every failure ends on the sign-in page with a notice; the details go to the server log only.
export const GET = secured(callback);

async function callback(req: Request): Promise<Response> {
  const header = (n: string) => req.headers.get(n);
  const secure = isBehindHttps(header);
  const clearFlow = `${OIDC_FLOW_COOKIE}=; Path=/api/console/oidc; HttpOnly; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
  const answer = (location: string, cookies: string[]) => {
    const headers = new Headers({ location, "cache-control": "no-store" });
    for (const c of cookies) headers.append("set-cookie", c);
    return new Response(null, { status: 303, headers });
  };
  try {
    const addr = clientAddress(header);
    const { started, next } = await completeSignIn(req.url, header, readCookie(header("cookie"), OIDC_FLOW_COOKIE), {
      ip: addr === "unknown" ? null : addr,
      userAgent: header("user-agent"),
    });
    return answer(next, [clearFlow, sessionCookie(started.token, { secure, maxAgeSeconds: started.maxAgeSeconds })]);
  } catch (err) {
    logger().error({ err }, "single sign-on failed");
    return answer(`/sign-in?notice=${err instanceof SingleSignOnRefused ? err.reason : "sso"}`, [clearFlow]);
  }
}
