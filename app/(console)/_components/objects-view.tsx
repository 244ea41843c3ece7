"use client";
// Objects tab: the latest definition's objects as a searchable table, with their references as
// links and each object's instance in the chosen run (the latest by default), status and link.

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useMemo } from "react";
import { objectHref, pipelineTabHref } from "@/components/links";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { Empty, ErrorState, Loading } from "@/components/states";
import { StatusBadge, statusTone } from "@/components/status-badge";
import { pipelineOverviewQuery } from "@/lib/query/pipelines";
import { ObjectsSearch } from "@/lib/query/search-params";
import { RunPicker, RunStatusNote, useRunStatus } from "./run-status";
import { SearchInput } from "./search-input";
import { useUrlState } from "./use-url-state";
import buttonCss from "@/components/ui/button.module.css";
import formCss from "@/components/ui/form.module.css";
import listCss from "@/components/ui/lists.module.css";
import tableCss from "@/components/ui/table.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";
import { ListToolbar } from "@/components/ui/list-toolbar";

const DEFAULTS = { q: "", type: "" };

export function ObjectsView({ pipelineId }: { pipelineId: string }) {
  const [search, setSearch] = useUrlState(ObjectsSearch, DEFAULTS);
  const live = useLiveQueryOptions();
  const onSearch = useCallback((q: string) => setSearch({ q }, "replace"), [setSearch]);
  const query = useQuery({ ...pipelineOverviewQuery(pipelineId), ...live });
  const { query: runStatus } = useRunStatus(pipelineId);
  const inRun = runStatus.data?.byComponent ?? {};
  const components = query.data?.components;
  const types = useMemo(
    () => [...new Set((components ?? []).map((c) => c.type ?? ""))].filter(Boolean).sort(),
    [components],
  );
  const rows = useMemo(() => {
    const needle = search.q.toLowerCase();
    return (components ?? []).filter(
      (c) =>
        (!search.type || c.type === search.type) &&
        (!needle ||
          c.id.toLowerCase().includes(needle) ||
          c.name.toLowerCase().includes(needle) ||
          (c.type ?? "").toLowerCase().includes(needle)),
    );
  }, [components, search.q, search.type]);

  if (query.isPending) return <Loading label="Loading objects…" />;
  if (query.isError && !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if ((components ?? []).length === 0) {
    return (
      <Empty title="No objects yet">
        <p>This pipeline has no definition. Put one with the API or the AWS CLI.</p>
      </Empty>
    );
  }

  return (
    <div>
      <div className={formCss.toolbar}>
        <RunPicker pipelineId={pipelineId} />
        <RunStatusNote pipelineId={pipelineId} />
      </div>
      <ListToolbar label="Filter objects" search note={`${rows.length} of ${components?.length ?? 0} objects`}>
        <SearchInput
          id="object-search"
          label="Search objects"
          placeholder="Id, name or type"
          value={search.q}
          onCommit={onSearch}
        />
        <div className={formCss.field}>
          <label htmlFor="object-type">Type</label>
          <select id="object-type" value={search.type} onChange={(e) => setSearch({ type: e.target.value })}>
            <option value="">All types</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
      </ListToolbar>
      {rows.length === 0 ? (
        <Empty title="No objects match">
          <button type="button" className={buttonCss.btn} onClick={() => setSearch({ q: "", type: "" })}>
            Clear filters
          </button>
        </Empty>
      ) : (
        <div className={tableCss.wrap}>
          <table className={tableCss.table}>
            <caption className="sr-only">Objects of the latest definition</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">In this run</th>
                <th scope="col">Object status</th>
                <th scope="col">References</th>
                <th scope="col" className={tableCss.num}>
                  Referenced by
                </th>
                <th scope="col" className={tableCss.num}>
                  Instances
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-tone={inRun[c.id] ? statusTone(inRun[c.id]!.status) : undefined}>
                  <td>
                    <Link href={objectHref(pipelineId, c.id)} className={cx(textCss.mono, textCss.strongLink)}>
                      {c.id}
                    </Link>
                  </td>
                  <td>{c.name}</td>
                  <td>{c.type ?? <span className={textCss.muted}>—</span>}</td>
                  <td>
                    {inRun[c.id] ? (
                      <Link
                        href={objectHref(pipelineId, inRun[c.id]!.instanceId)}

                        aria-label={`${inRun[c.id]!.status}: open ${inRun[c.id]!.instanceId}`}
                      >
                        <StatusBadge status={inRun[c.id]!.status} />
                      </Link>
                    ) : (
                      <span className={cx(textCss.muted, textCss.small)}>no instance</span>
                    )}
                  </td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td>
                    {c.refs.length === 0 ? (
                      <span className={textCss.muted}>—</span>
                    ) : (
                      <ul className={listCss.refList}>
                        {c.refs.map((r, i) => (
                          <li key={`${r.key}-${i}`}>
                            <span className={listCss.refKey}>{r.key}</span> →{" "}
                            {r.exists ? (
                              <Link href={objectHref(pipelineId, r.target)} className={textCss.mono}>
                                {r.target}
                              </Link>
                            ) : (
                              <span className={cx(textCss.mono, textCss.missing)} title="No object with this id">
                                {r.target} (missing)
                              </span>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className={tableCss.num}>{c.referencedByCount}</td>
                  <td className={tableCss.num}>
                    {c.instanceCount > 0 ? (
                      <Link
                        href={`${pipelineTabHref(pipelineId, "instances")}?status=all&component=${encodeURIComponent(c.id)}`}
                      >
                        {c.instanceCount}
                      </Link>
                    ) : (
                      0
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
