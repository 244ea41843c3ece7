import { ListWorkerGroupsInput, listWorkerGroupsForConsole } from "@/lib/console/worker-groups";
import { consoleRoute } from "../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/worker-groups[?workerGroup=] – queue depth, hosts seen polling or heartbeating, quiet leases and warnings per worker group
export const GET = consoleRoute(ListWorkerGroupsInput, listWorkerGroupsForConsole, { role: "viewer" });
