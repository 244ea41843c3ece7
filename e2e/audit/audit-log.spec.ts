import { expect, test } from "@playwright/test";
import { E2E_ROOT_CREDENTIALS } from "../support/credentials";
import { readFixture, seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";

test.describe("[AUDIT] log", () => {
  test("shows who did what to a pipeline, filtered by pipeline from its page", async ({ page, baseURL }) => {
    const name = uniqueName("audit");
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: readFixture("etl-definition.json"),
      activate: true,
    });
    await page.goto(`/pipelines/${pipelineId}`);
    await page.getByRole("link", { name: "Audit log" }).last().click();
    await expect(page).toHaveURL(new RegExp(`/audit\\?pipeline=${pipelineId}`));
    await expect(page.getByRole("searchbox", { name: "Pipeline id" })).toHaveValue(pipelineId);
    const rows = page.getByRole("table", { name: "Audit entries, newest first" }).getByRole("row");
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(1)).toContainText("ActivatePipeline");
    await expect(rows.nth(2)).toContainText("PutPipelineDefinition");
    await expect(rows.nth(3)).toContainText("CreatePipeline");
    await expect(rows.nth(3)).toContainText(`api:${E2E_ROOT_CREDENTIALS.accessKeyId}`);

    await page.getByRole("combobox", { name: "Action" }).selectOption("CreatePipeline");
    await expect(page).toHaveURL(/action=CreatePipeline/);
    await expect(rows).toHaveCount(2);
    await page.reload();
    await expect(page.getByRole("combobox", { name: "Action" })).toHaveValue("CreatePipeline");
    await expect(rows).toHaveCount(2);
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "audit");
  });
});
