import { ListRunsInput, listRunsForConsole } from "@/lib/console/runs";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/pipelines/[pipelineId]/runs[?before=&limit=] – runs (scheduled periods, activations) newest first, with counts by status
export const GET = consoleRoute(ListRunsInput, listRunsForConsole, { role: "viewer" });
