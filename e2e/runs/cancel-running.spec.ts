import { expect, test } from "@playwright/test";
import { attemptRow, instanceStatus, onDemandDefinition, openInstance, useFastestRefresh } from "../support/console";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { StepRunner } from "../support/task-runner";

test.describe("[RUNS] cancel", () => {
  test("cancelling a RUNNING instance reaches the runner as canceled: true, then the page shows CANCELED", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("cancel");
    const runner = new StepRunner(baseURL!, `${name}-wg`, `${name}-host`);
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: onDemandDefinition(runner.workerGroup, [
        { id: "Long", name: "Long", type: "ShellCommandActivity", command: "sleep 3600" },
      ]),
      activate: true,
    });
    const task = await runner.poll();
    expect(await runner.progress(task.taskId)).toBe(false);

    await useFastestRefresh(page);
    await openInstance(page, pipelineId, "Long");
    await expect(instanceStatus(page)).toContainText("RUNNING");
    const actions = page.getByRole("group", { name: "Instance actions" });

    // A rerun of running work is refused by the server, and the refusal shows in the confirmation.
    await actions.getByRole("button", { name: "Rerun" }).click();
    const rerun = page.getByRole("dialog", { name: /^Rerun @Long_/ });
    await expect(rerun.getByRole("alert")).toContainText(/can be rerun; @Long_\S+ is RUNNING/);
    await expect(rerun.getByRole("button", { name: "Rerun", exact: true })).toBeDisabled();
    await rerun.getByRole("button", { name: "Cancel" }).click();
    await expect(rerun).toBeHidden();

    await actions.getByRole("button", { name: "Cancel", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: /^Cancel @Long_/ });
    await expect(dialog).toContainText("canceled: true");
    await dialog.getByRole("button", { name: "Cancel instance" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: /^Cancel sent: @Long_/ })).toContainText(
      "cancel requested",
    );
    await expect(attemptRow(page, 1)).toContainText("requested");
    await expect(actions.getByRole("button", { name: "Cancel", exact: true })).toBeDisabled();

    // The runner hears it on its next report; the instance is then CANCELED.
    expect(await runner.progress(task.taskId)).toBe(true);
    await expect(instanceStatus(page)).toContainText("CANCELED");
    await expect(attemptRow(page, 1)).toContainText("CANCELED");
  });
});
