import { ListInstancesInput, listInstancesForConsole } from "@/lib/console/list-instances";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/pipelines/[pipelineId]/instances?status=&component=&after= – one page of instances
export const GET = consoleRoute(ListInstancesInput, listInstancesForConsole, { role: "viewer" });
