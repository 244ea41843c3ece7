import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { pageContext } from "@/lib/console-auth/page-session";
import { getDefinitionForConsole } from "@/lib/console/get-definition";
import { definitionKeys } from "@/lib/query/definition";
import { DefinitionSearch, parseSearch } from "@/lib/query/search-params";
import { dehydrateServerQueries, prefetch } from "@/lib/query/server";
import { DefinitionView } from "../../../_components/definition-view";
import { decodeSegment } from "../../../_components/route-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Definition" };

export default async function PipelineDefinitionPage({
  params,
  searchParams,
}: {
  params: Promise<{ pipelineId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const pipelineId = decodeSegment((await params).pipelineId);
  const { version } = parseSearch(DefinitionSearch, await searchParams);
  await prefetch(definitionKeys.version(pipelineId, version), async () =>
    getDefinitionForConsole({ pipelineId, version }, await pageContext()),
  );
  return (
    <HydrationBoundary state={dehydrateServerQueries()}>
      <DefinitionView pipelineId={pipelineId} />
    </HydrationBoundary>
  );
}
