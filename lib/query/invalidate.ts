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
    client.invalidateQueries({ queryKey: pipelineKeys.detail(pipelineId) }),
    client.invalidateQueries({ queryKey: auditKeys.all }),
  ]);
}
