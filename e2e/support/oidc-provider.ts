// A local OpenID Connect provider for the single sign-on spec (the oidc-provider package), started
// by playwright.config.ts next to the console. Its development login form accepts any login with
// any password; the login decides the role claim: "admin-..." gets admin, "viewer-..." viewer,
// "norole-..." none, anything else operator. Consent is granted without asking.
import Provider, { type KoaContextWithOIDC } from "oidc-provider";

const port = Number(process.env.E2E_OIDC_PORT ?? 3199);
const consoleUrl = process.env.E2E_CONSOLE_URL ?? "http://127.0.0.1:3100";
export const ROLE_CLAIM = "pipelinehouse_role";

function roleFor(login: string): string | undefined {
  if (login.startsWith("admin")) return "admin";
  if (login.startsWith("viewer")) return "viewer";
  if (login.startsWith("norole")) return undefined;
  return "operator";
}

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: "pipelinehouse-e2e",
      client_secret: "pipelinehouse-e2e-secret-0123456789",
      redirect_uris: [`${consoleUrl}/api/console/oidc/callback`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], [ROLE_CLAIM]: [ROLE_CLAIM] },
  async findAccount(_ctx: KoaContextWithOIDC, id: string) {
    return {
      accountId: id,
      async claims() {
        const role = roleFor(id);
        return {
          sub: id,
          email: `${id}@sso.example.test`,
          email_verified: true,
          name: `SSO ${id}`,
          ...(role ? { [ROLE_CLAIM]: role } : {}),
        };
      },
    };
  },
  // No consent screen: the test provider grants what the console asks for.
  async loadExistingGrant(ctx: KoaContextWithOIDC) {
    const oidc = ctx.oidc;
    const clientId = oidc.client!.clientId;
    const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(clientId);
    if (grantId) {
      const existing = await oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new oidc.provider.Grant({ clientId, accountId: oidc.session!.accountId! });
    grant.addOIDCScope(`openid email profile ${ROLE_CLAIM}`);
    await grant.save();
    return grant;
  },
  pkce: { required: () => true },
});

provider.listen(port, "127.0.0.1", () => {
  console.log(`test OpenID provider on http://127.0.0.1:${port}`);
});
