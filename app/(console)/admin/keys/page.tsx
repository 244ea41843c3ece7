import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { listKeysForAdmin } from "@/lib/console/admin-keys";
import { sessionContext } from "@/lib/console/session-context";
import { adminKeys } from "@/lib/query/admin";
import { dehydrateServerQueries, prefetch } from "@/lib/query/server";
import { AdminTabs } from "../_components/admin-tabs";
import { KeysView } from "../_components/keys-view";
import { requireAdminPage } from "../_lib/require-admin";
import pageCss from "@/components/ui/page.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Access keys · Admin" };

export default async function AdminKeysPage() {
  const session = await requireAdminPage();
  await prefetch(adminKeys.keys, () => listKeysForAdmin({}, sessionContext(session)));
  return (
    <div className={pageCss.page}>
      <AdminTabs current="keys" />
      <HydrationBoundary state={dehydrateServerQueries()}>
        <KeysView />
      </HydrationBoundary>
    </div>
  );
}
