import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { pageContext } from "@/lib/console-auth/page-session";
import { ListInstancesInput, listInstancesForConsole } from "@/lib/console/list-instances";
import { instanceKeys } from "@/lib/query/instances";
import { InstancesSearch, parseSearch } from "@/lib/query/search-params";
import { dehydrateServerQueries, prefetch } from "@/lib/query/server";
import { InstancesView } from "../../../_components/instances-view";
import { decodeSegment } from "../../../_components/route-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Instances" };

export default async function PipelineInstancesPage({
  params,
  searchParams,
}: {
  params: Promise<{ pipelineId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const pipelineId = decodeSegment((await params).pipelineId);
  const search = parseSearch(InstancesSearch, await searchParams);
  await prefetch(instanceKeys.list(pipelineId, search), async () =>
    listInstancesForConsole(
      ListInstancesInput.parse({
        pipelineId,
        status: search.status,
        component: search.component || undefined,
        after: search.after,
      }),
      await pageContext(),
    ),
  );
  return (
    <HydrationBoundary state={dehydrateServerQueries()}>
      <InstancesView pipelineId={pipelineId} />
    </HydrationBoundary>
  );
}
