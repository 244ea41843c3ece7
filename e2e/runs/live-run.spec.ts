import { expect, test } from "@playwright/test";
import {
  attemptRow,
  instanceStatus,
  markDocument,
  onDemandDefinition,
  openInstance,
  useFastestRefresh,
} from "../support/console";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { StepRunner } from "../support/task-runner";

test.describe("[RUNS] live progress", () => {
  test("an instance goes WAITING_FOR_RUNNER → RUNNING → FINISHED on screen while a runner works, without a reload", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("live");
    const runner = new StepRunner(baseURL!, `${name}-wg`, `${name}-host`);
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: onDemandDefinition(runner.workerGroup, [
        { id: "Work", name: "Work", type: "ShellCommandActivity", command: "echo working" },
      ]),
      activate: true,
    });
    await useFastestRefresh(page);
    await openInstance(page, pipelineId, "Work");
    const assertNotReloaded = await markDocument(page);
    await expect(instanceStatus(page)).toContainText("WAITING_FOR_RUNNER");
    await expect(attemptRow(page, 1)).toContainText("queued for");

    // Handed out: the lease shows, not yet acknowledged.
    const task = await runner.poll();
    await expect(attemptRow(page, 1)).toContainText("not yet");
    await expect(attemptRow(page, 1)).toContainText(runner.hostname);

    // Acknowledged with a progress field: RUNNING, and what the runner reported.
    expect(await runner.progress(task.taskId, [{ key: "percentComplete", stringValue: "50" }])).toBe(false);
    await expect(instanceStatus(page)).toContainText("RUNNING");
    await expect(attemptRow(page, 1)).toContainText("RUNNING");
    await expect(page.getByRole("definition").filter({ hasText: "percentComplete = 50" })).toBeVisible();

    await runner.finish(task.taskId);
    await expect(instanceStatus(page)).toContainText("FINISHED");
    await expect(attemptRow(page, 1)).toContainText("FINISHED");
    await expect(attemptRow(page, 1)).toContainText("not queued");
    await assertNotReloaded();
  });
});
