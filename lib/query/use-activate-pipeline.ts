"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/lib/notices/toast-context";
import type { ActivateForConsoleInput } from "@/lib/console/activate-pipeline";
import { apiPost, enc } from "./api-client";
import { invalidateAfterPipelineAction } from "./invalidate";

export function useActivatePipeline() {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (input: ActivateForConsoleInput) =>
      apiPost<{ pipelineId: string }>(
        `/api/console/pipelines/${enc(input.pipelineId)}/activate`,
        input.startTimestamp ? { startTimestamp: input.startTimestamp } : {},
      ),
    onSuccess: ({ pipelineId }) => toast.push({ tone: "success", title: "Pipeline activated", detail: pipelineId }),
    onError: (error, input) =>
      toast.push({ tone: "error", title: `Could not activate ${input.pipelineId}`, detail: error.message }),
    onSettled: (_data, _error, input) => invalidateAfterPipelineAction(client, input.pipelineId),
  });
}
