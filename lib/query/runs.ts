// Runs of a pipeline: the selector's list, one run's status per component, and the run grid.
import { queryOptions } from "@tanstack/react-query";
import type { RunGrid, RunStatusView, RunsPage } from "@/lib/console/runs";
import { apiGet, enc, toQueryString } from "./api-client";
import { pipelineKeys } from "./pipelines";

export const runKeys = {
  list: (pipelineId: string) => [...pipelineKeys.detail(pipelineId), "runs", "list"] as const,
  status: (pipelineId: string, run: string) => [...pipelineKeys.detail(pipelineId), "runs", "status", run] as const,
  grid: (pipelineId: string, before: string | undefined, limit: number) =>
    [...pipelineKeys.detail(pipelineId), "runs", "grid", before ?? "", limit] as const,
};

export const runsQuery = (pipelineId: string) =>
  queryOptions({
    queryKey: runKeys.list(pipelineId),
    queryFn: ({ signal }) => apiGet<RunsPage>(`/api/console/pipelines/${enc(pipelineId)}/runs?limit=100`, { signal }),
  });

export const runStatusQuery = (pipelineId: string, run: string) =>
  queryOptions({
    queryKey: runKeys.status(pipelineId, run),
    queryFn: ({ signal }) =>
      apiGet<RunStatusView>(
        `/api/console/pipelines/${enc(pipelineId)}/run-status${toQueryString({ run: run === "latest" ? "" : run })}`,
        { signal },
      ),
  });

export const runGridQuery = (pipelineId: string, before: string | undefined, limit: number) =>
  queryOptions({
    queryKey: runKeys.grid(pipelineId, before, limit),
    queryFn: ({ signal }) =>
      apiGet<RunGrid>(`/api/console/pipelines/${enc(pipelineId)}/run-grid${toQueryString({ before, limit })}`, {
        signal,
      }),
  });
