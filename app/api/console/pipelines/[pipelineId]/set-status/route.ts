import { SetStatusForConsoleInput, setStatusForConsole } from "@/lib/console/set-status";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// POST /api/console/pipelines/[pipelineId]/set-status { objectIds, status } – SetStatus as the console, with a result per object
export const POST = consoleRoute(SetStatusForConsoleInput, setStatusForConsole, { role: "operator", body: true });
