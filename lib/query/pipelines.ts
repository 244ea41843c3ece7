// Pipelines list and pipeline overview: keys, fetchers and query options.
import { queryOptions } from "@tanstack/react-query";
import type { PipelineOverview } from "@/lib/console/get-pipeline-overview";
import type { PipelineListResult } from "@/lib/console/list-pipelines";
import { apiGet, enc, toQueryString } from "./api-client";

export interface PipelinesFilter {
  search: string;
  /** One pipeline state, or "" for all. */
  state: string;
}

export const pipelineKeys = {
  all: ["pipelines"] as const,
  lists: () => ["pipelines", "list"] as const,
  list: (filter: PipelinesFilter) => ["pipelines", "list", { search: filter.search, state: filter.state }] as const,
  detail: (pipelineId: string) => ["pipelines", "detail", pipelineId] as const,
  overview: (pipelineId: string) => ["pipelines", "detail", pipelineId, "overview"] as const,
};

export const pipelinesListQuery = (filter: PipelinesFilter) =>
  queryOptions({
    queryKey: pipelineKeys.list(filter),
    queryFn: ({ signal }) =>
      apiGet<PipelineListResult>(
        `/api/console/pipelines${toQueryString({ search: filter.search, state: filter.state })}`,
        { signal },
      ),
  });

export const pipelineOverviewQuery = (pipelineId: string) =>
  queryOptions({
    queryKey: pipelineKeys.overview(pipelineId),
    queryFn: ({ signal }) => apiGet<PipelineOverview>(`/api/console/pipelines/${enc(pipelineId)}`, { signal }),
  });
