import { ObjectGraph } from "@/lib/objects/object-graph";
import type { PipelineObject } from "@/lib/protocol/types";
import type { PipelinePlan } from "./pipeline-plan";
import type { SchedulerContext } from "./scheduler-context";

// How the scheduler evaluates an object of a pipeline's active definition against some of its
// runtime objects: an attempt for the runner that takes it (task-payload.ts), an action for the
// instance it fires on (lib/actions/deliver-actions.ts). One way, so both read fields alike.

/** What of the scheduler's context the graph needs (tests build just this). */
export type EvaluationScope = Pick<
  SchedulerContext,
  "pipelineId" | "version" | "parameterObjects" | "parameterValues"
> & {
  plan: Pick<PipelinePlan, "objects">;
};

/** The active version's components and these runtime objects (instances, attempts) as one graph. */
export function activeGraph(scope: EvaluationScope, runtime: PipelineObject[]): ObjectGraph {
  return new ObjectGraph({
    pipelineId: scope.pipelineId,
    latest: null,
    active: { version: scope.version, objects: scope.plan.objects, statuses: new Map() },
    runtime,
    parameterObjects: scope.parameterObjects,
    parameterValues: scope.parameterValues,
  });
}

/**
 * `objectId` with every field resolved (its own, its component's chain, Default) and every `#{...}`
 * evaluated, `node` being `nodeId`; undefined when the graph has no such object. With
 * `onError: "throw"` a field that cannot be evaluated throws ExpressionError; with "keep" it keeps its text.
 */
export function evaluateObject(
  graph: ObjectGraph,
  objectId: string,
  options: { onError: "keep" | "throw"; nodeId?: string | undefined },
): PipelineObject | undefined {
  const presented = graph.present(objectId);
  if (!presented) return undefined;
  const { nodeId, onError } = options;
  return { ...presented, fields: graph.evaluateFields(presented, { onError, ...(nodeId ? { nodeId } : {}) }) };
}
