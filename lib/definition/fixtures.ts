// Valid definitions for tests across the codebase. Builders return fresh copies so that no test
// can leak a mutation into another.

import type { DefinitionInput } from "@/lib/definition/definition-input";

/**
 * The example AWS, boto and moto all use (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_PutPipelineDefinition.html): hourly SayHello from 2012-12-12T00:00:00 to
 * 2012-12-21T18:00:00, routed to worker group "workerGroup" through Default.
 */
export function buildSayHelloDefinition(): DefinitionInput {
  return {
    objects: [
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
    ],
  };
}

/**
 * An on-demand pipeline (one run per ActivatePipeline) with two steps: InputReady (a shell
 * precondition) gates Step1, Step2 depends on Step1. Everything routes to worker group
 * "wg-multi" through Default; `#{myGreeting}` comes from a parameter with a default and a value.
 */
export function buildMultiStepDefinition(): DefinitionInput {
  return {
    objects: [
      {
        id: "Default",
        name: "Default",
        fields: [
          { key: "workerGroup", stringValue: "wg-multi" },
          { key: "scheduleType", stringValue: "ondemand" },
          { key: "failureAndRerunMode", stringValue: "CASCADE" },
          { key: "maximumRetries", stringValue: "2" },
          { key: "retryDelay", stringValue: "2 minutes" },
        ],
      },
      {
        id: "InputReady",
        name: "InputReady",
        fields: [
          { key: "type", stringValue: "ShellCommandPrecondition" },
          { key: "command", stringValue: "test -d /tmp" },
          { key: "preconditionTimeout", stringValue: "30 minutes" },
        ],
      },
      {
        id: "Step1",
        name: "Step1",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "command", stringValue: 'echo "$1 from #{@scheduledStartTime}"' },
          { key: "scriptArgument", stringValue: "#{myGreeting}" },
          { key: "precondition", refValue: "InputReady" },
          { key: "attemptTimeout", stringValue: "1 hour" },
        ],
      },
      {
        id: "Step2",
        name: "Step2",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "command", stringValue: "echo $1 $2" },
          { key: "scriptArgument", stringValue: "step2" },
          { key: "scriptArgument", stringValue: "after #{dependsOn}" },
          { key: "dependsOn", refValue: "Step1" },
          { key: "maximumRetries", stringValue: "0" },
        ],
      },
    ],
    parameterObjects: [
      {
        id: "myGreeting",
        attributes: [
          { key: "type", stringValue: "String" },
          { key: "description", stringValue: "What Step1 says" },
          { key: "default", stringValue: "hello" },
        ],
      },
    ],
    parameterValues: [{ id: "myGreeting", stringValue: "hello from the fixture" }],
  };
}
