"use client";
// Force cancel / Mark failed for work whose runner is gone. The outcome is a toast; a refusal is
// also returned to the caller, which shows it in the confirmation.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/lib/notices/toast-context";
import type { ForceEndResponse } from "@/lib/console/force-end";
import { apiPost, enc } from "./api-client";
import { invalidateAfterStatusChange } from "./invalidate";

export interface ForceEndVariables {
  pipelineId: string;
  instanceIds: string[];
  outcome: "CANCELED" | "FAILED";
  reason?: string;
}

export function useForceEnd() {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ pipelineId, ...body }: ForceEndVariables) =>
      apiPost<ForceEndResponse>(`/api/console/pipelines/${enc(pipelineId)}/force-end`, body),
    onSuccess: (result) =>
      toast.push({
        tone: "success",
        title: `${result.outcome === "CANCELED" ? "Force-canceled" : "Marked failed"}: ${result.ended.map((e) => e.instanceId).join(", ")}`,
        detail: "The lease was revoked: a late report from that runner is refused.",
      }),
    onSettled: (_data, _error, vars) => invalidateAfterStatusChange(client, vars.pipelineId),
  });
}
