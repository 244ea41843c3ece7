import { ListAuditInput, listAuditForConsole } from "@/lib/console/list-audit";
import { consoleRoute } from "../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/audit?pipelineId=&actor=&action=&before=&limit= – audit entries, newest first
export const GET = consoleRoute(ListAuditInput, listAuditForConsole, { role: "viewer" });
