"use client";
// The email and password form. Posts JSON to the BFF (the same-origin rules of every console
// change apply to signing in too), then loads the page the user was going to.

import { useId, useState, type FormEvent } from "react";
import buttonCss from "@/components/ui/button.module.css";
import formCss from "@/components/ui/form.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorId = useId();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const res = await fetch("/api/console/session", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ email: data.get("email"), password: data.get("password") }),
      });
      if (res.ok) {
        // A full load, so every server component renders for the signed-in user.
        window.location.assign(next);
        return;
      }
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? `The server answered ${res.status}`);
    } catch {
      setError("The server could not be reached. Check that pipelinehouse is running.");
    }
    setPending(false);
  }

  return (
    <form className={formCss.form} onSubmit={submit} aria-describedby={error ? errorId : undefined} noValidate={false}>
      <div className={formCss.row}>
        <label htmlFor="sign-in-email">Email</label>
        <input id="sign-in-email" name="email" type="email" autoComplete="username" required autoFocus />
      </div>
      <div className={formCss.row}>
        <label htmlFor="sign-in-password">Password</label>
        <input id="sign-in-password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error ? (
        <p id={errorId} className={textCss.errorText} role="alert">
          {error}
        </p>
      ) : null}
      <div className={formCss.actions}>
        <button type="submit" className={cx(buttonCss.btn, buttonCss.primary)} disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </div>
    </form>
  );
}
