"use client";
// The pipeline page's header (name, state, health, actions) and its tabs, which are URL segments:
// Graph | Objects | Instances | Definition.

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { auditHref, pipelineHref, pipelineTabHref } from "@/components/links";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { ErrorState, Loading } from "@/components/states";
import { HealthBadge, StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { ApiError } from "@/lib/query/api-client";
import { pipelineOverviewQuery } from "@/lib/query/pipelines";
import { InstanceCounts, ScheduleText } from "./instance-counts";
import { PipelineActions } from "./pipeline-actions";
import { PipelineMissing } from "./pipeline-missing";
import { FailureBanner, useSelectedRun, withRun } from "./run-status";
import bannerCss from "@/components/ui/banner.module.css";
import frameCss from "./pipeline-frame.module.css";
import pageCss from "@/components/ui/page.module.css";
import panelCss from "@/components/ui/panel.module.css";
import tabsCss from "@/components/ui/tabs.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

const TABS = [
  { tab: "graph", label: "Graph" },
  { tab: "objects", label: "Objects" },
  { tab: "instances", label: "Instances" },
  { tab: "runs", label: "Runs" },
  { tab: "definition", label: "Definition" },
] as const;

function activeTab(pathname: string, base: string): (typeof TABS)[number]["tab"] {
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : "";
  // Instance and attempt ids start with "@": their pages belong to the Instances tab.
  if (rest.startsWith("/objects/%40") || rest.startsWith("/objects/@")) return "instances";
  if (rest.startsWith("/objects")) return "objects";
  if (rest.startsWith("/instances")) return "instances";
  if (rest.startsWith("/runs")) return "runs";
  if (rest.startsWith("/definition")) return "definition";
  return "graph";
}

export function PipelineFrame({ pipelineId, children }: { pipelineId: string; children: ReactNode }) {
  const live = useLiveQueryOptions();
  const query = useQuery({ ...pipelineOverviewQuery(pipelineId), ...live });
  const pathname = usePathname() ?? "";
  const current = activeTab(pathname, pipelineHref(pipelineId));
  const run = useSelectedRun();

  if (query.isPending) return <Loading label="Loading pipeline…" />;
  if (query.isError && !query.data) {
    if (query.error instanceof ApiError && query.error.isNotFound)
      return <PipelineMissing pipelineId={pipelineId} deleted={query.error.code === "PIPELINE_DELETED"} />;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  const { pipeline: p, definition } = query.data;

  return (
    <div className={pageCss.page}>
      <nav aria-label="Breadcrumb" className={pageCss.breadcrumb}>
        <ol>
          <li>
            <Link href="/">Pipelines</Link>
          </li>
          <li aria-current="page">{p.name}</li>
        </ol>
      </nav>
      <header className={frameCss.head}>
        <div className={frameCss.title} data-testid="pipeline-title">
          <h1>{p.name}</h1>
          <StatusBadge status={p.state} />
          <HealthBadge health={p.health.status} hasRuns={Object.keys(p.instanceCounts).length > 0} />
        </div>
        <PipelineActions pipelineId={p.id} name={p.name} state={p.state} hasDefinition={p.objectCount > 0} />
      </header>
      <dl className={panelCss.facts} data-testid="pipeline-facts">
        <div>
          <dt>Id</dt>
          <dd className={textCss.mono}>{p.id}</dd>
        </div>
        <div>
          <dt>Schedule</dt>
          <dd>
            <ScheduleText schedule={p.schedule} />
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>
            {p.latestVersion === null ? "no definition" : `latest ${p.latestVersion}`}
            {p.activeVersion !== null ? ` · active ${p.activeVersion}` : ""}
          </dd>
        </div>
        <div>
          <dt>Last run (UTC)</dt>
          <dd>
            <Time iso={p.lastRunAt} />
          </dd>
        </div>
        <div>
          <dt>Next run (UTC)</dt>
          <dd>
            <Time iso={p.nextRunAt} />
          </dd>
        </div>
        <div>
          <dt>Instances</dt>
          <dd>
            <InstanceCounts counts={p.instanceCounts} pipelineId={p.id} />
          </dd>
        </div>
        <div>
          <dt>History</dt>
          <dd>
            <Link href={auditHref(p.id)}>Audit log</Link>
          </dd>
        </div>
      </dl>
      {p.description ? <p className={pageCss.description}>{p.description}</p> : null}
      <FailureBanner pipelineId={p.id} health={p.health.status} />
      {definition?.errored ? (
        <div className={cx(bannerCss.banner, bannerCss.error)} role="note">
          The latest definition (version {definition.version}) has validation errors and cannot be activated.{" "}
          <Link href={pipelineTabHref(p.id, "definition")}>See the errors</Link>
        </div>
      ) : null}
      {definition?.hasUnactivatedChanges ? (
        <div className={cx(bannerCss.banner, bannerCss.warn)} role="note">
          The latest definition (version {definition.version}) differs from the active one ({p.activeVersion}); activate
          again to apply it.
        </div>
      ) : null}

      <nav aria-label="Pipeline views" className={tabsCss.tabs}>
        <ul>
          {TABS.map((t) => (
            <li key={t.tab}>
              <Link
                href={
                  t.tab === "graph" || t.tab === "objects"
                    ? withRun(pipelineTabHref(p.id, t.tab), run)
                    : pipelineTabHref(p.id, t.tab)
                }
                className={tabsCss.tab}
                aria-current={current === t.tab ? "page" : undefined}
              >
                {t.label}
                {t.tab === "objects" ? <span className={tabsCss.count}>{query.data.components.length}</span> : null}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section className={tabsCss.panel} aria-label={TABS.find((t) => t.tab === current)?.label}>
        {children}
      </section>
    </div>
  );
}
