"use client";
// Instances tab: the pipeline's runs from pipeline_objects, not-finished ones by default, with
// their scheduled and actual times and attempt counts.

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { objectHref } from "@/components/links";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { Empty, ErrorState, Loading } from "@/components/states";
import { StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { INSTANCE_STATUSES } from "@/lib/operations/console/statuses";
import { instancesQuery } from "@/lib/query/instances";
import { pipelineOverviewQuery } from "@/lib/query/pipelines";
import { InstancesSearch } from "@/lib/query/search-params";
import { InstanceCounts } from "./instance-counts";
import { useUrlState } from "./use-url-state";

const DEFAULTS = { status: "not-finished", component: "" };

export function InstancesView({ pipelineId }: { pipelineId: string }) {
  const [search, setSearch] = useUrlState(InstancesSearch, DEFAULTS);
  const live = useLiveQueryOptions();
  const overview = useQuery({ ...pipelineOverviewQuery(pipelineId), ...live });
  const query = useQuery({
    ...instancesQuery(pipelineId, { status: search.status, component: search.component, after: search.after }),
    ...live,
    placeholderData: keepPreviousData,
  });
  const components = overview.data?.components ?? [];
  const total = Object.values(query.data?.counts ?? {}).reduce((a, b) => a + b, 0);

  return (
    <div>
      <form className="toolbar" aria-label="Filter instances" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="instance-status">Status</label>
          <select id="instance-status" value={search.status} onChange={(e) => setSearch({ status: e.target.value, after: undefined })}>
            <option value="not-finished">Not finished</option>
            <option value="all">All statuses</option>
            {INSTANCE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="instance-component">Object</label>
          <select id="instance-component" value={search.component} onChange={(e) => setSearch({ component: e.target.value, after: undefined })}>
            <option value="">All objects</option>
            {components.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id}
              </option>
            ))}
          </select>
        </div>
        <div className="toolbar-note">{query.data ? <InstanceCounts counts={query.data.counts} empty="No instances" /> : null}</div>
      </form>

      {query.isPending ? (
        <Loading label="Loading instances…" />
      ) : query.isError && !query.data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.instances.length === 0 ? (
        total === 0 ? (
          <Empty title="No runs yet">
            <p>Instances appear here once the pipeline is activated and the scheduler creates runs from its schedule (or, on demand, from each activation).</p>
          </Empty>
        ) : (
          <Empty title="No instances match these filters">
            <p>
              {search.status === "not-finished" ? "Every instance has finished. " : ""}
              <button type="button" className="btn btn-small" onClick={() => setSearch({ status: "all", component: "", after: undefined })}>
                Show all {total} instances
              </button>
            </p>
          </Empty>
        )
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Instances</caption>
              <thead>
                <tr>
                  <th scope="col">Instance</th>
                  <th scope="col">Object</th>
                  <th scope="col">Status</th>
                  <th scope="col">Scheduled start (UTC)</th>
                  <th scope="col">Scheduled end (UTC)</th>
                  <th scope="col">Actual start (UTC)</th>
                  <th scope="col">Actual end (UTC)</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                </tr>
              </thead>
              <tbody>
                {query.data.instances.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <Link href={objectHref(pipelineId, i.id)} className="mono strong-link">
                        {i.id}
                      </Link>
                      {i.errorMessage ? <div className="error-text small">{i.errorMessage}</div> : null}
                    </td>
                    <td>
                      {i.componentId ? (
                        <Link href={objectHref(pipelineId, i.componentId)} className="mono">
                          {i.componentId}
                        </Link>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      <StatusBadge status={i.status} />
                    </td>
                    <td>
                      <Time iso={i.scheduledStartTime} />
                    </td>
                    <td>
                      <Time iso={i.scheduledEndTime} />
                    </td>
                    <td>
                      <Time iso={i.actualStartTime} />
                    </td>
                    <td>
                      <Time iso={i.actualEndTime} />
                    </td>
                    <td className="num">{i.attemptCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            {search.after ? (
              <button type="button" className="btn" onClick={() => setSearch({ after: undefined })}>
                First page
              </button>
            ) : null}
            {query.data.nextAfter ? (
              <button type="button" className="btn" onClick={() => setSearch({ after: query.data.nextAfter ?? undefined })}>
                Next page
              </button>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}
