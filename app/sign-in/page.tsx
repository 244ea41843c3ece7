import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentConsoleSession } from "@/lib/console-auth/page-session";
import { oidcConfigured, oidcDisplayName } from "@/lib/console-auth/oidc-settings";
import { safeNextPath } from "@/lib/console-auth/next-path";
import { SignInForm } from "./sign-in-form";
import buttonCss from "@/components/ui/button.module.css";
import styles from "./sign-in.module.css";
import bannerCss from "@/components/ui/banner.module.css";
import { cx } from "@/components/ui/cx";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

const MESSAGES: Record<string, string> = {
  expired: "Your session ended. Sign in again.",
  "signed-out": "You are signed out.",
  sso: "Single sign-on did not complete. Try again, or sign in with your email and password.",
  "sso-role": "Your single sign-on account has no pipelinehouse role. Ask an administrator for one.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const next = safeNextPath(typeof sp.next === "string" ? sp.next : undefined);
  if (await currentConsoleSession()) redirect(next);
  const notice = typeof sp.notice === "string" ? MESSAGES[sp.notice] : undefined;
  return (
    <main id="main" className={styles.signIn}>
      <div className={styles.card}>
        <h1 className={styles.title}>
          <svg viewBox="0 0 16 16" width="22" height="22" aria-hidden="true" focusable="false">
            <path
              d="M1 4h5v3H1zM10 1h5v3h-5zM10 9h5v3h-5zM6 5.5h2v-3h2M8 5.5v5h2"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.4"
            />
          </svg>
          Sign in to pipelinehouse
        </h1>
        {notice ? (
          <p
            className={cx(
              bannerCss.banner,
              sp.notice === "sso" || sp.notice === "sso-role" ? bannerCss.error : bannerCss.info,
            )}
            role="status"
          >
            {notice}
          </p>
        ) : null}
        <SignInForm next={next} />
        {oidcConfigured() ? (
          <p className={styles.sso}>
            <a className={buttonCss.btn} href={`/api/console/oidc/start?next=${encodeURIComponent(next)}`}>
              Sign in with {oidcDisplayName()}
            </a>
          </p>
        ) : null}
      </div>
    </main>
  );
}
