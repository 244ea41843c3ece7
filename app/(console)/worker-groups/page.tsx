import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { pageContext } from "@/lib/console-auth/page-session";
import { listWorkerGroupsForConsole } from "@/lib/console/worker-groups";
import { dehydrateServerQueries, prefetch } from "@/lib/query/server";
import { workerGroupKeys } from "@/lib/query/worker-groups";
import { WorkerGroupsView } from "../_components/worker-groups-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Worker groups" };

export default async function WorkerGroupsPage() {
  await prefetch(workerGroupKeys.list(), async () => listWorkerGroupsForConsole({}, await pageContext()));
  return (
    <HydrationBoundary state={dehydrateServerQueries()}>
      <WorkerGroupsView />
    </HydrationBoundary>
  );
}
