"use client";
// Audit log: who did what, when — newest first, filterable by pipeline, actor and action, paged.

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback } from "react";
import { pipelineHref } from "@/components/links";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { Empty, ErrorState, Loading } from "@/components/states";
import { Time } from "@/components/time";
import { auditQuery } from "@/lib/query/audit";
import { AuditSearch } from "@/lib/query/search-params";
import { SearchInput } from "./search-input";
import { useUrlState } from "./use-url-state";
import buttonCss from "@/components/ui/button.module.css";
import formCss from "@/components/ui/form.module.css";
import pageCss from "@/components/ui/page.module.css";
import tableCss from "@/components/ui/table.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";
import { ListToolbar } from "@/components/ui/list-toolbar";

const DEFAULTS = { pipeline: "", actor: "", action: "" };

function detailsText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
}

export function AuditView() {
  const [search, setSearch] = useUrlState(AuditSearch, DEFAULTS);
  // Live refresh only on the first page: older pages do not change and would only jump.
  const live = useLiveQueryOptions({ paused: search.before !== undefined });
  const query = useQuery({
    ...auditQuery({ pipelineId: search.pipeline, actor: search.actor, action: search.action, before: search.before }),
    ...live,
    placeholderData: keepPreviousData,
  });
  const onPipeline = useCallback(
    (pipeline: string) => setSearch({ pipeline, before: undefined }, "replace"),
    [setSearch],
  );
  const facets = query.data?.facets;

  return (
    <div className={pageCss.page}>
      <div className={pageCss.head}>
        <h1>Audit log</h1>
      </div>
      <ListToolbar label="Filter the audit log" search>
        <SearchInput
          id="audit-pipeline"
          label="Pipeline id"
          placeholder="df-…"
          value={search.pipeline}
          onCommit={onPipeline}
        />
        <div className={formCss.field}>
          <label htmlFor="audit-actor">Actor</label>
          <select
            id="audit-actor"
            value={search.actor}
            onChange={(e) => setSearch({ actor: e.target.value, before: undefined })}
          >
            <option value="">Anyone</option>
            {(facets?.actors ?? (search.actor ? [search.actor] : [])).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className={formCss.field}>
          <label htmlFor="audit-action">Action</label>
          <select
            id="audit-action"
            value={search.action}
            onChange={(e) => setSearch({ action: e.target.value, before: undefined })}
          >
            <option value="">Any action</option>
            {(facets?.actions ?? (search.action ? [search.action] : [])).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
      </ListToolbar>
      {query.isPending ? (
        <Loading label="Loading the audit log…" />
      ) : !query.data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.entries.length === 0 ? (
        <Empty
          title={
            search.pipeline || search.actor || search.action ? "No entries match these filters" : "Nothing recorded yet"
          }
        >
          <p>Every change made through the API or this console is recorded here.</p>
        </Empty>
      ) : (
        <>
          <div className={tableCss.wrap}>
            <table className={tableCss.table}>
              <caption className="sr-only">Audit entries, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Pipeline</th>
                  <th scope="col">Objects</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {query.data.entries.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Time iso={e.at} />
                    </td>
                    <td className={textCss.mono}>{e.actor}</td>
                    <td>{e.action}</td>
                    <td>
                      {e.pipelineId ? (
                        <>
                          {e.pipelineDeleted ? (
                            <span>{e.pipelineName ?? e.pipelineId}</span>
                          ) : (
                            <Link href={pipelineHref(e.pipelineId)} className={textCss.strongLink}>
                              {e.pipelineName ?? e.pipelineId}
                            </Link>
                          )}
                          {e.pipelineDeleted ? (
                            <span className={cx(textCss.muted, textCss.small)}> (deleted)</span>
                          ) : null}
                          <div className={cx(textCss.mono, textCss.muted, textCss.small)}>{e.pipelineId}</div>
                        </>
                      ) : (
                        <span className={textCss.muted}>—</span>
                      )}
                    </td>
                    <td className={cx(textCss.mono, textCss.wrap, textCss.small)}>
                      {e.objectIds.length ? e.objectIds.join(", ") : <span className={textCss.muted}>—</span>}
                    </td>
                    <td className={cx(textCss.mono, textCss.wrap, textCss.small)}>
                      {detailsText(e.details) || <span className={textCss.muted}>—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className={tableCss.pager} aria-label="Audit pages">
            {search.before ? (
              <button type="button" className={buttonCss.btn} onClick={() => setSearch({ before: undefined })}>
                Newest
              </button>
            ) : null}
            {query.data.nextBefore ? (
              <button
                type="button"
                className={buttonCss.btn}
                onClick={() => setSearch({ before: query.data.nextBefore ?? undefined })}
              >
                Older entries
              </button>
            ) : (
              <span className={cx(textCss.muted, textCss.small)}>End of the log</span>
            )}
          </nav>
        </>
      )}
    </div>
  );
}
