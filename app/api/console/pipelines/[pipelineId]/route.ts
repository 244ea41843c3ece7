import { GetPipelineOverviewInput, getPipelineOverview } from "@/lib/console/get-pipeline-overview";
import { consoleRoute } from "../../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/pipelines/[pipelineId] – the pipeline, its components and run facts
export const GET = consoleRoute(GetPipelineOverviewInput, getPipelineOverview, { role: "viewer" });
