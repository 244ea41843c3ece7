"use client";
// Runs tab: the run grid. Runs (scheduled periods, or on-demand activations) as columns, newest
// first, objects as rows (activities by default), each cell its instance's status as icon + text
// for screen readers, with its duration, linking to the instance. Pages back through history.

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { objectHref } from "@/components/links";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { Empty, ErrorState, Loading } from "@/components/states";
import { StatusBadge, StatusIcon, statusTone } from "@/components/status-badge";
import { formatUtc } from "@/components/time";
import type { RunCell, RunGrid, RunSummary } from "@/lib/console/runs";
import { runGridQuery } from "@/lib/query/runs";
import { RUN_GRID_SIZES, RunsSearch } from "@/lib/query/search-params";
import { formatDuration, withRun } from "./run-status";
import { useUrlState } from "./use-url-state";
import bannerCss from "@/components/ui/banner.module.css";
import buttonCss from "@/components/ui/button.module.css";
import formCss from "@/components/ui/form.module.css";
import listCss from "@/components/ui/lists.module.css";
import badgeCss from "@/components/status-badge.module.css";
import styles from "./run-grid-view.module.css";
import tableCss from "@/components/ui/table.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

const DEFAULTS = { limit: "20", rows: "activities" };

/** "4m", "1h2m", "12s": short enough for a grid cell. */
function shortDuration(ms: number | null): string {
  if (ms === null) return "";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

function Cell({
  pipelineId,
  componentId,
  run,
  cell,
}: {
  pipelineId: string;
  componentId: string;
  run: RunSummary;
  cell: RunCell | undefined;
}) {
  if (!cell) {
    return (
      <td className={styles.gridCell}>
        <span className="sr-only">no instance</span>
      </td>
    );
  }
  const duration = formatDuration(cell.durationMs);
  const label = `${componentId} in the run of ${formatUtc(run.scheduledStartTime)}: ${cell.status}${duration ? `, ${duration}` : ""}${cell.cancelRequested ? ", cancel requested" : ""}`;
  return (
    <td className={styles.gridCell} data-tone={statusTone(cell.status)}>
      <Link
        href={objectHref(pipelineId, cell.instanceId)}
        className={styles.gridCellLink}
        aria-label={label}
        title={label}
      >
        <span className={cx(badgeCss.status, badgeCss[statusTone(cell.status)], styles.gridCellStatus)}>
          <StatusIcon status={cell.status} />
        </span>
        <span>{shortDuration(cell.durationMs)}</span>
      </Link>
    </td>
  );
}

function RunHeader({ pipelineId, run }: { pipelineId: string; run: RunSummary }) {
  const [date, time] = formatUtc(run.scheduledStartTime).split("T");
  return (
    <th scope="col" className={styles.gridRun}>
      <Link
        href={withRun(`/pipelines/${encodeURIComponent(pipelineId)}`, run.key)}
        className={styles.gridRunLink}
        title={`Show the graph coloured by this run (${run.status})`}
      >
        <span>
          <span
            className={cx(
              badgeCss.status,
              badgeCss[statusTone(run.status === "WAITING" ? "WAITING_ON_DEPENDENCIES" : run.status)],
            )}
          >
            <StatusIcon status={run.status === "WAITING" ? "WAITING_ON_DEPENDENCIES" : run.status} />
          </span>
        </span>
        <span>{date}</span>
        <span>{time}</span>
        <span className="sr-only">{run.status}</span>
        {run.durationMs !== null ? (
          <span className={styles.gridRunDuration}>{shortDuration(run.durationMs)}</span>
        ) : null}
      </Link>
    </th>
  );
}

function Legend({ grid }: { grid: RunGrid }) {
  const statuses = new Set<string>();
  for (const byRun of Object.values(grid.cells)) for (const c of Object.values(byRun)) statuses.add(c.status);
  return (
    <ul className={cx(listCss.inlineList, styles.gridLegend)} aria-label="Statuses in this grid">
      {[...statuses].sort().map((s) => (
        <li key={s}>
          <StatusBadge status={s} />
        </li>
      ))}
    </ul>
  );
}

export function RunGridView({ pipelineId }: { pipelineId: string }) {
  const [search, setSearch] = useUrlState(RunsSearch, DEFAULTS);
  const live = useLiveQueryOptions();
  const limit = Number(search.limit);
  const query = useQuery({
    ...runGridQuery(pipelineId, search.before, limit),
    ...live,
    placeholderData: keepPreviousData,
  });

  if (query.isPending) return <Loading label="Loading runs…" />;
  if (query.isError && !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const grid = query.data;
  const rows = search.rows === "all" ? grid.rows : grid.rows.filter((r) => r.kind === "activity");
  const hiddenRows = grid.rows.length - rows.length;

  return (
    <div>
      <form className={formCss.toolbar} aria-label="Runs shown" onSubmit={(e) => e.preventDefault()}>
        <div className={formCss.field}>
          <label htmlFor="grid-size">Runs per page</label>
          <select
            id="grid-size"
            value={search.limit}
            onChange={(e) => setSearch({ limit: e.target.value as RunsSearch["limit"], before: undefined })}
          >
            {RUN_GRID_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className={formCss.field}>
          <label htmlFor="grid-rows">Rows</label>
          <select
            id="grid-rows"
            value={search.rows}
            onChange={(e) => setSearch({ rows: e.target.value as RunsSearch["rows"] })}
          >
            <option value="activities">Activities</option>
            <option value="all">All objects with instances</option>
          </select>
        </div>
        <p className={formCss.toolbarNote}>
          {grid.runs.length} run{grid.runs.length === 1 ? "" : "s"} × {rows.length} object{rows.length === 1 ? "" : "s"}
          {hiddenRows > 0 ? (
            <span className={textCss.muted}> ({hiddenRows} data nodes, preconditions and others hidden)</span>
          ) : null}
        </p>
      </form>
      {grid.truncated ? (
        <div className={cx(bannerCss.banner, bannerCss.warn)} role="note">
          These runs hold more instances than one view reads; some cells are missing. Show fewer runs per page.
        </div>
      ) : null}
      {grid.runs.length === 0 ? (
        search.before ? (
          <Empty title="No older runs">
            <button type="button" className={buttonCss.btn} onClick={() => setSearch({ before: undefined })}>
              Newest runs
            </button>
          </Empty>
        ) : (
          <Empty title="No runs yet">
            <p>
              A run appears when the scheduler creates its instances: at each scheduled period, or at each activation of
              an on-demand pipeline.
            </p>
          </Empty>
        )
      ) : (
        <>
          <Legend grid={grid} />
          <div
            className={cx(tableCss.wrap, styles.gridWrap)}
            tabIndex={0}
            role="region"
            aria-label="Run grid, scrolls sideways"
          >
            <table className={cx(tableCss.table, styles.runGrid)}>
              <caption className="sr-only">
                Runs by object: each cell is the object&apos;s instance in that run, newest run first
              </caption>
              <thead>
                <tr>
                  <th scope="col" className={styles.gridObject}>
                    Object
                  </th>
                  {grid.runs.map((r) => (
                    <RunHeader key={r.key} pipelineId={pipelineId} run={r} />
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.componentId}>
                    <th scope="row" className={styles.gridObject}>
                      <Link
                        href={objectHref(pipelineId, row.componentId)}
                        className={textCss.mono}
                        title={row.type ?? undefined}
                      >
                        {row.componentId}
                      </Link>
                    </th>
                    {grid.runs.map((r) => (
                      <Cell
                        key={r.key}
                        pipelineId={pipelineId}
                        componentId={row.componentId}
                        run={r}
                        cell={grid.cells[row.componentId]?.[r.key]}
                      />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <div className={tableCss.pager}>
        {search.before ? (
          <button type="button" className={buttonCss.btn} onClick={() => setSearch({ before: undefined })}>
            Newest runs
          </button>
        ) : null}
        {grid.nextBefore ? (
          <button
            type="button"
            className={buttonCss.btn}
            onClick={() => setSearch({ before: grid.nextBefore ?? undefined })}
          >
            Older runs
          </button>
        ) : null}
      </div>
    </div>
  );
}
