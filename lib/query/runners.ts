// Task runners by worker group with their leases.
import { queryOptions } from "@tanstack/react-query";
import type { RunnersPage } from "@/lib/console/runners";
import { apiGet } from "./api-client";

export const runnerKeys = {
  all: ["runners"] as const,
  list: () => ["runners", "list"] as const,
};

export const runnersQuery = () =>
  queryOptions({
    queryKey: runnerKeys.list(),
    queryFn: ({ signal }) => apiGet<RunnersPage>("/api/console/runners", { signal }),
  });
