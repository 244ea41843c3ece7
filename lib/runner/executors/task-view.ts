import type { PipelineObject, TaskObject } from "@aws-sdk/client-data-pipeline";
import { findAttemptObject, readStringField, readStringFields } from "../task-fields";

/**
 * Read access to a handed-out task: the attempt and the objects it references (data nodes, their
 * databases and data formats), which the server sends with it already resolved and evaluated.
 */
export class TaskView {
  readonly attempt: PipelineObject;

  constructor(
    readonly task: TaskObject,
    attempt: PipelineObject,
  ) {
    this.attempt = attempt;
  }

  static of(task: TaskObject): TaskView | undefined {
    const attempt = findAttemptObject(task);
    return attempt ? new TaskView(task, attempt) : undefined;
  }

  get type(): string | undefined {
    return readStringField(this.attempt, "type");
  }

  /** The object `key` of `from` refers to, if the server sent it. */
  ref(from: PipelineObject, key: string): PipelineObject | undefined {
    const id = from.fields?.find((f) => f.key === key && f.refValue !== undefined)?.refValue;
    return id === undefined ? undefined : this.task.objects?.[id];
  }

  /** Every object `key` refers to (a repeatable reference such as `input`). */
  refs(from: PipelineObject, key: string): PipelineObject[] {
    const ids = (from.fields ?? [])
      .filter((f) => f.key === key && f.refValue !== undefined)
      .map((f) => f.refValue as string);
    return ids.map((id) => this.task.objects?.[id]).filter((o): o is PipelineObject => o !== undefined);
  }
}

export const str = (object: PipelineObject, key: string): string | undefined => {
  const value = readStringField(object, key);
  return value === undefined || value === "" ? undefined : value;
};

export const strs = (object: PipelineObject, key: string): string[] => readStringFields(object, key);

export const typeOf = (object: PipelineObject): string | undefined => str(object, "type");

/** An error whose errorId and message go to SetTaskStatus as they are. */
export class TaskError extends Error {
  constructor(
    readonly errorId: string,
    message: string,
  ) {
    super(message);
    this.name = "TaskError";
  }
}
