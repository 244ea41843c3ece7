import { CreateKeyInput, ListKeysInput, createKeyForAdmin, listKeysForAdmin } from "@/lib/console/admin-keys";
import { consoleRoute } from "../../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/admin/keys – the account's access keys, never their secrets (admins only)
export const GET = consoleRoute(ListKeysInput, listKeysForAdmin, { role: "admin" });

// POST /api/console/admin/keys – create a key with a role; the answer is the only place its secret appears
export const POST = consoleRoute(CreateKeyInput, createKeyForAdmin, { role: "admin", body: true });
