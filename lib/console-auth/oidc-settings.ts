// Whether single sign-on is on: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET all set. Some
// but not all is a configuration mistake, reported at the first use rather than ignored.
import "server-only";
import { getSettings } from "@/lib/config/settings";

export function oidcConfigured(): boolean {
  const s = getSettings();
  const set = [s.OIDC_ISSUER, s.OIDC_CLIENT_ID, s.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (set === 0) return false;
  if (set < 3) throw new Error("Single sign-on needs all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET");
  return true;
}

export function oidcDisplayName(): string {
  return getSettings().OIDC_NAME;
}
