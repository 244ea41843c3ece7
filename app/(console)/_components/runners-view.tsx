"use client";
// Runners: every task runner that sent a heartbeat, by worker group, with how long ago it last did
// (stale once a 15-minute beat is well overdue), its host, the work leased to that host right now,
// and Terminate (its next heartbeat answers `terminate: true`).

import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { objectHref, pipelineHref } from "@/components/links";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { Empty, ErrorState, Loading } from "@/components/states";
import { Badge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { TimeAgo } from "@/components/time-ago";
import type { RunnerLease, RunnerView, RunnersPage } from "@/lib/console/runners";
import { runnersQuery } from "@/lib/query/runners";
import { useTerminateRunner } from "@/lib/query/use-terminate-runner";
import { useCan } from "@/components/session-context";
import bannerCss from "@/components/ui/banner.module.css";
import buttonCss from "@/components/ui/button.module.css";
import listCss from "@/components/ui/lists.module.css";
import pageCss from "@/components/ui/page.module.css";
import styles from "./runners-view.module.css";
import tableCss from "@/components/ui/table.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";
import { ACTIONS_COLUMN, ActionsCell, DataTable } from "@/components/ui/data-table";

function Leases({ leases }: { leases: RunnerLease[] }) {
  if (leases.length === 0) return <span className={textCss.muted}>idle</span>;
  return (
    <ul className={listCss.leaseList}>
      {leases.map((l) => (
        <li key={`${l.pipelineId}/${l.attemptId}`}>
          <Link href={objectHref(l.pipelineId, l.attemptId)} className={textCss.mono}>
            {l.attemptId}
          </Link>
          <div className={cx(textCss.muted, textCss.small, listCss.leaseMeta)}>
            in <Link href={pipelineHref(l.pipelineId)}>{l.pipelineName}</Link> · leased <Time iso={l.leasedAt} />
            {l.ackedAt ? null : " · not acknowledged yet"}
            {l.lastProgressAt ? (
              <>
                {" "}
                · progress <TimeAgo iso={l.lastProgressAt} />
              </>
            ) : null}
            {l.cancelRequested ? <strong className={textCss.warnText}> · cancel requested</strong> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

function Heartbeat({ runner, clockOffsetMs }: { runner: RunnerView; clockOffsetMs: number }) {
  if (!runner.lastHeartbeatAt) return <span className={textCss.muted}>never (leases only)</span>;
  return (
    <span className={listCss.heartbeat}>
      <TimeAgo iso={runner.lastHeartbeatAt} clockOffsetMs={clockOffsetMs} layout="stacked" />
      {runner.stale ? <Badge tone="warn" icon="hourglass" label="stale" /> : null}
    </span>
  );
}

export function RunnersView() {
  const live = useLiveQueryOptions();
  const query = useQuery({ ...runnersQuery(), ...live });
  const [confirming, setConfirming] = useState<{ id: string; terminate: boolean } | null>(null);
  const terminate = useTerminateRunner();
  const close = () => {
    setConfirming(null);
    terminate.reset();
  };

  return (
    <div className={pageCss.page}>
      <div className={pageCss.head}>
        <h1>Runners</h1>
      </div>
      <p className={pageCss.lead}>
        Task runners report a heartbeat every 15 minutes (<code>ReportTaskRunnerHeartbeat</code>); a runner is shown as
        stale when its last one is older than {query.data ? Math.round(query.data.staleAfterSeconds / 60) : 20} minutes.
        Work is listed under the host it was leased to (<code>PollForTask</code> hostname).
      </p>
      <RunnersBody query={query} onTerminate={(id, t) => setConfirming({ id, terminate: t })} />
      <ConfirmDialog
        open={confirming !== null}
        title={
          confirming?.terminate === false
            ? `Withdraw the termination of ${confirming.id}?`
            : `Terminate ${confirming?.id ?? ""}?`
        }
        confirmLabel={confirming?.terminate === false ? "Withdraw" : "Terminate"}
        tone={confirming?.terminate === false ? "primary" : "danger"}
        busy={terminate.isPending}
        onCancel={close}
        onConfirm={() =>
          confirming &&
          terminate.mutate({ taskrunnerId: confirming.id, terminate: confirming.terminate }, { onSuccess: close })
        }
      >
        {confirming?.terminate === false ? (
          <p>Its next heartbeat answers terminate: false again, and it keeps running.</p>
        ) : (
          <p>
            Its next heartbeat answers <code>terminate: true</code> and it should exit. The reference runner lets the
            tasks it holds finish first; with a 15-minute heartbeat that can take a while.
          </p>
        )}
        {terminate.isError ? (
          <div className={cx(bannerCss.banner, bannerCss.error)} role="alert">
            <strong>Refused.</strong> {terminate.error.message}
          </div>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

function RunnersBody({
  query,
  onTerminate,
}: {
  query: UseQueryResult<RunnersPage>;
  onTerminate: (id: string, terminate: boolean) => void;
}) {
  const canOperate = useCan("operator");
  if (query.isPending) return <Loading label="Loading runners…" />;
  if (!query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data;
  if (data.groups.length === 0) {
    return (
      <Empty title="No runners yet">
        <p>A runner appears here after its first heartbeat, or as soon as it holds a task. Start one with</p>
        <p>
          <code>npm run runner -- --endpoint &lt;this server&apos;s URL&gt; --worker-group &lt;group&gt;</code>
        </p>
      </Empty>
    );
  }
  // How far the server's clock is ahead of this browser's, so ages are right even if the clocks differ.
  const clockOffsetMs = new Date(data.now).getTime() - query.dataUpdatedAt;
  return (
    <>
      {data.groups.map((g) => {
        const headingId = `wg-${encodeURIComponent(g.workerGroup ?? "none")}`;
        const leases = g.runners.reduce((n, r) => n + r.leases.length, 0);
        const runners = g.runners.filter((r) => r.taskrunnerId !== null).length;
        return (
          <section key={g.workerGroup ?? "\u0000none"} className={styles.group} aria-labelledby={headingId}>
            <h2 id={headingId} className={styles.groupTitle}>
              {g.workerGroup === null ? (
                <span className={textCss.muted}>No worker group</span>
              ) : (
                <span className={textCss.mono}>{g.workerGroup}</span>
              )}
              <span className={cx(textCss.muted, textCss.small)}>
                {runners} runner{runners === 1 ? "" : "s"} · {leases} leased task{leases === 1 ? "" : "s"}
              </span>
            </h2>
            <DataTable
              caption={`Runners of worker group ${g.workerGroup ?? "(none)"}`}
              columns={["Runner", "Host", "Last heartbeat (UTC)", "Leased tasks", ACTIONS_COLUMN]}
            >
              {g.runners.map((r) => (
                <tr key={r.taskrunnerId ?? `host:${r.hostname ?? ""}`} className={r.stale ? tableCss.stale : undefined}>
                  <td>
                    {r.taskrunnerId ? (
                      <span className={cx(textCss.mono, textCss.strong)}>{r.taskrunnerId}</span>
                    ) : (
                      <span className={textCss.muted}>no heartbeat from this host</span>
                    )}
                    {r.firstSeenAt ? (
                      <div className={cx(textCss.muted, textCss.small)}>
                        first seen <Time iso={r.firstSeenAt} />
                      </div>
                    ) : null}
                  </td>
                  <td className={textCss.mono}>{r.hostname ?? <span className={textCss.muted}>—</span>}</td>
                  <td>
                    <Heartbeat runner={r} clockOffsetMs={clockOffsetMs} />
                  </td>
                  <td>
                    <Leases leases={r.leases} />
                  </td>
                  <ActionsCell>
                    {r.taskrunnerId === null || !canOperate ? (
                      r.terminateRequested ? (
                        <Badge tone="warn" icon="power" label="termination requested" />
                      ) : null
                    ) : r.terminateRequested ? (
                      <div className={pageCss.actions}>
                        <Badge tone="warn" icon="power" label="termination requested" />
                        <button
                          type="button"
                          className={cx(buttonCss.btn, buttonCss.ghost, buttonCss.small)}
                          onClick={() => onTerminate(r.taskrunnerId!, false)}
                          aria-label={`Withdraw termination of ${r.taskrunnerId}`}
                        >
                          Withdraw
                        </button>
                      </div>
                    ) : (
                      <button
                        type="button"
                        className={cx(buttonCss.btn, buttonCss.small)}
                        onClick={() => onTerminate(r.taskrunnerId!, true)}
                        aria-label={`Terminate ${r.taskrunnerId}`}
                      >
                        Terminate
                      </button>
                    )}
                  </ActionsCell>
                </tr>
              ))}
            </DataTable>
          </section>
        );
      })}
    </>
  );
}
