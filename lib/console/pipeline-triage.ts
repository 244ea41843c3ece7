// The pipelines list's triage: filter by health, and sort with what needs attention first (ERROR,
// then pipelines with failed or running work, then the rest, each by latest activity). Pure: shared
// by the view and its unit test.

import { ACTIVE_STATUSES, ERROR_STATUSES } from "@/lib/objects/statuses";

export const PIPELINE_HEALTH_FILTERS = ["", "ERROR", "HEALTHY", "none"] as const;
export type PipelineHealthFilter = (typeof PIPELINE_HEALTH_FILTERS)[number];

export const PIPELINE_SORTS = ["attention", "name", "last-run", "created"] as const;
export type PipelineSort = (typeof PIPELINE_SORTS)[number];

export interface TriageItem {
  name: string;
  state: string;
  createdAt: string;
  lastRunAt: string | null;
  health: { status: string | null };
  instanceCounts: Record<string, number>;
}

export function attentionRank(p: TriageItem): number {
  if (p.health.status === "ERROR") return 0;
  if (p.state === "DEACTIVATING") return 1;
  if ([...ERROR_STATUSES].some((s) => (p.instanceCounts[s] ?? 0) > 0)) return 2;
  if ([...ACTIVE_STATUSES].some((s) => (p.instanceCounts[s] ?? 0) > 0)) return 3;
  if (p.state === "SCHEDULED") return 4;
  return 5;
}

export function matchesHealth(p: TriageItem, filter: PipelineHealthFilter): boolean {
  if (filter === "") return true;
  if (filter === "none") return p.health.status === null;
  return p.health.status === filter;
}

const byLatest = (a: TriageItem, b: TriageItem) => (b.lastRunAt ?? "").localeCompare(a.lastRunAt ?? "");

export function triagePipelines<T extends TriageItem>(
  items: readonly T[],
  health: PipelineHealthFilter,
  sort: PipelineSort,
): T[] {
  const out = items.filter((p) => matchesHealth(p, health));
  switch (sort) {
    case "attention":
      return out.sort((a, b) => attentionRank(a) - attentionRank(b) || byLatest(a, b) || a.name.localeCompare(b.name));
    case "name":
      return out.sort((a, b) => a.name.localeCompare(b.name));
    case "last-run":
      return out.sort((a, b) => byLatest(a, b) || a.name.localeCompare(b.name));
    case "created":
      return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
}
