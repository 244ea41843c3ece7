import type { Field, PipelineObject } from "@aws-sdk/client-data-pipeline";

/** A field's value: a string, a reference ({ ref }), or several of either (one field each, same key). */
export type FieldValue = string | { ref: string } | (string | { ref: string })[];

/** An object with its name equal to its id, written as a map of keys to values. */
export function pipelineObject(id: string, fields: Record<string, FieldValue>): PipelineObject {
  const one = (key: string, v: string | { ref: string }): Field =>
    typeof v === "string" ? { key, stringValue: v } : { key, refValue: v.ref };
  return {
    id,
    name: id,
    fields: Object.entries(fields).flatMap(([key, v]) =>
      Array.isArray(v) ? v.map((x) => one(key, x)) : [one(key, v)],
    ),
  };
}

/** The definition AWS, boto and moto all use as their example (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_PutPipelineDefinition.html). */
export const helloObjects: PipelineObject[] = [
  { id: "Default", name: "Default", fields: [{ key: "workerGroup", stringValue: "workerGroup" }] },
  {
    id: "Schedule",
    name: "Schedule",
    fields: [
      { key: "startDateTime", stringValue: "2012-12-12T00:00:00" },
      { key: "type", stringValue: "Schedule" },
      { key: "period", stringValue: "1 hour" },
      { key: "endDateTime", stringValue: "2012-12-21T18:00:00" },
    ],
  },
  {
    id: "SayHello",
    name: "SayHello",
    fields: [
      { key: "type", stringValue: "ShellCommandActivity" },
      { key: "command", stringValue: "echo hello" },
      { key: "parent", refValue: "Default" },
      { key: "schedule", refValue: "Schedule" },
    ],
  },
];

/** An on-demand definition with repeated keys and a parameter, to check order and duplicates survive. */
export const onDemandObjects: PipelineObject[] = [
  {
    id: "Default",
    name: "Default",
    fields: [
      { key: "scheduleType", stringValue: "ondemand" },
      { key: "workerGroup", stringValue: "wg-ondemand" },
      { key: "failureAndRerunMode", stringValue: "CASCADE" },
    ],
  },
  {
    id: "Step1",
    name: "Step one",
    fields: [
      { key: "type", stringValue: "ShellCommandActivity" },
      { key: "command", stringValue: "echo $1 $2 > #{myOutput}" },
      { key: "scriptArgument", stringValue: "first" },
      { key: "scriptArgument", stringValue: "second" },
    ],
  },
  {
    id: "Step2",
    name: "Step two",
    fields: [
      { key: "type", stringValue: "ShellCommandActivity" },
      { key: "dependsOn", refValue: "Step1" },
      { key: "command", stringValue: "cat #{myOutput}" },
    ],
  },
];

export const onDemandParameters = [
  {
    id: "myOutput",
    attributes: [
      { key: "type", stringValue: "String" },
      { key: "default", stringValue: "/tmp/out.txt" },
    ],
  },
];

/** The smallest runnable pipeline: on demand, one ShellCommandActivity (`activityId`) for `workerGroup`. */
export function oneStepOnDemand(workerGroup: string, activityId = "A", command = "true"): PipelineObject[] {
  return [
    {
      id: "Default",
      name: "Default",
      fields: [
        { key: "scheduleType", stringValue: "ondemand" },
        { key: "workerGroup", stringValue: workerGroup },
      ],
    },
    {
      id: activityId,
      name: activityId,
      fields: [
        { key: "type", stringValue: "ShellCommandActivity" },
        { key: "command", stringValue: command },
      ],
    },
  ];
}

/** On demand, no retries: Step2 depends on Step1, both ShellCommandActivity `true`, for `workerGroup`. */
export function twoStepsOnDemand(workerGroup: string): PipelineObject[] {
  return [
    pipelineObject("Default", { scheduleType: "ondemand", workerGroup, maximumRetries: "0" }),
    pipelineObject("Step1", { type: "ShellCommandActivity", command: "true" }),
    pipelineObject("Step2", { type: "ShellCommandActivity", command: "true", dependsOn: { ref: "Step1" } }),
  ];
}
