import { GetInstanceExecutionInput, getInstanceExecution } from "@/lib/console/get-instance-execution";
import { consoleRoute } from "../../../../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/pipelines/[pipelineId]/instances/[instanceId] – times, attempts with leases and errors, waiting on / needed by, allowed actions
export const GET = consoleRoute(GetInstanceExecutionInput, getInstanceExecution, { role: "viewer" });
