import { ActivateForConsoleInput, activatePipelineForConsole } from "@/lib/console/activate-pipeline";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// POST /api/console/pipelines/[pipelineId]/activate – ActivatePipeline as the console
export const POST = consoleRoute(ActivateForConsoleInput, activatePipelineForConsole, { role: "operator", body: true });
