import { ForceEndInput, forceEndForConsole } from "@/lib/console/force-end";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// POST /api/console/pipelines/[pipelineId]/force-end { instanceIds, outcome: CANCELED|FAILED, reason? } – end work whose runner is gone, revoking its lease
export const POST = consoleRoute(ForceEndInput, forceEndForConsole, { role: "operator", body: true });
