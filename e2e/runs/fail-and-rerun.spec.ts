import { expect, test } from "@playwright/test";
import { attemptRow, instanceStatus, onDemandDefinition, openInstance, useFastestRefresh } from "../support/console";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";
import { StepRunner } from "../support/task-runner";

const STACK = [
  "java.lang.RuntimeException: transform step exited with status 3",
  "\tat com.example.etl.Transform.run(Transform.java:42)",
  "\tat com.example.etl.Main.main(Main.java:17)",
  "Caused by: java.io.FileNotFoundException: s3://example-bucket/in/2026-11-23 (No such key)",
].join("\n");

test.describe("[RUNS] failure and rerun", () => {
  test("a failed instance shows the runner's error and stack; Rerun previews the cascade and queues a new attempt", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("fail");
    const runner = new StepRunner(baseURL!, `${name}-wg`, `${name}-host`);
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: onDemandDefinition(runner.workerGroup, [
        {
          id: "Transform",
          name: "Transform",
          type: "ShellCommandActivity",
          command: "transform.sh",
          maximumRetries: "0",
        },
        {
          id: "Publish",
          name: "Publish",
          type: "ShellCommandActivity",
          command: "publish.sh",
          dependsOn: { ref: "Transform" },
        },
      ]),
      activate: true,
    });
    const task = await runner.poll();
    await runner.progress(task.taskId);
    await runner.fail(task.taskId, {
      errorId: "ExitCode_3",
      errorMessage: "transform step exited with status 3",
      errorStackTrace: STACK,
    });

    await useFastestRefresh(page);
    await openInstance(page, pipelineId, "Transform");
    await expect(instanceStatus(page)).toContainText("FAILED");
    const error = page.getByRole("region", { name: /^Error/ });
    await expect(error).toContainText("ExitCode_3");
    await expect(error).toContainText("transform step exited with status 3");
    const stack = error.getByLabel("Stack trace");
    await expect(stack).toBeHidden();
    await error.getByRole("button", { name: /^Stack trace/ }).click();
    await expect(stack).toContainText("Caused by: java.io.FileNotFoundException");
    await expect(error.getByRole("button", { name: "Copy stack trace" })).toBeVisible();
    await expect(attemptRow(page, 1)).toContainText("FAILED");
    // Publish depended on it, and with cascade it failed too.
    await expect(page.getByRole("list", { name: "Instances that depend on this one" })).toContainText("CASCADE_FAILED");
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("group", { name: "Instance actions" }).getByRole("button", { name: "Rerun" }).click();
    const dialog = page.getByRole("dialog", { name: /^Rerun @Transform_/ });
    const preview = dialog.getByRole("list", { name: "Instances the rerun resets" });
    await expect(preview.getByRole("listitem")).toHaveCount(2);
    await expect(preview.getByRole("listitem").filter({ hasText: /^@Publish_/ })).toContainText(
      "downstream, by cascade",
    );
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole("button", { name: "Rerun", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: /^Rerun started: @Transform_/ })).toBeVisible();

    // A new attempt, queued for a runner; the first one keeps its error.
    await expect(attemptRow(page, 2)).toContainText("WAITING_FOR_RUNNER");
    await expect(instanceStatus(page)).toContainText("WAITING_FOR_RUNNER");
    await expect(attemptRow(page, 1)).toContainText("ExitCode_3");
    await expect(page.getByRole("list", { name: "Instances that depend on this one" })).toContainText(
      "WAITING_ON_DEPENDENCIES",
    );
    // The stack opened above stays open across live refreshes.
    await expect(page.getByRole("region", { name: /^Last error/ }).getByLabel("Stack trace")).toBeVisible();
    await page.getByRole("button", { name: /^Dismiss: Rerun started/ }).click();
    await saveScreenshot(page, "instance");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoSeriousA11yViolations(page);
    await page.emulateMedia({ colorScheme: "light" });

    // The failed attempt's own page: its error, and the way back to its instance.
    await attemptRow(page, 1)
      .getByRole("link", { name: /^Attempt 1:/ })
      .click();
    await expect(page.getByRole("heading", { level: 2, name: /^@Transform_.*_Attempt=1$/ })).toBeVisible();
    const attemptError = page.getByRole("region", { name: "Error" });
    await expect(attemptError).toContainText("ExitCode_3");
    await attemptError.getByRole("button", { name: /^Stack trace/ }).click();
    await expect(attemptError.getByLabel("Stack trace")).toContainText("Transform.java:42");
    await expect(page.getByRole("definition").filter({ hasText: runner.hostname })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "attempt");
    await page
      .getByRole("definition")
      .getByRole("link", { name: /^@Transform_\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/ })
      .click();
    await expect(
      page.getByRole("heading", { level: 2, name: /^@Transform_\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/ }),
    ).toBeVisible();
  });
});
