import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { pageContext } from "@/lib/console-auth/page-session";
import { ListPipelinesForConsoleInput, listPipelinesForConsole } from "@/lib/console/list-pipelines";
import { pipelineKeys } from "@/lib/query/pipelines";
import { PipelinesSearch, parseSearch } from "@/lib/query/search-params";
import { dehydrateServerQueries, prefetch } from "@/lib/query/server";
import { PipelinesView } from "./_components/pipelines-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Pipelines" };

export default async function PipelinesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const search = parseSearch(PipelinesSearch, await searchParams);
  const filter = { search: search.q, state: search.state };
  await prefetch(pipelineKeys.list(filter), async () =>
    listPipelinesForConsole(
      ListPipelinesForConsoleInput.parse({ search: filter.search, states: filter.state ? [filter.state] : undefined }),
      await pageContext(),
    ),
  );
  return (
    <HydrationBoundary state={dehydrateServerQueries()}>
      <PipelinesView />
    </HydrationBoundary>
  );
}
