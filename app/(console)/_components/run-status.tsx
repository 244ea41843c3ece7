"use client";
// Which run the pipeline page shows (URL `?run=`, the latest by default), the picker that changes
// it, and the banner a pipeline with a failure lands on: the failed instance one click away.

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { excerpt } from "@/components/excerpt";
import { objectHref } from "@/components/links";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { StatusBadge } from "@/components/status-badge";
import { formatUtc } from "@/components/time";
import { TimeAgo } from "@/components/time-ago";
import type { RunSummary } from "@/lib/console/runs";
import { runStatusQuery, runsQuery } from "@/lib/query/runs";
import bannerCss from "@/components/ui/banner.module.css";
import buttonCss from "@/components/ui/button.module.css";
import formCss from "@/components/ui/form.module.css";
import styles from "./run-status.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

const RUN_KEY = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** `latest`, or the scheduled start of the chosen run (anything else in the URL counts as latest). */
export function useSelectedRun(): string {
  const run = useSearchParams()?.get("run") ?? "";
  return RUN_KEY.test(run) ? run : "latest";
}

/** A href on this pipeline page keeping the chosen run. */
export function withRun(href: string, run: string): string {
  return run === "latest" ? href : `${href}${href.includes("?") ? "&" : "?"}run=${encodeURIComponent(run)}`;
}

export function useRunStatus(pipelineId: string) {
  const run = useSelectedRun();
  const live = useLiveQueryOptions();
  return { run, query: useQuery({ ...runStatusQuery(pipelineId, run), ...live, retry: false }) };
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60 ? `${s % 60} s` : ""}`.trim();
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function runLabel(r: RunSummary): string {
  const n = r.instanceCount;
  return `${formatUtc(r.scheduledStartTime)} · ${r.status}${r.durationMs !== null ? ` · ${formatDuration(r.durationMs)}` : ""} · ${n} instance${n === 1 ? "" : "s"}`;
}

/** The run picker of the Graph and Objects tabs. */
export function RunPicker({ pipelineId }: { pipelineId: string }) {
  const run = useSelectedRun();
  const router = useRouter();
  const pathname = usePathname() ?? "";
  const searchParams = useSearchParams();
  const live = useLiveQueryOptions();
  const runs = useQuery({ ...runsQuery(pipelineId), ...live });
  const list = runs.data?.runs ?? [];
  const choose = (value: string) => {
    const sp = new URLSearchParams(searchParams?.toString() ?? "");
    if (value === "latest") sp.delete("run");
    else sp.set("run", value);
    const qs = sp.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  const known = run === "latest" || list.some((r) => r.key === run);
  return (
    <div className={cx(formCss.field, styles.runPicker)}>
      <label htmlFor="run-picker">Run</label>
      <select
        id="run-picker"
        value={run}
        onChange={(e) => choose(e.target.value)}
        disabled={runs.isPending && list.length === 0}
      >
        <option value="latest">Latest run{list[0] ? ` (${runLabel(list[0])})` : ""}</option>
        {!known ? <option value={run}>{formatUtc(run)}</option> : null}
        {list.map((r) => (
          <option key={r.key} value={r.key}>
            {runLabel(r)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Under the picker: which run the colours come from, or why there is none. */
export function RunStatusNote({ pipelineId }: { pipelineId: string }) {
  const { run, query } = useRunStatus(pipelineId);
  const pathname = usePathname() ?? "";
  if (query.isPending) return <p className={cx(textCss.muted, textCss.small, styles.runNote)}>Loading the run…</p>;
  if (query.isError) {
    return (
      <div className={cx(bannerCss.banner, bannerCss.warn, styles.runNote)} role="alert">
        {query.error.message}. <Link href={pathname}>Show the latest run</Link>
      </div>
    );
  }
  const r = query.data.run;
  if (!r)
    return (
      <p className={cx(textCss.muted, textCss.small, styles.runNote)}>
        No run yet: statuses are the objects&apos; own until the scheduler creates instances.
      </p>
    );
  return (
    <p className={cx(textCss.small, styles.runNote)} aria-live="polite">
      Colours show {run === "latest" ? "the latest run" : "the run"}, scheduled{" "}
      <time dateTime={r.scheduledStartTime}>{formatUtc(r.scheduledStartTime)}</time>:{" "}
      <StatusBadge status={r.status === "WAITING" ? "WAITING_ON_DEPENDENCIES" : r.status} />
      {r.durationMs !== null ? <span className={textCss.muted}> in {formatDuration(r.durationMs)}</span> : null}
    </p>
  );
}

/**
 * On every tab of a pipeline with a failure: what failed, when, and one click to the instance.
 * Shown while the pipeline is in ERROR, or when the failure is in its latest run (health is
 * computed elsewhere and may already say HEALTHY because a later instance of another object succeeded).
 */
export function FailureBanner({ pipelineId, health }: { pipelineId: string; health: string | null }) {
  const live = useLiveQueryOptions();
  // The latest run's view carries the pipeline's latest failure, whichever run it is in.
  const query = useQuery({ ...runStatusQuery(pipelineId, "latest"), ...live });
  const f = query.data?.latestFailure;
  if (!f || (health !== "ERROR" && f.runKey !== query.data?.run?.key)) return null;
  return (
    <div
      className={cx(bannerCss.banner, bannerCss.error, styles.failureBanner)}
      role="alert"
      aria-label="Latest failure"
    >
      <div className={styles.failureBannerText}>
        <strong>
          <StatusBadge status={f.status} /> {f.componentId ?? f.instanceId}
        </strong>{" "}
        {f.actualEndTime ? (
          <span className={textCss.muted}>
            ended <TimeAgo iso={f.actualEndTime} />
          </span>
        ) : null}
        {f.errorMessage ? <span className={textCss.errorText}> — {excerpt(f.errorMessage, 200)}</span> : null}
      </div>
      <Link
        href={objectHref(pipelineId, f.instanceId)}
        className={cx(buttonCss.btn, buttonCss.small, buttonCss.danger)}
      >
        Open the failed instance
      </Link>
    </div>
  );
}
