import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { sessionContext } from "@/lib/console/session-context";
import { listUsersForAdmin } from "@/lib/console/admin-users";
import { adminKeys } from "@/lib/query/admin";
import { dehydrateServerQueries, prefetch } from "@/lib/query/server";
import { requireAdminPage } from "../_lib/require-admin";
import { AdminTabs } from "../_components/admin-tabs";
import { UsersView } from "../_components/users-view";
import pageCss from "@/components/ui/page.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users · Admin" };

export default async function AdminUsersPage() {
  const session = await requireAdminPage();
  await prefetch(adminKeys.users, () => listUsersForAdmin({}, sessionContext(session)));
  return (
    <div className={pageCss.page}>
      <AdminTabs current="users" />
      <HydrationBoundary state={dehydrateServerQueries()}>
        <UsersView selfEmail={session.email} />
      </HydrationBoundary>
    </div>
  );
}
