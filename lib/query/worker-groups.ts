// Worker groups: queue depth, hosts and warnings, for the whole console or one group.
import { queryOptions } from "@tanstack/react-query";
import type { WorkerGroupsPage } from "@/lib/console/worker-groups";
import { apiGet, toQueryString } from "./api-client";

export const workerGroupKeys = {
  all: ["worker-groups"] as const,
  list: (workerGroup?: string) => ["worker-groups", "list", workerGroup ?? ""] as const,
};

export const workerGroupsQuery = (workerGroup?: string) =>
  queryOptions({
    queryKey: workerGroupKeys.list(workerGroup),
    queryFn: ({ signal }) =>
      apiGet<WorkerGroupsPage>(`/api/console/worker-groups${toQueryString({ workerGroup: workerGroup ?? "" })}`, {
        signal,
      }),
  });
