"use client";
// Instances tab: the pipeline's runs, what needs attention (failed or not finished) by default, filtered by status chips and
// object (both in the URL), with attempt counts and the last error; rows can be selected for a bulk
// Cancel or Rerun, confirmed like the single actions.

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { excerpt } from "@/components/excerpt";
import { objectHref } from "@/components/links";
import { useLiveQueryOptions, useRefreshHold } from "@/components/refresh-settings";
import { Empty, ErrorState, Loading } from "@/components/states";
import { Badge, StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { INSTANCE_STATUSES, formatStatusFilter, parseStatusFilter } from "@/lib/objects/statuses";
import { instancesQuery } from "@/lib/query/instances";
import { pipelineOverviewQuery } from "@/lib/query/pipelines";
import { InstancesSearch } from "@/lib/query/search-params";
import { useCan } from "@/components/session-context";
import { InstanceActionDialog, type ActionTarget, type InstanceAction } from "./instance-action-dialog";
import { useUrlState } from "./use-url-state";
import buttonCss from "@/components/ui/button.module.css";
import formCss from "@/components/ui/form.module.css";
import styles from "./instances-view.module.css";
import tableCss from "@/components/ui/table.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";
import { ListToolbar } from "@/components/ui/list-toolbar";

const DEFAULTS = { status: "attention", component: "" };
/** Most urgent first, as in the counts elsewhere. */
const CHIP_ORDER = [
  "FAILED",
  "CASCADE_FAILED",
  "TIMEDOUT",
  "RUNNING",
  "WAITING_FOR_RUNNER",
  "WAITING_ON_DEPENDENCIES",
  "PAUSED",
  ...INSTANCE_STATUSES,
];

function StatusChips({
  value,
  counts,
  onChange,
}: {
  value: string;
  counts: Record<string, number>;
  onChange: (status: string) => void;
}) {
  const parsed = parseStatusFilter(value) ?? { kind: "attention" as const };
  const selected = parsed.kind === "statuses" ? parsed.statuses : [];
  const shown = [...new Set(CHIP_ORDER)].filter((s) => (counts[s] ?? 0) > 0 || selected.includes(s));
  const toggle = (s: string) =>
    onChange(formatStatusFilter(selected.includes(s) ? selected.filter((x) => x !== s) : [...selected, s]));
  return (
    <div className={formCss.field}>
      <span id="instance-status-label" className={formCss.fieldLabel}>
        Status
      </span>
      <div className={styles.chips} role="group" aria-labelledby="instance-status-label">
        <button
          type="button"
          className={styles.chip}
          aria-pressed={parsed.kind === "attention"}
          onClick={() => onChange("attention")}
          title="Failed, cascade-failed or timed out, and everything not finished yet"
        >
          Needs attention
        </button>
        <button
          type="button"
          className={styles.chip}
          aria-pressed={parsed.kind === "not-finished"}
          onClick={() => onChange("not-finished")}
        >
          Not finished
        </button>
        <button
          type="button"
          className={styles.chip}
          aria-pressed={parsed.kind === "all"}
          onClick={() => onChange("all")}
        >
          All
        </button>
        <span className={styles.chipsSep} aria-hidden="true" />
        {shown.map((s) => (
          <button
            key={s}
            type="button"
            className={cx(styles.chip, styles.chipStatus)}
            aria-pressed={selected.includes(s)}
            onClick={() => toggle(s)}
          >
            <StatusBadge status={s} count={counts[s] ?? 0} />
          </button>
        ))}
      </div>
    </div>
  );
}

export function InstancesView({ pipelineId }: { pipelineId: string }) {
  const canOperate = useCan("operator");
  const [search, setSearch] = useUrlState(InstancesSearch, DEFAULTS);
  const [selected, setSelected] = useState<Map<string, string>>(() => new Map());
  const [action, setAction] = useState<InstanceAction | null>(null);
  // Rows must not move under the operator while they are picking them (River UI does the same).
  useRefreshHold(selected.size > 0);
  const live = useLiveQueryOptions();
  const overview = useQuery({ ...pipelineOverviewQuery(pipelineId), ...live });
  const query = useQuery({
    ...instancesQuery(pipelineId, { status: search.status, component: search.component, after: search.after }),
    ...live,
    placeholderData: keepPreviousData,
  });
  const components = overview.data?.components ?? [];
  const counts = useMemo(() => query.data?.counts ?? {}, [query.data]);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const rows = query.data?.instances ?? [];

  // A new filter or page is a new list: what was selected in the old one is not visible any more.
  useEffect(() => setSelected(new Map()), [search.status, search.component, search.after]);

  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someOnPage = rows.some((r) => selected.has(r.id));
  const toggleRow = (id: string, status: string) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(id)) next.delete(id);
      else next.set(id, status);
      return next;
    });
  const toggleAll = () => setSelected(allOnPage ? new Map() : new Map(rows.map((r) => [r.id, r.status])));
  const targets: ActionTarget[] = [...selected.entries()].map(([id, status]) => ({ id, status }));

  return (
    <div>
      <ListToolbar label="Filter instances">
        <StatusChips
          value={search.status}
          counts={counts}
          onChange={(status) => setSearch({ status, after: undefined })}
        />
        <div className={formCss.field}>
          <label htmlFor="instance-component">Object</label>
          <select
            id="instance-component"
            value={search.component}
            onChange={(e) => setSearch({ component: e.target.value, after: undefined })}
          >
            <option value="">All objects</option>
            {components.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id}
              </option>
            ))}
          </select>
        </div>
      </ListToolbar>

      {selected.size > 0 ? (
        <div className={styles.bulkBar} role="region" aria-label="Selection">
          <strong>{selected.size} selected</strong>
          {canOperate ? (
            <>
              <button
                type="button"
                className={cx(buttonCss.btn, buttonCss.small)}
                onClick={() => setAction("TRY_CANCEL")}
              >
                Cancel…
              </button>
              <button type="button" className={cx(buttonCss.btn, buttonCss.small)} onClick={() => setAction("RERUN")}>
                Rerun…
              </button>
            </>
          ) : (
            <span className={cx(textCss.muted, textCss.small)}>Cancel and Rerun need the operator role.</span>
          )}
          <button
            type="button"
            className={cx(buttonCss.btn, buttonCss.ghost, buttonCss.small)}
            onClick={() => setSelected(new Map())}
          >
            Clear selection
          </button>
          <span className={cx(textCss.muted, textCss.small)}>Live refresh is paused while rows are selected.</span>
        </div>
      ) : null}
      <InstanceActionDialog
        pipelineId={pipelineId}
        action={action}
        targets={targets}
        onClose={() => setAction(null)}
        onDone={() => setSelected(new Map())}
      />

      {query.isPending ? (
        <Loading label="Loading instances…" />
      ) : query.isError && !query.data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        total === 0 ? (
          <Empty title="No runs yet">
            <p>
              Instances appear here once the pipeline is activated and the scheduler creates runs from its schedule (or,
              on demand, from each activation).
            </p>
          </Empty>
        ) : (
          <Empty title="No instances match these filters">
            <p>
              {search.status === "not-finished"
                ? "Every instance has finished. "
                : search.status === "attention"
                  ? "Nothing needs attention: every instance finished, was canceled or skipped. "
                  : ""}
              <button
                type="button"
                className={cx(buttonCss.btn, buttonCss.small)}
                onClick={() => setSearch({ status: "all", component: "", after: undefined })}
              >
                Show all {total} instances
              </button>
            </p>
          </Empty>
        )
      ) : (
        <>
          <div className={tableCss.wrap}>
            <table className={tableCss.table}>
              <caption className="sr-only">Instances</caption>
              <thead>
                <tr>
                  <th scope="col" className={tableCss.cellSelect}>
                    <input
                      type="checkbox"
                      aria-label="Select every instance on this page"
                      checked={allOnPage}
                      ref={(el) => {
                        if (el) el.indeterminate = someOnPage && !allOnPage;
                      }}
                      onChange={toggleAll}
                    />
                  </th>
                  <th scope="col">Instance</th>
                  <th scope="col">Object</th>
                  <th scope="col">Status</th>
                  <th scope="col">Scheduled start (UTC)</th>
                  <th scope="col">Actual start (UTC)</th>
                  <th scope="col">Actual end (UTC)</th>
                  <th scope="col" className={tableCss.num}>
                    Attempts
                  </th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((i) => (
                  <tr key={i.id} className={selected.has(i.id) ? tableCss.selected : undefined}>
                    <td className={tableCss.cellSelect}>
                      <input
                        type="checkbox"
                        aria-label={`Select ${i.id}`}
                        checked={selected.has(i.id)}
                        onChange={() => toggleRow(i.id, i.status)}
                      />
                    </td>
                    <td>
                      <Link href={objectHref(pipelineId, i.id)} className={cx(textCss.mono, textCss.strongLink)}>
                        {i.id}
                      </Link>
                    </td>
                    <td>
                      {i.componentId ? (
                        <Link href={objectHref(pipelineId, i.componentId)} className={textCss.mono}>
                          {i.componentId}
                        </Link>
                      ) : (
                        <span className={textCss.muted}>—</span>
                      )}
                    </td>
                    <td>
                      <StatusBadge status={i.status} />
                      {i.cancelRequested ? (
                        <div>
                          <Badge tone="warn" icon="slash" label="cancel requested" />
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <Time iso={i.scheduledStartTime} />
                    </td>
                    <td>
                      <Time iso={i.actualStartTime} />
                    </td>
                    <td>
                      <Time iso={i.actualEndTime} />
                    </td>
                    <td className={tableCss.num}>{i.attemptCount}</td>
                    <td className={tableCss.cellError}>
                      {i.cascadeFailedOn ? (
                        <div className={textCss.small}>
                          upstream failed:{" "}
                          <Link
                            href={objectHref(pipelineId, i.cascadeFailedOn)}
                            className={textCss.mono}
                            aria-label={`Upstream failure: ${i.cascadeFailedOn}`}
                          >
                            {i.cascadeFailedOn}
                          </Link>
                        </div>
                      ) : null}
                      {i.errorMessage || i.errorId ? (
                        <div className={textCss.small} title={i.errorMessage ?? undefined}>
                          {i.errorId ? <span className={textCss.mono}>{i.errorId}</span> : null}
                          {i.errorId && i.errorMessage ? " " : null}
                          {i.errorMessage ? (
                            <span className={textCss.errorText}>{excerpt(i.errorMessage, 140)}</span>
                          ) : null}
                          {i.errorAttemptId ? (
                            <>
                              {" "}
                              <Link
                                href={objectHref(pipelineId, i.errorAttemptId)}
                                className={textCss.muted}
                                aria-label={`Attempt with the error: ${i.errorAttemptId}`}
                              >
                                (attempt)
                              </Link>
                            </>
                          ) : null}
                        </div>
                      ) : i.cascadeFailedOn ? null : (
                        <span className={textCss.muted}>—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className={tableCss.pager}>
            {search.after ? (
              <button type="button" className={buttonCss.btn} onClick={() => setSearch({ after: undefined })}>
                First page
              </button>
            ) : null}
            {query.data.nextAfter ? (
              <button
                type="button"
                className={buttonCss.btn}
                onClick={() => setSearch({ after: query.data.nextAfter ?? undefined })}
              >
                Next page
              </button>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}
