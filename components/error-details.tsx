"use client";
// What a runner reported when an attempt failed (SetTaskStatus errorId / errorMessage /
// errorStackTrace), or the service's own `Service_…` error: the stack folds away behind a
// disclosure button, in monospace, with a copy button.

import { useId, useState, type ReactNode } from "react";
import { CopyButton } from "./copy-button";

export interface ErrorFacts {
  errorId: string | null;
  errorMessage: string | null;
  errorStackTrace: string | null;
}

export function ErrorDetails({
  error,
  title,
  source,
  headingId,
}: {
  error: ErrorFacts;
  title: string;
  source?: ReactNode;
  headingId: string;
}) {
  const [showStack, setShowStack] = useState(false);
  const stackId = useId();
  const lines = error.errorStackTrace ? error.errorStackTrace.split("\n").length : 0;
  return (
    <section className="panel error-panel" aria-labelledby={headingId}>
      <h3 id={headingId} className="panel-title">
        {title}
        {source ? <span className="panel-title-note">{source}</span> : null}
      </h3>
      <dl className="error-facts">
        <div>
          <dt>errorId</dt>
          <dd className="mono">{error.errorId ?? <span className="muted">none</span>}</dd>
        </div>
        <div>
          <dt>errorMessage</dt>
          <dd className="error-message">{error.errorMessage ?? <span className="muted">none</span>}</dd>
        </div>
      </dl>
      {error.errorStackTrace ? (
        <div className="stack">
          <div className="stack-head">
            <button
              type="button"
              className="btn btn-ghost btn-small disclosure"
              aria-expanded={showStack}
              aria-controls={stackId}
              onClick={() => setShowStack((v) => !v)}
            >
              <span aria-hidden="true" className="disclosure-mark">
                {showStack ? "▾" : "▸"}
              </span>
              Stack trace{" "}
              <span className="muted small">
                ({lines} line{lines === 1 ? "" : "s"})
              </span>
            </button>
            {showStack ? <CopyButton text={error.errorStackTrace} label="Copy stack trace" /> : null}
          </div>
          <pre
            id={stackId}
            className="code-block stack-trace"
            tabIndex={0}
            aria-label="Stack trace"
            hidden={!showStack}
          >
            {error.errorStackTrace}
          </pre>
        </div>
      ) : (
        <p className="muted small">No stack trace was reported.</p>
      )}
    </section>
  );
}
