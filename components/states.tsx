// The designed loading, empty and error states every view uses.
"use client";

import type { ReactNode } from "react";
import { ApiError } from "@/lib/query/api-client";
import buttonCss from "@/components/ui/button.module.css";
import statesCss from "./states.module.css";
import { cx } from "@/components/ui/cx";

export function Loading({ label }: { label: string }) {
  return (
    <div className={cx(statesCss.state, statesCss.loading)} role="status" aria-live="polite">
      <span className={statesCss.spinner} aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className={statesCss.state}>
      <p className={statesCss.title}>{title}</p>
      {children ? <div className={statesCss.body}>{children}</div> : null}
    </div>
  );
}

export function ErrorState({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : "Something went wrong.";
  return (
    <div className={cx(statesCss.state, statesCss.error)} role="alert">
      <p className={statesCss.title}>{title ?? "Could not load this view"}</p>
      <p className={statesCss.body}>{message}</p>
      {onRetry && !(error instanceof ApiError && error.isNotFound) ? (
        <button type="button" className={buttonCss.btn} onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
