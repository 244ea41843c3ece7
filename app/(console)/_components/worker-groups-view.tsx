"use client";
// Worker groups: per group, what waits and what runs, how old the oldest waiting task is, every
// host seen polling (PollForTask) or heartbeating with when, leases whose progress went quiet, and
// a warning wherever work waits on a group nobody polls. Also the one-group panel of the instance page.

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { objectHref, pipelineHref } from "@/components/links";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { Empty, ErrorState, Loading } from "@/components/states";
import { Badge } from "@/components/status-badge";
import { TimeAgo } from "@/components/time-ago";
import type { WorkerGroupSummary, WorkerGroupsPage } from "@/lib/console/worker-groups";
import { workerGroupsQuery } from "@/lib/query/worker-groups";
import bannerCss from "@/components/ui/banner.module.css";
import listCss from "@/components/ui/lists.module.css";
import pageCss from "@/components/ui/page.module.css";
import panelCss from "@/components/ui/panel.module.css";
import styles from "./worker-groups-view.module.css";
import tableCss from "@/components/ui/table.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function Hosts({ g, clockOffsetMs }: { g: WorkerGroupSummary; clockOffsetMs: number }) {
  if (g.hosts.length === 0)
    return <p className={textCss.muted}>No host has polled this group or sent a heartbeat for it.</p>;
  return (
    <div className={tableCss.wrap}>
      <table className={cx(tableCss.table, tableCss.compact)}>
        <caption className="sr-only">Hosts of worker group {g.workerGroup}</caption>
        <thead>
          <tr>
            <th scope="col">Host</th>
            <th scope="col">Last poll</th>
            <th scope="col">Last heartbeat</th>
            <th scope="col">Running</th>
          </tr>
        </thead>
        <tbody>
          {g.hosts.map((h) => (
            <tr key={h.hostname ?? ""}>
              <th scope="row" className={textCss.mono}>
                {h.hostname ?? <span className={textCss.muted}>(no hostname)</span>}
                {h.taskrunnerIds.length ? (
                  <div className={cx(textCss.muted, textCss.small)}>{h.taskrunnerIds.join(", ")}</div>
                ) : null}
              </th>
              <td>
                {h.lastPollAt ? (
                  <TimeAgo iso={h.lastPollAt} clockOffsetMs={clockOffsetMs} layout="stacked" />
                ) : (
                  <span className={textCss.muted}>never (heartbeat only)</span>
                )}
              </td>
              <td>
                {h.lastHeartbeatAt ? (
                  <TimeAgo iso={h.lastHeartbeatAt} clockOffsetMs={clockOffsetMs} layout="stacked" />
                ) : (
                  <span className={textCss.muted}>none (polls only)</span>
                )}
              </td>
              <td>{h.running}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StaleLeases({
  g,
  clockOffsetMs,
  afterSeconds,
}: {
  g: WorkerGroupSummary;
  clockOffsetMs: number;
  afterSeconds: number;
}) {
  if (g.staleLeases.length === 0) return null;
  return (
    <div className={cx(bannerCss.banner, bannerCss.warn)} role="note" aria-label={`Quiet leases in ${g.workerGroup}`}>
      <strong>
        {plural(g.staleLeases.length, "running task")} sent no progress for over {Math.round(afterSeconds / 60)} min
      </strong>{" "}
      — their runner may be gone (the instance page can force-cancel them).
      <ul className={listCss.leaseList}>
        {g.staleLeases.map((l) => (
          <li key={`${l.pipelineId}/${l.attemptId}`}>
            <Badge tone="warn" icon="hourglass" label="stale progress" />{" "}
            <Link href={objectHref(l.pipelineId, l.instanceId)} className={textCss.mono}>
              {l.instanceId}
            </Link>{" "}
            <span className={cx(textCss.muted, textCss.small, listCss.leaseMeta)}>
              in <Link href={pipelineHref(l.pipelineId)}>{l.pipelineName}</Link> on {l.hostname ?? "an unnamed host"} ·
              last sign <TimeAgo iso={l.lastSignAt} clockOffsetMs={clockOffsetMs} />
              {l.cancelRequested ? " · cancel requested" : ""}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function WorkerGroupCard({
  g,
  page,
  headingLevel = 2,
  clockOffsetMs,
}: {
  g: WorkerGroupSummary;
  page: WorkerGroupsPage;
  headingLevel?: 2 | 3;
  clockOffsetMs: number;
}) {
  const headingId = `wg-${encodeURIComponent(g.workerGroup)}`;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className={cx(panelCss.panel, styles.card, g.warning && styles.warn)} aria-labelledby={headingId}>
      <Heading id={headingId} className={panelCss.title}>
        Worker group <span className={textCss.mono}>{g.workerGroup}</span>
      </Heading>
      {g.warning ? (
        <div className={cx(bannerCss.banner, bannerCss.error)} role="alert">
          <strong>{g.warning.kind === "never-polled" ? "Nobody polls this group." : "This group went quiet."}</strong>{" "}
          {g.warning.message}
        </div>
      ) : null}
      <dl className={panelCss.facts} aria-label={`Queue of ${g.workerGroup}`}>
        <div>
          <dt>Ready</dt>
          <dd>{g.ready}</dd>
        </div>
        <div>
          <dt>Running</dt>
          <dd>{g.running}</dd>
        </div>
        {g.scheduled ? (
          <div>
            <dt>Retrying later</dt>
            <dd>{g.scheduled}</dd>
          </div>
        ) : null}
        {g.paused ? (
          <div>
            <dt>Paused</dt>
            <dd>{g.paused}</dd>
          </div>
        ) : null}
        <div>
          <dt>Oldest ready</dt>
          <dd>
            {g.oldestReadyAt ? (
              <TimeAgo iso={g.oldestReadyAt} clockOffsetMs={clockOffsetMs} layout="stacked" />
            ) : (
              <span className={textCss.muted}>nothing waits</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Last poll</dt>
          <dd>
            {g.lastPollAt ? (
              <TimeAgo iso={g.lastPollAt} clockOffsetMs={clockOffsetMs} layout="stacked" />
            ) : (
              <span className={textCss.warnText}>never</span>
            )}
          </dd>
        </div>
      </dl>
      <StaleLeases g={g} clockOffsetMs={clockOffsetMs} afterSeconds={page.staleProgressAfterSeconds} />
      <Hosts g={g} clockOffsetMs={clockOffsetMs} />
    </section>
  );
}

export function WorkerGroupsView() {
  const live = useLiveQueryOptions();
  const query = useQuery({ ...workerGroupsQuery(), ...live });
  return (
    <div className={pageCss.page}>
      <div className={pageCss.head}>
        <h1>Worker groups</h1>
      </div>
      <p className={pageCss.lead}>
        Every group with work queued or a runner seen: hosts are listed whether they only poll (<code>PollForTask</code>
        , recorded to within {query.data?.pollAccuracySeconds ?? 30} s) or also heartbeat. Groups where work waits and
        nobody has polled for {Math.round((query.data?.quietAfterSeconds ?? 300) / 60)} min come first.{" "}
        <Link href="/runners">Runners</Link> lists each runner with its leases.
      </p>
      {query.isPending ? (
        <Loading label="Loading worker groups…" />
      ) : !query.data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.groups.length === 0 ? (
        <Empty title="No worker groups yet">
          <p>A group appears when work is queued for it or a runner polls it.</p>
        </Empty>
      ) : (
        <div className={styles.list}>
          {query.data.groups.map((g) => (
            <WorkerGroupCard
              key={g.workerGroup}
              g={g}
              page={query.data}
              clockOffsetMs={new Date(query.data.now).getTime() - query.dataUpdatedAt}
            />
          ))}
        </div>
      )}
    </div>
  );
}

/** The instance page's panel: the group its work is queued for or runs in. */
export function WorkerGroupPanel({ workerGroup }: { workerGroup: string }) {
  const live = useLiveQueryOptions();
  const query = useQuery({ ...workerGroupsQuery(workerGroup), ...live });
  if (query.isPending) return <Loading label="Loading the worker group…" />;
  if (!query.data)
    return (
      <ErrorState error={query.error} title="Could not load the worker group" onRetry={() => void query.refetch()} />
    );
  const g = query.data.groups.find((x) => x.workerGroup === workerGroup);
  if (!g) return null;
  return (
    <WorkerGroupCard
      g={g}
      page={query.data}
      headingLevel={3}
      clockOffsetMs={new Date(query.data.now).getTime() - query.dataUpdatedAt}
    />
  );
}
