import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { pageContext } from "@/lib/console-auth/page-session";
import { toConsoleError } from "@/lib/console/errors";
import { evaluateForConsole } from "@/lib/console/evaluate";
import { getInstanceExecution } from "@/lib/console/get-instance-execution";
import { getObjectDetail } from "@/lib/console/get-object-detail";
import { executionKeys } from "@/lib/query/executions";
import { objectKeys } from "@/lib/query/objects";
import { ObjectSearch, parseSearch } from "@/lib/query/search-params";
import { dehydrateServerQueries, prefetch } from "@/lib/query/server";
import { ObjectMissing } from "../../../../_components/object-missing";
import { ObjectView } from "../../../../_components/object-view";
import { decodeSegment } from "../../../../_components/route-params";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ pipelineId: string; objectId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeSegment((await params).objectId) };
}

export default async function ObjectPage({ params, searchParams }: Props) {
  const raw = await params;
  const pipelineId = decodeSegment(raw.pipelineId);
  const objectId = decodeSegment(raw.objectId);
  const { expr } = parseSearch(ObjectSearch, await searchParams);
  const ctx = await pageContext();
  const [detail] = await Promise.all([
    prefetch(objectKeys.detail(pipelineId, objectId), () => getObjectDetail({ pipelineId, objectId }, ctx)),
    expr.trim()
      ? prefetch(objectKeys.evaluation(pipelineId, objectId, expr), () =>
          evaluateForConsole({ pipelineId, objectId, expression: expr }, ctx),
        )
      : null,
  ]);
  if (!detail.ok && toConsoleError(detail.error)?.code === "OBJECT_NOT_FOUND")
    return <ObjectMissing pipelineId={pipelineId} objectId={objectId} />;
  // Instances and attempts: their run (attempts, leases, dependencies) too, so the first paint has it.
  const instanceId = detail.ok ? detail.data.instanceId : null;
  if (instanceId)
    await prefetch(executionKeys.instance(pipelineId, instanceId), () =>
      getInstanceExecution({ pipelineId, instanceId }, ctx),
    );
  return (
    <HydrationBoundary state={dehydrateServerQueries()}>
      <ObjectView pipelineId={pipelineId} objectId={objectId} />
    </HydrationBoundary>
  );
}
