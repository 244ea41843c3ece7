import { GetObjectDetailInput, getObjectDetail } from "@/lib/console/get-object-detail";
import { consoleRoute } from "../../../../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/pipelines/[pipelineId]/objects/[objectId] – fields (own/inherited), references, referenced by
export const GET = consoleRoute(GetObjectDetailInput, getObjectDetail, { role: "viewer" });
