"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/lib/notices/toast-context";
import { apiPost, enc } from "./api-client";
import { auditKeys } from "./audit";
import { runnerKeys } from "./runners";

export function useTerminateRunner() {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: ({ taskrunnerId, terminate }: { taskrunnerId: string; terminate: boolean }) =>
      apiPost<{ taskrunnerId: string; terminate: boolean }>(`/api/console/runners/${enc(taskrunnerId)}/terminate`, {
        terminate,
      }),
    onSuccess: ({ taskrunnerId, terminate }) =>
      toast.push(
        terminate
          ? {
              tone: "success",
              title: `Termination requested: ${taskrunnerId}`,
              detail: "Its next heartbeat answers terminate: true.",
            }
          : { tone: "success", title: `Termination withdrawn: ${taskrunnerId}` },
      ),
    onError: (error, { taskrunnerId, terminate }) =>
      toast.push({
        tone: "error",
        title: `Could not ${terminate ? "request termination of" : "withdraw termination of"} ${taskrunnerId}`,
        detail: error.message,
      }),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: runnerKeys.all }),
        client.invalidateQueries({ queryKey: auditKeys.all }),
      ]),
  });
}
