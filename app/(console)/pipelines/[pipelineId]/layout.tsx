import { HydrationBoundary } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { pageContext } from "@/lib/console-auth/page-session";
import { toConsoleError } from "@/lib/operations/console/errors";
import { getPipelineOverview } from "@/lib/operations/console/get-pipeline-overview";
import { pipelineKeys } from "@/lib/query/pipelines";
import { dehydrateServerQueries, prefetch } from "@/lib/query/server";
import { PipelineFrame } from "../../_components/pipeline-frame";
import { PipelineMissing } from "../../_components/pipeline-missing";
import { decodeSegment } from "../../_components/route-params";

export const dynamic = "force-dynamic";

export default async function PipelineLayout({ params, children }: { params: Promise<{ pipelineId: string }>; children: ReactNode }) {
  const pipelineId = decodeSegment((await params).pipelineId);
  const overview = await prefetch(pipelineKeys.overview(pipelineId), async () => getPipelineOverview({ pipelineId }, await pageContext()));
  if (!overview.ok) {
    const code = toConsoleError(overview.error)?.code;
    if (code === "PIPELINE_NOT_FOUND" || code === "PIPELINE_DELETED") return <PipelineMissing pipelineId={pipelineId} deleted={code === "PIPELINE_DELETED"} />;
  }
  return (
    <HydrationBoundary state={dehydrateServerQueries()}>
      <PipelineFrame pipelineId={pipelineId}>{children}</PipelineFrame>
    </HydrationBoundary>
  );
}
