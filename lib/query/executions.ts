// An instance's execution (attempts, leases, errors, dependencies, allowed actions) and the preview
// of what a rerun would reset.
import { queryOptions } from "@tanstack/react-query";
import type { InstanceExecution } from "@/lib/console/get-instance-execution";
import type { RerunPreview } from "@/lib/console/set-status";
import { apiGet, apiPost, enc } from "./api-client";
import { pipelineKeys } from "./pipelines";

export const executionKeys = {
  all: (pipelineId: string) => [...pipelineKeys.detail(pipelineId), "executions"] as const,
  instance: (pipelineId: string, instanceId: string) =>
    [...pipelineKeys.detail(pipelineId), "executions", instanceId] as const,
  rerunPreview: (pipelineId: string, objectIds: readonly string[]) =>
    [...pipelineKeys.detail(pipelineId), "rerun-preview", [...objectIds].sort()] as const,
};

export const instanceExecutionQuery = (pipelineId: string, instanceId: string) =>
  queryOptions({
    queryKey: executionKeys.instance(pipelineId, instanceId),
    queryFn: ({ signal }) =>
      apiGet<InstanceExecution>(`/api/console/pipelines/${enc(pipelineId)}/instances/${enc(instanceId)}`, { signal }),
  });

/** A read (nothing changes), asked afresh every time a rerun confirmation opens. */
export const rerunPreviewQuery = (pipelineId: string, objectIds: readonly string[]) =>
  queryOptions({
    queryKey: executionKeys.rerunPreview(pipelineId, objectIds),
    queryFn: ({ signal }) =>
      apiPost<RerunPreview>(`/api/console/pipelines/${enc(pipelineId)}/rerun-preview`, { objectIds }, { signal }),
    staleTime: 0,
    gcTime: 0,
  });
