import { DeactivateForConsoleInput, deactivatePipelineForConsole } from "@/lib/console/deactivate-pipeline";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// POST /api/console/pipelines/[pipelineId]/deactivate – DeactivatePipeline as the console
export const POST = consoleRoute(DeactivateForConsoleInput, deactivatePipelineForConsole, {
  role: "operator",
  body: true,
});
