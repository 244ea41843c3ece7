import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { pageContext } from "@/lib/console-auth/page-session";
import { ListAuditInput, listAuditForConsole } from "@/lib/console/list-audit";
import { AUDIT_PAGE_SIZE, auditKeys } from "@/lib/query/audit";
import { AuditSearch, parseSearch } from "@/lib/query/search-params";
import { dehydrateServerQueries, prefetch } from "@/lib/query/server";
import { AuditView } from "../_components/audit-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const s = parseSearch(AuditSearch, await searchParams);
  const filter = { pipelineId: s.pipeline, actor: s.actor, action: s.action, before: s.before };
  await prefetch(auditKeys.page(filter), async () =>
    listAuditForConsole(
      ListAuditInput.parse({
        pipelineId: s.pipeline || undefined,
        actor: s.actor || undefined,
        action: s.action || undefined,
        before: s.before,
        limit: AUDIT_PAGE_SIZE,
      }),
      await pageContext(),
    ),
  );
  return (
    <HydrationBoundary state={dehydrateServerQueries()}>
      <AuditView />
    </HydrationBoundary>
  );
}
