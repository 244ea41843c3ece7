// Single sign-on with an OpenID Connect provider (openid-client): the authorization code flow with
// PKCE, state and nonce. The browser carries the flow's secrets in a short-lived httpOnly cookie
// between the start and the callback; the callback checks them, reads the role claim (from the ID
// token, or userinfo when the provider keeps claims there), and signs the user in. The user is
// found by issuer and subject; the provider's role is applied at every sign-in, so removing someone
// from a group at the provider takes effect at their next sign-in.
import "server-only";
import * as client from "openid-client";
import { getSettings } from "@/lib/config/settings";
import { publicUrl } from "@/lib/http/public-url";
import { isBehindHttps } from "@/lib/http/security-headers";
import { ConsoleError } from "@/lib/console/errors";
import { upsertSingleSignOnUser } from "@/lib/store/console-sso";
import { runInTransaction } from "@/lib/store/transaction";
import { parseRoleMap, roleFromClaims } from "./oidc-roles";
import { oidcConfigured } from "./oidc-settings";
import { startSession, type StartedSession } from "./sessions";

export const OIDC_FLOW_COOKIE = "pipelinehouse_oidc";
/** The flow must finish within this long. */
export const OIDC_FLOW_SECONDS = 600;
export const CALLBACK_PATH = "/api/console/oidc/callback";

interface FlowState {
  verifier: string;
  state: string;
  nonce: string;
  next: string;
}

export class SingleSignOnRefused extends Error {
  constructor(
    readonly reason: "sso" | "sso-role",
    message: string,
  ) {
    super(message);
  }
}

let configPromise: Promise<client.Configuration> | null = null;

/** The provider's configuration, discovered once per process (again after a failure). */
function providerConfig(): Promise<client.Configuration> {
  if (!oidcConfigured()) throw new ConsoleError("NOT_FOUND", "Single sign-on is not configured");
  const s = getSettings();
  configPromise ??= client
    .discovery(new URL(s.OIDC_ISSUER!), s.OIDC_CLIENT_ID!, undefined, client.ClientSecretBasic(s.OIDC_CLIENT_SECRET!), {
      // An http:// issuer is an explicit choice of whoever configured it (a provider on the same host or network).
      execute: new URL(s.OIDC_ISSUER!).protocol === "http:" ? [client.allowInsecureRequests] : [],
      timeout: 10,
    })
    .catch((err: unknown) => {
      configPromise = null;
      throw err;
    });
  return configPromise;
}

/**
 * Where the provider sends the browser back: PUBLIC_URL's origin, else the origin the browser
 * used (its Host header; https behind a TLS proxy), which is what the provider has registered.
 */
export function callbackUrl(header: (name: string) => string | null): URL {
  const pub = publicUrl();
  if (pub) return new URL(CALLBACK_PATH, pub.origin);
  const host = header("host");
  if (!host) throw new SingleSignOnRefused("sso", "The request names no Host");
  return new URL(CALLBACK_PATH, `${isBehindHttps(header) ? "https" : "http"}://${host}`);
}

export async function beginSignIn(
  header: (name: string) => string | null,
  next: string,
): Promise<{ redirectTo: URL; flowCookie: string }> {
  const config = await providerConfig();
  const flow: FlowState = {
    verifier: client.randomPKCECodeVerifier(),
    state: client.randomState(),
    nonce: client.randomNonce(),
    next,
  };
  const redirectTo = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(header).href,
    scope: getSettings().OIDC_SCOPES,
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  });
  return { redirectTo, flowCookie: Buffer.from(JSON.stringify(flow)).toString("base64url") };
}

function readFlow(cookieValue: string | null): FlowState | null {
  if (!cookieValue) return null;
  try {
    const f = JSON.parse(Buffer.from(cookieValue, "base64url").toString("utf8")) as Partial<FlowState>;
    if (
      typeof f.verifier === "string" &&
      typeof f.state === "string" &&
      typeof f.nonce === "string" &&
      typeof f.next === "string"
    )
      return f as FlowState;
  } catch {
    // an unreadable cookie is no flow
  }
  return null;
}

/** Finishes the flow: checks state, nonce and PKCE, reads the role, and starts a session. */
export async function completeSignIn(
  requestUrl: string,
  header: (name: string) => string | null,
  flowCookie: string | null,
  client_: { ip: string | null; userAgent: string | null },
): Promise<{ started: StartedSession; next: string }> {
  const flow = readFlow(flowCookie);
  if (!flow) throw new SingleSignOnRefused("sso", "The sign-in flow's cookie is missing or expired");
  const config = await providerConfig();
  // The provider answered on our callback URL; check it as that URL (a proxy may have changed the host we see).
  const current = callbackUrl(header);
  current.search = new URL(requestUrl).search;
  const tokens = await client.authorizationCodeGrant(config, current, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims();
  if (!idClaims) throw new SingleSignOnRefused("sso", "The provider sent no ID token");
  const s = getSettings();
  let claims: Record<string, unknown> = { ...idClaims };
  if (claims[s.OIDC_ROLE_CLAIM] === undefined || claims.email === undefined) {
    const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    claims = { ...info, ...claims };
  }
  const role = roleFromClaims(claims, s.OIDC_ROLE_CLAIM, parseRoleMap(s.OIDC_ROLE_MAP));
  if (!role) throw new SingleSignOnRefused("sso-role", `The claim ${s.OIDC_ROLE_CLAIM} gives no console role`);
  const email =
    typeof claims.email === "string" && claims.email.includes("@")
      ? claims.email
      : `${idClaims.sub}@${new URL(s.OIDC_ISSUER!).hostname}`;
  const name = typeof claims.name === "string" ? claims.name : null;
  const userId = await runInTransaction((tx) =>
    upsertSingleSignOnUser(tx, {
      issuer: idClaims.iss,
      subject: idClaims.sub,
      email,
      name,
      accountId: s.ACCOUNT_ID,
      role,
    }),
  );
  return { started: await startSession(userId, client_), next: flow.next };
}
