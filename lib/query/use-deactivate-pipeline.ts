"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/lib/notices/toast-context";
import type { DeactivateForConsoleInput } from "@/lib/console/deactivate-pipeline";
import { apiPost, enc } from "./api-client";
import { invalidateAfterPipelineAction } from "./invalidate";

export function useDeactivatePipeline() {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (input: DeactivateForConsoleInput) =>
      apiPost<{ pipelineId: string }>(`/api/console/pipelines/${enc(input.pipelineId)}/deactivate`, {
        cancelActive: input.cancelActive,
      }),
    onSuccess: ({ pipelineId }) => toast.push({ tone: "success", title: "Pipeline deactivated", detail: pipelineId }),
    onError: (error, input) =>
      toast.push({ tone: "error", title: `Could not deactivate ${input.pipelineId}`, detail: error.message }),
    onSettled: (_data, _error, input) => invalidateAfterPipelineAction(client, input.pipelineId),
  });
}
