"use client";
// The execution half of the instance and attempt pages: times, progress, the last error with its
// stack, every attempt with its lease, what the instance waits on and what needs it, and the
// operator actions (Rerun, Cancel, Mark finished).

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { ErrorDetails } from "@/components/error-details";
import { excerpt } from "@/components/excerpt";
import { objectHref } from "@/components/links";
import { StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { TimeAgo } from "@/components/time-ago";
import type {
  AttemptView,
  InstanceExecution,
  LeaseView,
  LinkedInstanceView,
} from "@/lib/console/get-instance-execution";
import { ForceEndDialog, type ForceOutcome } from "./force-end-dialog";
import { InstanceActionDialog, type InstanceAction } from "./instance-action-dialog";
import { useCan } from "@/components/session-context";
import bannerCss from "@/components/ui/banner.module.css";
import buttonCss from "@/components/ui/button.module.css";
import listCss from "@/components/ui/lists.module.css";
import pageCss from "@/components/ui/page.module.css";
import panelCss from "@/components/ui/panel.module.css";
import tableCss from "@/components/ui/table.module.css";
import tabsCss from "@/components/ui/tabs.module.css";
import tagCss from "@/components/ui/tag.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

const ERROR_GONE_STATES = new Set(["FINISHED", "SKIPPED"]);

/** Rerun / Cancel / Mark finished: shown to operators and admins only. */
export function InstanceActions(props: { pipelineId: string; execution: InstanceExecution }) {
  return useCan("operator") ? <InstanceActionButtons {...props} /> : null;
}

function InstanceActionButtons({ pipelineId, execution }: { pipelineId: string; execution: InstanceExecution }) {
  const [action, setAction] = useState<InstanceAction | null>(null);
  const [force, setForce] = useState<ForceOutcome | null>(null);
  const { actions } = execution;
  // Work a runner holds: the force actions end it without waiting for that runner.
  const held = execution.attempts.find((a) => a.lease?.state === "LEASED")?.lease ?? null;
  const button = (
    a: InstanceAction,
    label: string,
    availability: InstanceExecution["actions"]["rerun"],
    className = buttonCss.btn,
  ) => (
    <button
      type="button"
      className={className}
      onClick={() => setAction(a)}
      disabled={!availability.allowed}
      title={availability.allowed ? undefined : availability.reason}
    >
      {label}
    </button>
  );
  return (
    <>
      <div className={pageCss.actions} role="group" aria-label="Instance actions">
        {button("RERUN", "Rerun", actions.rerun, cx(buttonCss.btn, buttonCss.primary))}
        {button("TRY_CANCEL", "Cancel", actions.cancel)}
        {button("MARK_FINISHED", "Mark finished", actions.markFinished)}
        {held ? (
          <>
            <button
              type="button"
              className={cx(buttonCss.btn, buttonCss.dangerOutline)}
              onClick={() => setForce("CANCELED")}
              title="End work whose runner is gone: revoke its lease and cancel now"
            >
              Force cancel
            </button>
            <button
              type="button"
              className={cx(buttonCss.btn, buttonCss.dangerOutline)}
              onClick={() => setForce("FAILED")}
              title="End work whose runner is gone: revoke its lease and fail now"
            >
              Mark failed
            </button>
          </>
        ) : null}
      </div>
      <InstanceActionDialog
        pipelineId={pipelineId}
        action={action}
        targets={[{ id: execution.id, status: execution.status }]}
        onClose={() => setAction(null)}
      />
      {held ? (
        <ForceEndDialog
          pipelineId={pipelineId}
          instanceId={execution.id}
          lease={held}
          outcome={force}
          onClose={() => setForce(null)}
        />
      ) : null}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Times, tries and progress of the run, as facts under the object's own. */
export function InstanceRunFacts({ execution: e }: { execution: InstanceExecution }) {
  const head = e.attempts[0];
  return (
    <dl className={panelCss.facts} aria-label="Run">
      <Fact label="Scheduled start (UTC)">
        <Time iso={e.scheduledStartTime} />
      </Fact>
      <Fact label="Scheduled end (UTC)">
        <Time iso={e.scheduledEndTime} />
      </Fact>
      <Fact label="Actual start (UTC)">
        <Time iso={e.actualStartTime} />
      </Fact>
      <Fact label="Actual end (UTC)">
        <Time iso={e.actualEndTime} />
      </Fact>
      <Fact label="Attempts">
        {e.attemptCount}
        {e.triesLeft !== null ? <span className={textCss.muted}> · {e.triesLeft} tries left</span> : null}
      </Fact>
      <Fact label="Host">
        {e.hostname ? <span className={textCss.mono}>{e.hostname}</span> : <span className={textCss.muted}>—</span>}
      </Fact>
      <Fact label="Last progress">
        <TimeAgo iso={e.reportProgressTime} layout="stacked" />
      </Fact>
      {head && head.reportedFields.length > 0 ? (
        <Fact label="Reported by the runner">
          <ReportedFields fields={head.reportedFields} />
        </Fact>
      ) : null}
      {e.cascadeFailedOn ? (
        <Fact label="Cascade failed on">
          <Link href={objectHref(e.pipelineId, e.cascadeFailedOn)} className={textCss.mono}>
            {e.cascadeFailedOn}
          </Link>
        </Fact>
      ) : null}
    </dl>
  );
}

function ReportedFields({ fields }: { fields: AttemptView["reportedFields"] }) {
  return (
    <ul className={listCss.kvList}>
      {fields.map((f) => (
        <li key={f.key}>
          <span className={textCss.mono}>{f.key}</span> = <span className={textCss.mono}>{f.value}</span>
        </li>
      ))}
    </ul>
  );
}

function LeaseText({ lease }: { lease: LeaseView | null }) {
  if (!lease) return <span className={textCss.muted}>not queued</span>;
  if (lease.state !== "LEASED") {
    return (
      <span>
        {lease.state === "READY" ? "queued for" : `${lease.state.toLowerCase()} in`}{" "}
        <span className={textCss.mono}>{lease.workerGroup}</span>
        {lease.handouts > 0 ? (
          <span className={cx(textCss.muted, textCss.small)}> · handed out {lease.handouts}×</span>
        ) : null}
      </span>
    );
  }
  return (
    <dl className={listCss.lease}>
      <div>
        <dt>leased</dt>
        <dd>
          <Time iso={lease.leasedAt} />
        </dd>
      </div>
      <div>
        <dt>acked</dt>
        <dd>{lease.ackedAt ? <Time iso={lease.ackedAt} /> : <span className={textCss.warnText}>not yet</span>}</dd>
      </div>
      <div>
        <dt>last progress</dt>
        <dd>
          <TimeAgo iso={lease.lastProgressAt} empty="none yet" />
        </dd>
      </div>
      {lease.cancelRequested ? (
        <div>
          <dt>cancel</dt>
          <dd>
            <strong className={textCss.warnText}>requested</strong>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

export function AttemptsTable({
  pipelineId,
  attempts,
  current,
}: {
  pipelineId: string;
  attempts: AttemptView[];
  current?: string;
}) {
  if (attempts.length === 0)
    return (
      <p className={textCss.muted}>No attempt yet: one is made when everything the instance depends on is done.</p>
    );
  return (
    <div className={tableCss.wrap}>
      <table className={cx(tableCss.table, tableCss.compact)}>
        <caption className="sr-only">Attempts, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Attempt</th>
            <th scope="col">Status</th>
            <th scope="col">Host</th>
            <th scope="col">Started (UTC)</th>
            <th scope="col">Ended (UTC)</th>
            <th scope="col">Lease</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr key={a.id} aria-current={a.id === current ? "true" : undefined}>
              <td>
                <Link
                  href={objectHref(pipelineId, a.id)}
                  className={cx(textCss.mono, textCss.strongLink)}
                  aria-label={`Attempt ${a.attemptNumber ?? "?"}: ${a.id}`}
                >
                  #{a.attemptNumber ?? "?"}
                </Link>
              </td>
              <td>
                <StatusBadge status={a.status} />
              </td>
              <td className={textCss.mono}>{a.hostname ?? <span className={textCss.muted}>—</span>}</td>
              <td>
                <Time iso={a.actualStartTime} />
              </td>
              <td>
                <Time iso={a.actualEndTime} />
              </td>
              <td>
                <LeaseText lease={a.lease} />
              </td>
              <td className={textCss.wrap}>
                {a.error ? (
                  <>
                    {a.error.errorId ? <div className={cx(textCss.mono, textCss.small)}>{a.error.errorId}</div> : null}
                    {a.error.errorMessage ? (
                      <div className={cx(textCss.errorText, textCss.small)}>{excerpt(a.error.errorMessage, 160)}</div>
                    ) : null}
                  </>
                ) : (
                  <span className={textCss.muted}>—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LinkedList({
  pipelineId,
  items,
  empty,
  label,
}: {
  pipelineId: string;
  items: LinkedInstanceView[];
  empty: string;
  label: string;
}) {
  if (items.length === 0) return <p className={textCss.muted}>{empty}</p>;
  return (
    <ul className={listCss.linkedList} aria-label={label}>
      {items.map((i) => (
        <li key={`${i.kind}-${i.id}`}>
          <Link href={objectHref(pipelineId, i.id)} className={textCss.mono}>
            {i.id}
          </Link>
          <span className={listCss.linkedMeta}>
            <StatusBadge status={i.status} /> <span className={listCss.via}>via {i.kind}</span>
            {i.blocking ? <span className={cx(tagCss.tag, tagCss.warn)}>holding it back</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** "Waiting on" and "Needed by": the dependency edges of the run, each end with its status. */
export function InstanceRelations({ pipelineId, execution: e }: { pipelineId: string; execution: InstanceExecution }) {
  return (
    <>
      <section className={panelCss.panel} aria-labelledby="waiting-on-heading">
        <h3 id="waiting-on-heading" className={panelCss.title}>
          Waiting on
        </h3>
        <LinkedList
          pipelineId={pipelineId}
          items={e.waitingOn}
          label="Instances this one depends on"
          empty="Nothing: this instance depends on no other instance."
        />
      </section>
      <section className={panelCss.panel} aria-labelledby="needed-by-heading">
        <h3 id="needed-by-heading" className={panelCss.title}>
          Needed by
        </h3>
        <LinkedList
          pipelineId={pipelineId}
          items={e.neededBy}
          label="Instances that depend on this one"
          empty="No other instance depends on this one."
        />
      </section>
    </>
  );
}

/** The instance page's run section: cancel notice, last error, attempts. */
export function InstanceRun({ pipelineId, execution: e }: { pipelineId: string; execution: InstanceExecution }) {
  return (
    <>
      {e.cancelRequested && e.status !== "CANCELED" ? (
        <div className={cx(bannerCss.banner, bannerCss.warn)} role="status">
          Cancel requested: the runner holding this work is told on its next progress report (
          <code>canceled: true</code>); the instance becomes CANCELED then.
        </div>
      ) : null}
      {e.markedFinished ? (
        <div className={cx(bannerCss.banner, bannerCss.info)} role="note">
          Marked finished by an operator.
        </div>
      ) : null}
      {/* An earlier attempt's error matters while the instance fails or retries; once it FINISHED, the attempts table keeps the history. */}
      {e.lastError && !ERROR_GONE_STATES.has(e.status) ? (
        <ErrorDetails
          error={e.lastError}
          headingId="last-error-heading"
          title={e.status === "FAILED" || e.status === "TIMEDOUT" ? "Error" : "Last error"}
          source={
            e.lastError.attemptId ? (
              <>
                {" "}
                from{" "}
                <Link href={objectHref(pipelineId, e.lastError.attemptId)} className={textCss.mono}>
                  {e.lastError.attemptId}
                </Link>
              </>
            ) : null
          }
        />
      ) : null}
      <section className={panelCss.panel} aria-labelledby="attempts-heading">
        <h3 id="attempts-heading" className={panelCss.title}>
          Attempts <span className={tabsCss.count}>{e.attempts.length}</span>
        </h3>
        <AttemptsTable pipelineId={pipelineId} attempts={e.attempts} />
      </section>
    </>
  );
}

/** The attempt page's run section: its instance, times, lease, what the runner reported, its error. */
export function AttemptRun({
  pipelineId,
  attemptId,
  execution: e,
}: {
  pipelineId: string;
  attemptId: string;
  execution: InstanceExecution;
}) {
  const a = e.attempts.find((x) => x.id === attemptId);
  if (!a) return null;
  return (
    <>
      <dl className={panelCss.facts} aria-label="Attempt">
        <Fact label="Instance">
          <Link href={objectHref(pipelineId, e.id)} className={textCss.mono}>
            {e.id}
          </Link>{" "}
          <StatusBadge status={e.status} />
        </Fact>
        <Fact label="Attempt">
          {a.attemptNumber ?? "?"} of {e.attemptCount}
        </Fact>
        <Fact label="Host">
          {a.hostname ? <span className={textCss.mono}>{a.hostname}</span> : <span className={textCss.muted}>—</span>}
        </Fact>
        <Fact label="Started (UTC)">
          <Time iso={a.actualStartTime} />
        </Fact>
        <Fact label="Ended (UTC)">
          <Time iso={a.actualEndTime} />
        </Fact>
        <Fact label="Last progress">
          <TimeAgo iso={a.reportProgressTime} layout="stacked" />
        </Fact>
        <Fact label="Lease">
          <LeaseText lease={a.lease} />
        </Fact>
        {a.reportedFields.length > 0 ? (
          <Fact label="Reported by the runner">
            <ReportedFields fields={a.reportedFields} />
          </Fact>
        ) : null}
      </dl>
      {a.error ? <ErrorDetails error={a.error} headingId="attempt-error-heading" title="Error" /> : null}
    </>
  );
}
