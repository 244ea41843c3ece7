import { expect, test } from "@playwright/test";
import { onDemandDefinition, useFastestRefresh } from "../support/console";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";
import { StepRunner } from "../support/task-runner";

test.describe("[RUNNERS] heartbeats, leases, terminate", () => {
  test("a runner that heartbeated is listed with its leased task; Terminate makes its next heartbeat answer terminate: true", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("runner");
    const runner = new StepRunner(baseURL!, `${name}-wg`, `${name}-host`);
    const taskrunnerId = `${name}-tr`;
    expect(await runner.heartbeat(taskrunnerId)).toBe(false);
    await seedPipeline(baseURL!, {
      name,
      definitionFile: onDemandDefinition(runner.workerGroup, [
        { id: "Crunch", name: "Crunch", type: "ShellCommandActivity", command: "crunch.sh" },
      ]),
      activate: true,
    });
    const task = await runner.poll();
    await runner.progress(task.taskId);

    await useFastestRefresh(page);
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runners" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Runners" })).toBeVisible();
    const group = page.getByRole("region", { name: new RegExp(`^${runner.workerGroup}`) });
    const row = group.getByRole("row").filter({ hasText: taskrunnerId });
    await expect(row).toContainText(runner.hostname);
    await expect(row).toContainText(/just now|\d+ s ago/);
    await expect(row.getByRole("link", { name: task.attemptId })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "runners");

    await row.getByRole("button", { name: `Terminate ${taskrunnerId}` }).click();
    const dialog = page.getByRole("dialog", { name: `Terminate ${taskrunnerId}?` });
    await expect(dialog).toContainText("terminate: true");
    await dialog.getByRole("button", { name: "Terminate" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: `Termination requested: ${taskrunnerId}` })).toBeVisible();
    await expect(row).toContainText("termination requested");
    expect(await runner.heartbeat(taskrunnerId)).toBe(true);

    // The lease links to the attempt it is running.
    await row.getByRole("link", { name: task.attemptId }).click();
    await expect(page.getByRole("heading", { level: 2, name: task.attemptId })).toBeVisible();
  });
});
