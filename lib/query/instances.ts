// A page of a pipeline's instances, filtered by status and component.
import { queryOptions } from "@tanstack/react-query";
import type { InstancesPage } from "@/lib/console/list-instances";
import { apiGet, enc, toQueryString } from "./api-client";
import { pipelineKeys } from "./pipelines";

export interface InstancesFilter {
  status: string;
  component: string;
  after?: string | undefined;
}

export const instanceKeys = {
  all: (pipelineId: string) => [...pipelineKeys.detail(pipelineId), "instances"] as const,
  list: (pipelineId: string, f: InstancesFilter) =>
    [
      ...pipelineKeys.detail(pipelineId),
      "instances",
      { status: f.status, component: f.component, after: f.after ?? "" },
    ] as const,
};

export const instancesQuery = (pipelineId: string, f: InstancesFilter) =>
  queryOptions({
    queryKey: instanceKeys.list(pipelineId, f),
    queryFn: ({ signal }) =>
      apiGet<InstancesPage>(
        `/api/console/pipelines/${enc(pipelineId)}/instances${toQueryString({ status: f.status, component: f.component, after: f.after })}`,
        { signal },
      ),
  });
