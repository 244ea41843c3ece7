import { DeleteKeyInput, deleteKeyForAdmin } from "@/lib/console/admin-keys";
import { consoleRoute } from "../../../../_lib/console-route";

export const dynamic = "force-dynamic";

// POST /api/console/admin/keys/[accessKeyId]/delete – delete a key for good
export const POST = consoleRoute(DeleteKeyInput, deleteKeyForAdmin, { role: "admin", body: true });
