import { UpdateUserInput, updateUserForAdmin } from "@/lib/console/admin-users";
import { consoleRoute } from "../../../_lib/console-route";

export const dynamic = "force-dynamic";

// POST /api/console/admin/users/[userId] – change a user's role, or disable / enable them
export const POST = consoleRoute(UpdateUserInput, updateUserForAdmin, { role: "admin", body: true });
