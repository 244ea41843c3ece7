"use client";
// Ends the session on the server, then leaves the console for the sign-in page.

import { useState } from "react";
import { apiPost } from "@/lib/query/api-client";
import buttonCss from "@/components/ui/button.module.css";
import { cx } from "@/components/ui/cx";
import { useHydrated } from "@/components/use-hydrated";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  // Its only action is the click handler: until that is attached, the button says it cannot be used.
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      className={cx(buttonCss.btn, buttonCss.small)}
      disabled={pending || !hydrated}
      onClick={async () => {
        setPending(true);
        await apiPost("/api/console/session/sign-out", {}).catch(() => undefined);
        window.location.assign("/sign-in?notice=signed-out");
      }}
    >
      Sign out
    </button>
  );
}
