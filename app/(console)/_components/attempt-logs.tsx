"use client";
// The output tails a runner sent with its progress reports (stdoutTail / stderrTail), each in a
// scrolling box of its own, with where the full logs are: the runner's files on its host and the
// pipeline's resolved pipelineLogUri.

import { CopyButton } from "@/components/copy-button";
import type { AttemptView } from "@/lib/console/get-instance-execution";
import panelCss from "@/components/ui/panel.module.css";
import styles from "./attempt-logs.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

/** Characters shown per stream: the service caps a field at 10,240; this guards the page against anything longer. */
const MAX_SHOWN = 20_000;

function Tail({ label, text, path }: { label: string; text: string | null; path: string | null }) {
  const shown = text === null ? null : text.length > MAX_SHOWN ? text.slice(-MAX_SHOWN) : text;
  return (
    <div>
      <div className={styles.streamHead}>
        <h4 className={styles.streamTitle}>{label}</h4>
        {path ? <span className={cx(textCss.mono, textCss.small, textCss.muted, styles.path)}>{path}</span> : null}
        {shown ? <CopyButton text={shown} label={`Copy ${label}`} /> : null}
      </div>
      {shown === null ? (
        <p className={cx(textCss.muted, textCss.small)}>Nothing sent yet.</p>
      ) : shown === "" ? (
        <p className={cx(textCss.muted, textCss.small)}>Empty: the task wrote nothing here.</p>
      ) : (
        <pre className={cx(textCss.codeBlock, styles.tail)} tabIndex={0} aria-label={label}>
          {shown}
        </pre>
      )}
    </div>
  );
}

export function AttemptLogs({
  attempt,
  pipelineLogUri,
  headingId,
}: {
  attempt: AttemptView | undefined;
  pipelineLogUri: string | null;
  headingId: string;
}) {
  return (
    <section className={panelCss.panel} aria-labelledby={headingId}>
      <h3 id={headingId} className={panelCss.title}>
        Output{attempt ? ` of attempt #${attempt.attemptNumber ?? "?"}` : ""}
        <span className={cx(panelCss.titleNote, textCss.muted, textCss.small)}> last lines, as sent by the runner</span>
      </h3>
      {!attempt?.logs ? (
        <p className={textCss.muted}>
          The runner has not sent any output
          {attempt?.status === "RUNNING" || attempt?.status === "WAITING_FOR_RUNNER" ? " yet" : ""}. The reference
          runner sends the last 4 KB of stdout and stderr with each progress report and once more before its final
          status; other runners can send the same <code>stdoutTail</code> / <code>stderrTail</code> fields with{" "}
          <code>ReportTaskProgress</code>.
        </p>
      ) : (
        <div className={styles.streams}>
          <Tail label="stdout" text={attempt.logs.stdoutTail} path={attempt.logs.stdoutPath} />
          <Tail label="stderr" text={attempt.logs.stderrTail} path={attempt.logs.stderrPath} />
        </div>
      )}
      <p className={textCss.small}>
        <span className={textCss.muted}>pipelineLogUri: </span>
        {pipelineLogUri ? (
          <span className={textCss.mono}>{pipelineLogUri}</span>
        ) : (
          <span className={textCss.muted}>not set (the runner keeps the full logs on its host)</span>
        )}
      </p>
    </section>
  );
}
