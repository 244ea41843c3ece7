"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useToast } from "@/lib/notices/toast-context";
import type { ImportDefinitionInput, ImportDefinitionResult } from "@/lib/console/import-definition";
import { apiPost } from "./api-client";
import { auditKeys } from "./audit";
import { pipelineKeys } from "./pipelines";

/** Validation problems come back as a result (shown next to the objects), not as an error. */
export function useImportDefinition() {
  const client = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (input: ImportDefinitionInput) =>
      apiPost<ImportDefinitionResult>("/api/console/pipelines/import", input),
    onSuccess: async (result, input) => {
      if (result.status !== "imported") return;
      toast.push({
        tone: "success",
        title: `Imported ${input.name}`,
        detail: result.errored ? "Saved with validation errors: fix them before activating." : result.pipelineId,
      });
      await Promise.all([
        client.invalidateQueries({ queryKey: pipelineKeys.lists() }),
        client.invalidateQueries({ queryKey: auditKeys.all }),
      ]);
    },
    onError: (error) => toast.push({ tone: "error", title: "Import failed", detail: error.message }),
  });
}
