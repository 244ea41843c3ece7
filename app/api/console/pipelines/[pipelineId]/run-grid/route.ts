import { GetRunGridInput, getRunGridForConsole } from "@/lib/console/runs";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/pipelines/[pipelineId]/run-grid[?before=&limit=] – runs as columns, objects as rows, each cell an instance
export const GET = consoleRoute(GetRunGridInput, getRunGridForConsole, { role: "viewer" });
