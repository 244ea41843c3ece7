import { expect, test } from "@playwright/test";
import { fieldRow, onDemandDefinition, useFastestRefresh } from "../support/console";
import { seedPipeline, uniqueName } from "../support/data-pipeline";

test.describe("[OBJECTS] pause and resume", () => {
  test("pausing a component holds its waiting instance; resuming hands it out again", async ({ page, baseURL }) => {
    const name = uniqueName("pause");
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: onDemandDefinition(`${name}-nobody`, [
        { id: "Nightly", name: "Nightly", type: "ShellCommandActivity", command: "nightly.sh" },
      ]),
      activate: true,
    });
    await useFastestRefresh(page);
    await page.goto(`/pipelines/${pipelineId}/objects/Nightly`);
    await expect(page.getByRole("heading", { level: 2, name: "Nightly", exact: true })).toBeVisible();
    await expect(fieldRow(page, "Set by the service", "@status")).toContainText("SCHEDULED");

    await page.getByRole("button", { name: "Pause Nightly" }).click();
    const pause = page.getByRole("dialog", { name: "Pause Nightly?" });
    await expect(pause).toContainText("PAUSED");
    await pause.getByRole("button", { name: "Pause", exact: true }).click();
    await expect(pause).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: "Paused: Nightly" })).toBeVisible();
    await expect(fieldRow(page, "Set by the service", "@status")).toContainText("PAUSED");

    const instances = page.getByRole("table", { name: "Instances" });
    await page.goto(`/pipelines/${pipelineId}/instances`);
    await expect(instances.getByRole("row").filter({ hasText: /^@Nightly_/ })).toContainText("PAUSED");

    await page.goto(`/pipelines/${pipelineId}/objects/Nightly`);
    await page.getByRole("button", { name: "Resume Nightly" }).click();
    const resume = page.getByRole("dialog", { name: "Resume Nightly?" });
    await resume.getByRole("button", { name: "Resume", exact: true }).click();
    await expect(resume).toBeHidden();
    await expect(fieldRow(page, "Set by the service", "@status")).toContainText("SCHEDULED");
    await page.goto(`/pipelines/${pipelineId}/instances`);
    await expect(instances.getByRole("row").filter({ hasText: /^@Nightly_/ })).toContainText("WAITING_FOR_RUNNER");

    // Both actions are in the audit log, attributed to the console.
    await page.goto(`/audit?pipeline=${pipelineId}`);
    await expect(page.getByRole("table", { name: "Audit entries, newest first" })).toContainText("SetStatus:PAUSE");
    await expect(page.getByRole("table", { name: "Audit entries, newest first" })).toContainText("SetStatus:RESUME");
  });
});
