// A page of the audit log.
import { queryOptions } from "@tanstack/react-query";
import type { AuditPage } from "@/lib/console/list-audit";
import { apiGet, toQueryString } from "./api-client";

export interface AuditFilter {
  pipelineId: string;
  actor: string;
  action: string;
  before?: string | undefined;
}

export const auditKeys = {
  all: ["audit"] as const,
  page: (f: AuditFilter) =>
    ["audit", { pipelineId: f.pipelineId, actor: f.actor, action: f.action, before: f.before ?? "" }] as const,
};

export const AUDIT_PAGE_SIZE = 50;

export const auditQuery = (f: AuditFilter) =>
  queryOptions({
    queryKey: auditKeys.page(f),
    queryFn: ({ signal }) =>
      apiGet<AuditPage>(
        `/api/console/audit${toQueryString({ pipelineId: f.pipelineId, actor: f.actor, action: f.action, before: f.before, limit: AUDIT_PAGE_SIZE })}`,
        { signal },
      ),
  });
