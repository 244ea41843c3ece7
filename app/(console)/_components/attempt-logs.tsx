"use client";
// The output tails a runner sent with its progress reports (stdoutTail / stderrTail), each in a
// scrolling box of its own, with where the full logs are: the runner's files on its host and the
// pipeline's resolved pipelineLogUri.

import { CopyButton } from "@/components/copy-button";
import type { AttemptView } from "@/lib/console/get-instance-execution";

/** Characters shown per stream: the service caps a field at 10,240; this guards the page against anything longer. */
const MAX_SHOWN = 20_000;

function Tail({ label, text, path }: { label: string; text: string | null; path: string | null }) {
  const shown = text === null ? null : text.length > MAX_SHOWN ? text.slice(-MAX_SHOWN) : text;
  return (
    <div className="log-stream">
      <div className="log-stream-head">
        <h4 className="log-stream-title">{label}</h4>
        {path ? <span className="mono small muted log-path">{path}</span> : null}
        {shown ? <CopyButton text={shown} label={`Copy ${label}`} /> : null}
      </div>
      {shown === null ? (
        <p className="muted small">Nothing sent yet.</p>
      ) : shown === "" ? (
        <p className="muted small">Empty: the task wrote nothing here.</p>
      ) : (
        <pre className="code-block log-tail" tabIndex={0} aria-label={label}>
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
    <section className="panel" aria-labelledby={headingId}>
      <h3 id={headingId} className="panel-title">
        Output{attempt ? ` of attempt #${attempt.attemptNumber ?? "?"}` : ""}
        <span className="panel-title-note muted small"> last lines, as sent by the runner</span>
      </h3>
      {!attempt?.logs ? (
        <p className="muted">
          The runner has not sent any output
          {attempt?.status === "RUNNING" || attempt?.status === "WAITING_FOR_RUNNER" ? " yet" : ""}. The reference
          runner sends the last 4 KB of stdout and stderr with each progress report and once more before its final
          status; other runners can send the same <code>stdoutTail</code> / <code>stderrTail</code> fields with{" "}
          <code>ReportTaskProgress</code>.
        </p>
      ) : (
        <div className="log-streams">
          <Tail label="stdout" text={attempt.logs.stdoutTail} path={attempt.logs.stdoutPath} />
          <Tail label="stderr" text={attempt.logs.stderrTail} path={attempt.logs.stderrPath} />
        </div>
      )}
      <p className="small">
        <span className="muted">pipelineLogUri: </span>
        {pipelineLogUri ? (
          <span className="mono">{pipelineLogUri}</span>
        ) : (
          <span className="muted">not set (the runner keeps the full logs on its host)</span>
        )}
      </p>
    </section>
  );
}
