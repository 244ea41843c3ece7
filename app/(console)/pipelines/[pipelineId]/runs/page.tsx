import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { pageContext } from "@/lib/console-auth/page-session";
import { getRunGridForConsole } from "@/lib/console/runs";
import { runKeys } from "@/lib/query/runs";
import { RunsSearch, parseSearch } from "@/lib/query/search-params";
import { dehydrateServerQueries, prefetch } from "@/lib/query/server";
import { RunGridView } from "../../../_components/run-grid-view";
import { decodeSegment } from "../../../_components/route-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runs" };

export default async function PipelineRunsPage({
  params,
  searchParams,
}: {
  params: Promise<{ pipelineId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const pipelineId = decodeSegment((await params).pipelineId);
  const search = parseSearch(RunsSearch, await searchParams);
  const limit = Number(search.limit);
  await prefetch(runKeys.grid(pipelineId, search.before, limit), async () =>
    getRunGridForConsole({ pipelineId, before: search.before, limit }, await pageContext()),
  );
  return (
    <HydrationBoundary state={dehydrateServerQueries()}>
      <RunGridView pipelineId={pipelineId} />
    </HydrationBoundary>
  );
}
