import { notFound } from "next/navigation";
import { requirePageSession } from "@/lib/console-auth/page-session";
import { roleAllows } from "@/lib/console-auth/roles";
import type { ConsoleSession } from "@/lib/console-auth/sessions";

/** Admin pages exist only for admins: others get the console's "not found" page (the BFF refuses them too). */
export async function requireAdminPage(): Promise<ConsoleSession> {
  const session = await requirePageSession();
  if (!roleAllows(session.role, "admin")) notFound();
  return session;
}
