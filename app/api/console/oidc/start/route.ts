import { OIDC_FLOW_COOKIE, OIDC_FLOW_SECONDS, beginSignIn } from "@/lib/console-auth/oidc";
import { safeNextPath } from "@/lib/console-auth/next-path";
import { isBehindHttps } from "@/lib/http/security-headers";
import { secured } from "../../_lib/console-route";
import { logger } from "@/lib/log/logger";

export const dynamic = "force-dynamic";

// GET /api/console/oidc/start?next=/path – off to the OpenID Connect provider (a link, so a GET:
// it changes nothing here but a short-lived cookie holding the flow's secrets).
export const GET = secured(start);

async function start(req: Request): Promise<Response> {
  const next = safeNextPath(new URL(req.url).searchParams.get("next"));
  try {
    const { redirectTo, flowCookie } = await beginSignIn((n) => req.headers.get(n), next);
    const secure = isBehindHttps((n) => req.headers.get(n));
    return new Response(null, {
      status: 303,
      headers: {
        location: redirectTo.href,
        "cache-control": "no-store",
        "set-cookie": `${OIDC_FLOW_COOKIE}=${flowCookie}; Path=/api/console/oidc; HttpOnly; SameSite=Lax; Max-Age=${OIDC_FLOW_SECONDS}${secure ? "; Secure" : ""}`,
      },
    });
  } catch (err) {
    logger().error({ err }, "single sign-on could not start");
    return new Response(null, {
      status: 303,
      headers: { location: "/sign-in?notice=sso", "cache-control": "no-store" },
    });
  }
}
