"use client";
// Pipelines list: search, state and health filters and the sort in the URL (what needs attention,
// ERROR first, by default), health, schedule, run times, instance counts by status (each a link to
// those instances), and the Activate/Deactivate actions.

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { Empty, ErrorState, Loading } from "@/components/states";
import { HealthBadge, StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { pipelineHref } from "@/components/links";
import { useCan } from "@/components/session-context";
import { PIPELINE_STATES } from "@/lib/objects/statuses";
import { triagePipelines } from "@/lib/console/pipeline-triage";
import { pipelinesListQuery } from "@/lib/query/pipelines";
import { PipelinesSearch } from "@/lib/query/search-params";
import { InstanceCounts, ScheduleText } from "./instance-counts";
import { PipelineActions } from "./pipeline-actions";
import { SearchInput } from "./search-input";
import { useUrlState } from "./use-url-state";
import buttonCss from "@/components/ui/button.module.css";
import formCss from "@/components/ui/form.module.css";
import pageCss from "@/components/ui/page.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";
import { ACTIONS_COLUMN, ActionsCell, DataTable } from "@/components/ui/data-table";
import { ListToolbar } from "@/components/ui/list-toolbar";

const DEFAULTS = { q: "", state: "", health: "", sort: "attention" };

export function PipelinesView() {
  const [search, setSearch] = useUrlState(PipelinesSearch, DEFAULTS);
  const searchInput = useRef<HTMLInputElement>(null);
  const live = useLiveQueryOptions();
  const canImport = useCan("operator");
  const query = useQuery({
    ...pipelinesListQuery({ search: search.q, state: search.state }),
    ...live,
    placeholderData: keepPreviousData,
  });
  const onSearch = useCallback((q: string) => setSearch({ q }, "replace"), [setSearch]);

  // "/" jumps to the search box, as in most consoles.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== "/" || e.metaKey || e.ctrlKey || e.altKey) return;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      e.preventDefault();
      searchInput.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const pipelines = useMemo(
    () => triagePipelines(query.data?.pipelines ?? [], search.health, search.sort),
    [query.data, search.health, search.sort],
  );
  const isFiltered = search.q !== "" || search.state !== "" || search.health !== "";

  return (
    <div className={pageCss.page}>
      <div className={pageCss.head}>
        <h1>Pipelines</h1>
        <div className={pageCss.headActions}>
          {canImport ? (
            <Link href="/import" className={cx(buttonCss.btn, buttonCss.primary)}>
              Import definition
            </Link>
          ) : null}
        </div>
      </div>

      <ListToolbar
        label="Filter pipelines"
        search
        note={
          <>
            {query.data ? `${pipelines.length} pipeline${pipelines.length === 1 ? "" : "s"}` : ""}
            {query.isFetching && query.data ? " · refreshing" : ""}
          </>
        }
      >
        <SearchInput
          id="pipeline-search"
          ref={searchInput}
          label="Search"
          placeholder="Name or id  ( / )"
          value={search.q}
          onCommit={onSearch}
        />
        <div className={formCss.field}>
          <label htmlFor="pipeline-state">State</label>
          <select
            id="pipeline-state"
            value={search.state}
            onChange={(e) => setSearch({ state: e.target.value as PipelinesSearch["state"] })}
          >
            <option value="">All states</option>
            {PIPELINE_STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className={formCss.field}>
          <label htmlFor="pipeline-health">Health</label>
          <select
            id="pipeline-health"
            value={search.health}
            onChange={(e) => setSearch({ health: e.target.value as PipelinesSearch["health"] })}
          >
            <option value="">Any health</option>
            <option value="ERROR">ERROR</option>
            <option value="HEALTHY">HEALTHY</option>
            <option value="none">No completed run</option>
          </select>
        </div>
        <div className={formCss.field}>
          <label htmlFor="pipeline-sort">Sort</label>
          <select
            id="pipeline-sort"
            value={search.sort}
            onChange={(e) => setSearch({ sort: e.target.value as PipelinesSearch["sort"] })}
          >
            <option value="attention">Needs attention first</option>
            <option value="last-run">Last run</option>
            <option value="name">Name</option>
            <option value="created">Newest</option>
          </select>
        </div>
        {isFiltered ? (
          <button
            type="button"
            className={cx(buttonCss.btn, buttonCss.ghost)}
            onClick={() => setSearch({ q: "", state: "", health: "" })}
          >
            Clear filters
          </button>
        ) : null}
      </ListToolbar>

      {query.isPending ? (
        <Loading label="Loading pipelines…" />
      ) : query.isError && !query.data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : pipelines.length === 0 ? (
        isFiltered ? (
          <Empty title="No pipelines match these filters">
            <button type="button" className={buttonCss.btn} onClick={() => setSearch({ q: "", state: "", health: "" })}>
              Clear filters
            </button>
          </Empty>
        ) : (
          <Empty title="No pipelines yet">
            <p>
              Import an AWS CLI definition file, or point the AWS CLI or an SDK at this server:
              <br />
              <code>
                aws datapipeline create-pipeline --endpoint-url &lt;this server&apos;s URL&gt; --name my-pipeline
                --unique-id my-pipeline
              </code>
            </p>
            {canImport ? (
              <Link href="/import" className={cx(buttonCss.btn, buttonCss.primary)}>
                Import definition
              </Link>
            ) : null}
          </Empty>
        )
      ) : (
        <DataTable
          caption="Pipelines"
          columns={[
            "Name",
            "State",
            "Health",
            "Schedule",
            "Last run (UTC)",
            "Next run (UTC)",
            "Instances",
            ACTIONS_COLUMN,
          ]}
        >
          {pipelines.map((p) => (
            <tr key={p.id} data-tone={p.health.status === "ERROR" ? "error" : undefined}>
              <td>
                <Link href={pipelineHref(p.id)} className={textCss.strongLink}>
                  {p.name}
                </Link>
                <div className={cx(textCss.mono, textCss.muted, textCss.small)}>{p.id}</div>
              </td>
              <td>
                <StatusBadge status={p.state} />
              </td>
              <td>
                <HealthBadge health={p.health.status} hasRuns={Object.keys(p.instanceCounts).length > 0} />
              </td>
              <td>
                <ScheduleText schedule={p.schedule} />
                <div className={cx(textCss.muted, textCss.small)}>{p.objectCount} objects</div>
              </td>
              <td>
                <Time iso={p.lastRunAt} />
              </td>
              <td>
                <Time iso={p.nextRunAt} />
              </td>
              <td>
                <InstanceCounts counts={p.instanceCounts} pipelineId={p.id} />
              </td>
              <ActionsCell>
                <PipelineActions
                  pipelineId={p.id}
                  name={p.name}
                  state={p.state}
                  hasDefinition={p.objectCount > 0}
                  size="small"
                />
              </ActionsCell>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
