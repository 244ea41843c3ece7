import { ListRunnersInput, listRunnersForConsole } from "@/lib/console/runners";
import { consoleRoute } from "../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/runners – task runners by worker group, last heartbeat, and the work leased to each host
export const GET = consoleRoute(ListRunnersInput, listRunnersForConsole, { role: "viewer" });
