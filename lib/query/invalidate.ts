// What an operator action on a pipeline changes, as the keys to refetch.
import type { QueryClient } from "@tanstack/react-query";
import { auditKeys } from "./audit";
import { definitionKeys } from "./definition";
import { instanceKeys } from "./instances";
import { objectKeys } from "./objects";
import { pipelineKeys } from "./pipelines";

/** After activate/deactivate: the lists, this pipeline's overview, active definition, objects and instances, and the audit log. */
export async function invalidateAfterPipelineAction(client: QueryClient, pipelineId: string): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: pipelineKeys.lists() }),
    client.invalidateQueries({ queryKey: pipelineKeys.overview(pipelineId), exact: true }),
    client.invalidateQueries({ queryKey: definitionKeys.version(pipelineId, "active"), exact: true }),
    client.invalidateQueries({ queryKey: objectKeys.all(pipelineId) }),
    client.invalidateQueries({ queryKey: instanceKeys.all(pipelineId) }),
    client.invalidateQueries({ queryKey: auditKeys.all }),
  ]);
}

/** After SetStatus: everything of this pipeline (objects, instances, executions, overview counts), the lists and the audit log. */
export async function invalidateAfterStatusChange(client: QueryClient, pipelineId: string): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: pipelineKeys.lists() }),
    // Not the rerun preview: it describes the state before the action, and asking again for
    // instances that are no longer rerunnable answers 400 (the console logged it after every rerun).
    client.invalidateQueries({
      queryKey: pipelineKeys.detail(pipelineId),
      predicate: (q) => q.queryKey[3] !== "rerun-preview",
    }),
    client.invalidateQueries({ queryKey: auditKeys.all }),
  ]);
}
