import { expect, test } from "@playwright/test";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { StepRunner } from "../support/task-runner";

// The console's evaluator on an instance and on its attempt: references resolve to the objects of
// their own run (the input's instance, the head attempt, the instance parent), then to components.
test.describe("[OBJECTS] expressions on runs", () => {
  test("an instance and its attempt evaluate input, runsOn and @headAttempt references", async ({ page, baseURL }) => {
    const name = uniqueName("evalrun");
    const runner = new StepRunner(baseURL!, `${name}-wg`, `${name}-host`);
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: JSON.stringify({
        objects: [
          {
            id: "Default",
            name: "Default",
            scheduleType: "ondemand",
            role: "R",
            resourceRole: "RR",
            maximumRetries: "0",
          },
          { id: "RawData", name: "RawData", type: "S3DataNode", directoryPath: "s3://bucket/orders/raw" },
          { id: "Box", name: "Box", type: "Ec2Resource", instanceType: "m5.large", workerGroup: runner.workerGroup },
          {
            id: "Extract",
            name: "Extract",
            type: "ShellCommandActivity",
            input: { ref: "RawData" },
            runsOn: { ref: "Box" },
            command: "cp #{input.directoryPath} .",
          },
        ],
      }),
      activate: true,
    });
    const task = await runner.poll();
    await runner.progress(task.taskId);
    await runner.fail(task.taskId, { errorId: "ExitCode1", errorMessage: "cp: no such file" });
    const instanceId = task.attemptId.replace(/_Attempt=1$/, "");

    for (const [objectId, expressionText, result] of [
      [
        instanceId,
        "#{input.directoryPath} on #{runsOn.instanceType}: #{@headAttempt.errorMessage}",
        "s3://bucket/orders/raw on m5.large: cp: no such file",
      ],
      [
        task.attemptId,
        "#{input.directoryPath} from #{@instanceParent.@status} #{input.@status}",
        "s3://bucket/orders/raw from FAILED FINISHED",
      ],
    ] as const) {
      await page.goto(`/pipelines/${pipelineId}/objects/${encodeURIComponent(objectId)}`);
      const expression = page.getByRole("textbox", { name: "Expression" });
      await expression.fill(expressionText);
      await page.getByRole("button", { name: "Evaluate" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Result" })).toContainText(result);
      await expect(page.getByRole("alert").filter({ hasText: "unknown object" })).toHaveCount(0);
    }
  });
});
