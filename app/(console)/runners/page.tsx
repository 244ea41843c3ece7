import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { pageContext } from "@/lib/console-auth/page-session";
import { listRunnersForConsole } from "@/lib/console/runners";
import { runnerKeys } from "@/lib/query/runners";
import { dehydrateServerQueries, prefetch } from "@/lib/query/server";
import { RunnersView } from "../_components/runners-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runners" };

export default async function RunnersPage() {
  await prefetch(runnerKeys.list(), async () => listRunnersForConsole({}, await pageContext()));
  return (
    <HydrationBoundary state={dehydrateServerQueries()}>
      <RunnersView />
    </HydrationBoundary>
  );
}
