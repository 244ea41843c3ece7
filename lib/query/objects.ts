// One object of a pipeline (component, instance or attempt), and expressions evaluated on it.
import { queryOptions } from "@tanstack/react-query";
import type { EvaluateResult } from "@/lib/console/evaluate";
import type { ObjectDetail } from "@/lib/console/get-object-detail";
import { apiGet, apiPost, enc } from "./api-client";
import { pipelineKeys } from "./pipelines";

export const objectKeys = {
  all: (pipelineId: string) => [...pipelineKeys.detail(pipelineId), "objects"] as const,
  detail: (pipelineId: string, objectId: string) => [...pipelineKeys.detail(pipelineId), "objects", objectId] as const,
  evaluation: (pipelineId: string, objectId: string, expression: string) =>
    [...pipelineKeys.detail(pipelineId), "objects", objectId, "evaluate", expression] as const,
};

const objectPath = (pipelineId: string, objectId: string) =>
  `/api/console/pipelines/${enc(pipelineId)}/objects/${enc(objectId)}`;

export const objectDetailQuery = (pipelineId: string, objectId: string) =>
  queryOptions({
    queryKey: objectKeys.detail(pipelineId, objectId),
    queryFn: ({ signal }) => apiGet<ObjectDetail>(objectPath(pipelineId, objectId), { signal }),
  });

/** Evaluation reads state, so it is a query keyed by the expression (and kept in the page URL). */
export const evaluationQuery = (pipelineId: string, objectId: string, expression: string) =>
  queryOptions({
    queryKey: objectKeys.evaluation(pipelineId, objectId, expression),
    queryFn: ({ signal }) =>
      apiPost<EvaluateResult>(`${objectPath(pipelineId, objectId)}/evaluate`, { expression }, { signal }),
    enabled: expression.trim() !== "",
  });
