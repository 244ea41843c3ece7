"use client";
// Graph tab: the latest definition as a graph of objects and their references.

import { useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useMemo } from "react";
import { objectHref, pipelineTabHref } from "@/components/links";
import { useLiveQueryOptions } from "@/components/refresh-settings";
import { Empty, ErrorState, Loading } from "@/components/states";
import { pipelineOverviewQuery } from "@/lib/query/pipelines";

// React Flow measures the DOM; it renders in the browser only.
const PipelineGraph = dynamic(() => import("@/components/pipeline-graph"), { ssr: false, loading: () => <Loading label="Laying out the graph…" /> });

export function GraphView({ pipelineId }: { pipelineId: string }) {
  const live = useLiveQueryOptions();
  const query = useQuery({ ...pipelineOverviewQuery(pipelineId), ...live });
  const components = query.data?.components;
  // Only a change in the graph's shape re-lays it out; status changes re-render the nodes.
  const objects = useMemo(
    () => (components ?? []).map((c) => ({ id: c.id, refs: c.refs, type: c.type, kind: c.kind, status: c.status, href: objectHref(pipelineId, c.id) })),
    [components, pipelineId],
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
  return (
    <div className="graph-view">
      <p className="hint">
        {objects.length} objects, {objects.reduce((n, o) => n + o.refs.length, 0)} references. Drag to pan, scroll or use the buttons to zoom, select an object to open it.
        The same objects as a table: <Link href={pipelineTabHref(pipelineId, "objects")}>Objects</Link>.
      </p>
      <PipelineGraph objects={objects} />
    </div>
  );
}
