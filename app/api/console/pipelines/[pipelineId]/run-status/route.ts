import { GetRunStatusInput, getRunStatusForConsole } from "@/lib/console/runs";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/pipelines/[pipelineId]/run-status[?run=latest|<scheduled start>] – each component's instance in one run, and the latest failure
export const GET = consoleRoute(GetRunStatusInput, getRunStatusForConsole, { role: "viewer" });
