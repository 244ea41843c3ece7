"use client";
// Rerun / Cancel / Mark finished / Pause / Resume. The outcome is a toast; a refusal is also
// returned to the caller, which shows it in place (in the confirmation).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/lib/notices/toast-context";
import type { ConsoleSetStatus, SetStatusForConsoleResult } from "@/lib/console/set-status";
import { apiPost, enc } from "./api-client";
import { invalidateAfterStatusChange } from "./invalidate";

export interface SetStatusVariables {
  pipelineId: string;
  objectIds: string[];
  status: ConsoleSetStatus;
}

const VERB: Record<ConsoleSetStatus, { done: string; failed: string }> = {
  PAUSE: { done: "Paused", failed: "Could not pause" },
  RESUME: { done: "Resumed", failed: "Could not resume" },
  TRY_CANCEL: { done: "Cancel sent", failed: "Could not cancel" },
  RERUN: { done: "Rerun started", failed: "Could not rerun" },
  MARK_FINISHED: { done: "Marked finished", failed: "Could not mark finished" },
};

const subject = (ids: string[]) => (ids.length === 1 ? ids[0]! : `${ids.length} objects`);

function successDetail(result: SetStatusForConsoleResult): string {
  const ok = result.results.filter((r) => r.ok);
  if (result.status === "TRY_CANCEL") {
    const pending = ok.filter((r) => r.cancelRequested).length;
    const done = ok.length - pending;
    return [
      done ? `${done} canceled` : "",
      pending ? `${pending} cancel requested: the runner is told on its next progress report` : "",
    ]
      .filter(Boolean)
      .join("; ");
  }
  if (ok.length === 1) return `${ok[0]!.id}${ok[0]!.status ? ` is ${ok[0]!.status}` : ""}`;
  return `${ok.length} objects`;
}

export function useSetStatus() {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ pipelineId, objectIds, status }: SetStatusVariables) =>
      apiPost<SetStatusForConsoleResult>(`/api/console/pipelines/${enc(pipelineId)}/set-status`, { objectIds, status }),
    onSuccess: (result, vars) => {
      if (result.succeeded > 0)
        toast.push({
          tone: "success",
          title: `${VERB[vars.status].done}: ${subject(result.results.filter((r) => r.ok).map((r) => r.id))}`,
          detail: successDetail(result),
        });
      if (result.failed > 0) {
        toast.push({
          tone: "error",
          title: `${VERB[vars.status].failed}: ${result.failed} of ${result.results.length}`,
          detail: result.results.find((r) => !r.ok)?.message,
        });
      }
    },
    onError: (error, vars) =>
      toast.push({
        tone: "error",
        title: `${VERB[vars.status].failed} ${subject(vars.objectIds)}`,
        detail: error.message,
      }),
    onSettled: (_data, _error, vars) => invalidateAfterStatusChange(client, vars.pipelineId),
  });
}
