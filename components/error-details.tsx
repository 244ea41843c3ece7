"use client";
// What a runner reported when an attempt failed (SetTaskStatus errorId / errorMessage /
// errorStackTrace), or the service's own `Service_…` error: the stack folds away behind a
// disclosure button, in monospace, with a copy button.

import { useId, useState, type ReactNode } from "react";
import { CopyButton } from "./copy-button";
import buttonCss from "@/components/ui/button.module.css";
import panelCss from "@/components/ui/panel.module.css";
import styles from "./error-details.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

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
    <section className={cx(panelCss.panel, styles.errorPanel)} aria-labelledby={headingId}>
      <h3 id={headingId} className={panelCss.title}>
        {title}
        {source ? <span className={panelCss.titleNote}>{source}</span> : null}
      </h3>
      <dl className={styles.facts}>
        <div>
          <dt>errorId</dt>
          <dd className={textCss.mono}>{error.errorId ?? <span className={textCss.muted}>none</span>}</dd>
        </div>
        <div>
          <dt>errorMessage</dt>
          <dd className={styles.message}>{error.errorMessage ?? <span className={textCss.muted}>none</span>}</dd>
        </div>
      </dl>
      {error.errorStackTrace ? (
        <div className={styles.stack}>
          <div className={styles.stackHead}>
            <button
              type="button"
              className={cx(buttonCss.btn, buttonCss.ghost, buttonCss.small, styles.disclosure)}
              aria-expanded={showStack}
              aria-controls={stackId}
              onClick={() => setShowStack((v) => !v)}
            >
              <span aria-hidden="true" className={styles.disclosureMark}>
                {showStack ? "▾" : "▸"}
              </span>
              Stack trace{" "}
              <span className={cx(textCss.muted, textCss.small)}>
                ({lines} line{lines === 1 ? "" : "s"})
              </span>
            </button>
            {showStack ? <CopyButton text={error.errorStackTrace} label="Copy stack trace" /> : null}
          </div>
          <pre
            id={stackId}
            className={cx(textCss.codeBlock, styles.stackTrace)}
            tabIndex={0}
            aria-label="Stack trace"
            hidden={!showStack}
          >
            {error.errorStackTrace}
          </pre>
        </div>
      ) : (
        <p className={cx(textCss.muted, textCss.small)}>No stack trace was reported.</p>
      )}
    </section>
  );
}
