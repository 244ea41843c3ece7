import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { pageContext } from "@/lib/console-auth/page-session";
import { toConsoleError } from "@/lib/console/errors";
import { getPipelineOverview } from "@/lib/console/get-pipeline-overview";
import { pipelineNameFor } from "@/lib/console/pipeline-name";
import { pipelineKeys } from "@/lib/query/pipelines";
import { dehydrateServerQueries, prefetch } from "@/lib/query/server";
import { PipelineFrame } from "../../_components/pipeline-frame";
import { decodeSegment } from "../../_components/route-params";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ pipelineId: string }> };

/** Tabs and objects title themselves ("Instances"); this names the pipeline after them. */
export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { accountId } = await pageContext();
  const name = await pipelineNameFor(accountId, decodeSegment((await params).pipelineId));
  if (name === null) return { title: "Pipeline not found" };
  return { title: { default: name, template: `%s · ${name} · pipelinehouse` } };
}

export default async function PipelineLayout({
  params,
  children,
}: {
  params: Promise<{ pipelineId: string }>;
  children: ReactNode;
}) {
  const pipelineId = decodeSegment((await params).pipelineId);
  const overview = await prefetch(pipelineKeys.overview(pipelineId), async () =>
    getPipelineOverview({ pipelineId }, await pageContext()),
  );
  if (!overview.ok) {
    const code = toConsoleError(overview.error)?.code;
    // HTTP 404, with pipelines/not-found.tsx in the console's frame.
    if (code === "PIPELINE_NOT_FOUND" || code === "PIPELINE_DELETED") notFound();
  }
  return (
    <HydrationBoundary state={dehydrateServerQueries()}>
      <PipelineFrame pipelineId={pipelineId}>{children}</PipelineFrame>
    </HydrationBoundary>
  );
}
