import type { Field, PipelineObject } from "@/lib/protocol/types";
import { formatDateTime } from "@/lib/time/datetime";
import { activeGraph, evaluateObject } from "./evaluate-object";
import type { SchedulerContext } from "./scheduler-context";

// The TaskObject a runner receives (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_TaskObject.html): the attempt under its id with every field resolved
// (its own, then its component's chain and Default) and every `#{...}` evaluated, followed by the
// objects it references, resolved and evaluated the same way. Built when the attempt becomes ready.

const NOT_FOLLOWED = new Set([
  "parent",
  "@componentParent",
  "@instanceParent",
  "@headAttempt",
  "@waitingOn",
  "@cascadeFailedOn",
]);
/** Attempt -> data node -> database/data format is two levels; the third allows one more hop. */
const MAX_REFERENCE_DEPTH = 3;

export interface TaskPayload {
  objects: Record<string, PipelineObject>;
}

/** Throws ExpressionError when a field of the attempt cannot be evaluated: the attempt then fails as a service error. */
export function buildTaskPayload(ctx: SchedulerContext, attemptId: string, runtime: PipelineObject[]): TaskPayload {
  const graph = activeGraph(ctx, runtime);
  // `node` in an attempt's fields is the data node it works on (its own `node` field), if any.
  const nodeId = graph.present(attemptId)?.fields.find((f) => f.key === "node")?.refValue;
  const evaluatedAttempt = evaluateObject(graph, attemptId, { onError: "throw", nodeId });
  if (!evaluatedAttempt) throw new Error(`attempt ${attemptId} missing from its own graph`);
  const objects: Record<string, PipelineObject> = { [attemptId]: evaluatedAttempt };
  // Referenced objects' own references travel too (a CopyActivity's output node names its database
  // and data format), a few levels deep: enough for every documented chain, bounded for cycles.
  let frontier: PipelineObject[] = [evaluatedAttempt];
  for (let depth = 0; depth < MAX_REFERENCE_DEPTH && frontier.length > 0; depth++) {
    const next: PipelineObject[] = [];
    for (const obj of frontier) {
      for (const f of obj.fields) {
        const ref = f.refValue;
        if (!ref || NOT_FOLLOWED.has(f.key) || objects[ref]) continue;
        const referenced = graph.evaluated(ref);
        if (!referenced) continue;
        objects[ref] = referenced;
        next.push(referenced);
      }
    }
    frontier = next;
  }
  return { objects };
}

/** At hand-out the attempt object gains its start time and host, as AWS's example shows. */
export function stampHandout(
  payload: Record<string, unknown>,
  attemptId: string,
  startedAt: Date,
  hostname: string | null,
): Record<string, PipelineObject> {
  const objects = (payload as unknown as TaskPayload).objects ?? {};
  const attempt = objects[attemptId];
  if (!attempt) return objects;
  const stamped: Field[] = [
    ...attempt.fields.filter((f) => f.key !== "@actualStartTime" && f.key !== "hostname"),
    { key: "@actualStartTime", stringValue: formatDateTime(startedAt.getTime()) },
    ...(hostname ? [{ key: "hostname", stringValue: hostname }] : []),
  ];
  return { ...objects, [attemptId]: { ...attempt, fields: stamped } };
}
