import { ImportDefinitionInput, MAX_DEFINITION_FILE_BYTES, importDefinition } from "@/lib/console/import-definition";
import { consoleRoute } from "../../_lib/console-route";

export const dynamic = "force-dynamic";

// POST /api/console/pipelines/import – create a pipeline from an AWS CLI definition file
export const POST = consoleRoute(ImportDefinitionInput, importDefinition, {
  role: "operator",
  body: true,
  maxBodyBytes: MAX_DEFINITION_FILE_BYTES + 64 * 1024,
});
