import type { PipelineObject, TaskObject } from "@aws-sdk/client-data-pipeline";

/** The attempt object the server handed out: `objects[attemptId]`, which carries the resolved fields. */
export function findAttemptObject(task: TaskObject): PipelineObject | undefined {
  if (!task.attemptId) return undefined;
  return task.objects?.[task.attemptId];
}

/** First string value of `key`. Reference fields are ignored: the runner only needs literal values. */
export function readStringField(object: PipelineObject, key: string): string | undefined {
  return readStringFields(object, key)[0];
}

/** Every string value of a repeatable field (e.g. `scriptArgument`), in the order the server sent. */
export function readStringFields(object: PipelineObject, key: string): string[] {
  const values: string[] = [];
  for (const field of object.fields ?? []) {
    if (field.key === key && field.stringValue !== undefined) values.push(field.stringValue);
  }
  return values;
}
