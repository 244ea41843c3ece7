import { UpdateKeyInput, updateKeyForAdmin } from "@/lib/console/admin-keys";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// POST /api/console/admin/keys/[accessKeyId] – disable or enable a key
export const POST = consoleRoute(UpdateKeyInput, updateKeyForAdmin, { role: "admin", body: true });
