// The session of a console page (server components): resolved once per request from the cookie;
// a page without one sends the browser to the sign-in page, back to where it was going after.
import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { sessionContext } from "@/lib/console/session-context";
import type { OperationContext } from "@/lib/operations/operation-context";
import { safeNextPath } from "./next-path";
import { resolveSessionToken, type ConsoleSession } from "./sessions";
import { SESSION_COOKIE } from "./session-token";

/** The request's path and query, set by proxy.ts (server components are not told their URL). */
export const PATH_HEADER = "x-pipelinehouse-path";

export const currentConsoleSession = cache(async (): Promise<ConsoleSession | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return resolveSessionToken(token);
});

/** The signed-in user, or a redirect to the sign-in page. */
export async function requirePageSession(): Promise<ConsoleSession> {
  const session = await currentConsoleSession();
  if (session) return session;
  const hadCookie = !!(await cookies()).get(SESSION_COOKIE)?.value;
  const next = safeNextPath((await headers()).get(PATH_HEADER));
  redirect(`/sign-in?${hadCookie ? "notice=expired&" : ""}next=${encodeURIComponent(next)}`);
}

/** The OperationContext for a page's server-side prefetch: the signed-in user's account. */
export async function pageContext(): Promise<OperationContext> {
  return sessionContext(await requirePageSession());
}
