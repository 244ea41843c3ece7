import { GetDefinitionInput, getDefinitionForConsole } from "@/lib/console/get-definition";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/pipelines/[pipelineId]/definition?version=latest|active – the definition in CLI file format
export const GET = consoleRoute(GetDefinitionInput, getDefinitionForConsole, { role: "viewer" });
