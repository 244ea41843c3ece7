import { CreateUserInput, ListUsersInput, createUserForAdmin, listUsersForAdmin } from "@/lib/console/admin-users";
import { consoleRoute } from "../../_lib/console-route";

export const dynamic = "force-dynamic";

// GET /api/console/admin/users – the account's console users (admins only)
export const GET = consoleRoute(ListUsersInput, listUsersForAdmin, { role: "admin" });

// POST /api/console/admin/users – create a user with a role and an initial password
export const POST = consoleRoute(CreateUserInput, createUserForAdmin, { role: "admin", body: true });
