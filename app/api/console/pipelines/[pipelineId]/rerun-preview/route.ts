import { PreviewRerunForConsoleInput, previewRerunForConsole } from "@/lib/console/set-status";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// POST /api/console/pipelines/[pipelineId]/rerun-preview { objectIds } – the instances a RERUN would reset; changes nothing
export const POST = consoleRoute(PreviewRerunForConsoleInput, previewRerunForConsole, { role: "viewer", body: true });
