import { EvaluateInput, evaluateForConsole } from "@/lib/console/evaluate";
import { consoleRoute } from "../../../../../_lib/console-route";

export const dynamic = "force-dynamic";

// POST /api/console/pipelines/[pipelineId]/objects/[objectId]/evaluate – evaluate an expression on the object
export const POST = consoleRoute(EvaluateInput, evaluateForConsole, {
  role: "viewer",
  body: true,
  maxBodyBytes: 256 * 1024,
});
