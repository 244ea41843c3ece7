// A pipeline's definition (latest or active) in the AWS CLI file format.
import { queryOptions } from "@tanstack/react-query";
import type { DefinitionVersionName } from "@/lib/console/definition-versions";
import type { DefinitionView } from "@/lib/console/get-definition";
import { apiGet, enc, toQueryString } from "./api-client";
import { pipelineKeys } from "./pipelines";

export const definitionKeys = {
  all: (pipelineId: string) => [...pipelineKeys.detail(pipelineId), "definition"] as const,
  version: (pipelineId: string, version: DefinitionVersionName) =>
    [...pipelineKeys.detail(pipelineId), "definition", version] as const,
};

export const definitionQuery = (pipelineId: string, version: DefinitionVersionName) =>
  queryOptions({
    queryKey: definitionKeys.version(pipelineId, version),
    queryFn: ({ signal }) =>
      apiGet<DefinitionView>(`/api/console/pipelines/${enc(pipelineId)}/definition${toQueryString({ version })}`, {
        signal,
      }),
  });
