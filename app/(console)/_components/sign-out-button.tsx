"use client";
// Ends the session on the server, then leaves the console for the sign-in page.

import { useState } from "react";
import { apiPost } from "@/lib/query/api-client";
import buttonCss from "@/components/ui/button.module.css";
import { cx } from "@/components/ui/cx";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={cx(buttonCss.btn, buttonCss.small)}
      disabled={pending}
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
