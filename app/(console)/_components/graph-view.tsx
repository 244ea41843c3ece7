"use client";
// Graph tab: the latest definition as a graph of objects and their references, each object
// coloured by its instance's status in the chosen run (the latest by default).

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useMemo } from "react";
import { objectHref, pipelineTabHref } from "@/components/links";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { Empty, ErrorState, Loading } from "@/components/states";
import { pipelineOverviewQuery } from "@/lib/query/pipelines";
import { RunPicker, RunStatusNote, useRunStatus, withRun } from "./run-status";
import formCss from "@/components/ui/form.module.css";
import pageCss from "@/components/ui/page.module.css";
import styles from "./graph-view.module.css";
import { cx } from "@/components/ui/cx";

// React Flow measures the DOM; it renders in the browser only.
const PipelineGraph = dynamic(() => import("@/components/pipeline-graph"), {
  ssr: false,
  loading: () => <Loading label="Laying out the graph…" />,
});

export function GraphView({ pipelineId }: { pipelineId: string }) {
  const live = useLiveQueryOptions();
  const query = useQuery({ ...pipelineOverviewQuery(pipelineId), ...live });
  const { run, query: runStatus } = useRunStatus(pipelineId);
  const components = query.data?.components;
  const byComponent = runStatus.data?.byComponent;
  const objects = useMemo(
    () =>
      (components ?? []).map((c) => {
        const cell = byComponent?.[c.id];
        return {
          id: c.id,
          name: c.name,
          refs: c.refs,
          type: c.type,
          kind: c.kind,
          status: cell?.status ?? c.status,
          statusSource: cell ? ("run" as const) : ("object" as const),
          // An object with an instance in the run opens that instance: what an operator looks for from a coloured node.
          href: cell ? objectHref(pipelineId, cell.instanceId) : objectHref(pipelineId, c.id),
        };
      }),
    [components, byComponent, pipelineId],
  );

  if (query.isPending) return <Loading label="Loading the graph…" />;
  if (query.isError && !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (objects.length === 0) {
    return (
      <Empty title="No definition yet">
        <p>Put a definition with the API or the AWS CLI, then its objects appear here.</p>
      </Empty>
    );
  }
  const refCount = objects.reduce((n, o) => n + o.refs.length, 0);
  return (
    <div className={styles.view}>
      <div className={formCss.toolbar}>
        <RunPicker pipelineId={pipelineId} />
        <RunStatusNote pipelineId={pipelineId} />
      </div>
      <p className={cx(pageCss.hint, styles.note)}>
        {objects.length} object{objects.length === 1 ? "" : "s"}, {refCount} reference{refCount === 1 ? "" : "s"}, drawn
        upstream to downstream and labelled with the field; the objects of one chain are boxed under its name. Drag to
        pan, scroll or use the buttons to zoom, find an object with the search box, select one to open it (its instance
        in this run, when it has one). The same objects as a table:{" "}
        <Link href={withRun(pipelineTabHref(pipelineId, "objects"), run)}>Objects</Link>.
      </p>
      <PipelineGraph objects={objects} />
    </div>
  );
}
