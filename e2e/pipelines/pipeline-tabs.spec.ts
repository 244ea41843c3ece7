import { expect, test } from "@playwright/test";
import { readFixture, seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";

test.describe("[PIPELINE] tabs", () => {
  test("objects table search and type filter survive reload", async ({ page, baseURL }) => {
    const { pipelineId } = await seedPipeline(baseURL!, {
      name: uniqueName("objects"),
      definitionFile: readFixture("etl-definition.json"),
    });
    await page.goto(`/pipelines/${pipelineId}`);
    await page
      .getByRole("navigation", { name: "Pipeline views" })
      .getByRole("link", { name: /^Objects/ })
      .click();
    await expect(page).toHaveURL(new RegExp(`/pipelines/${pipelineId}/objects$`));
    const table = page.getByRole("table", { name: "Objects of the latest definition" });
    await expect(table.getByRole("row")).toHaveCount(8);
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "objects");

    await page.getByRole("searchbox", { name: "Search objects" }).fill("data");
    await expect(page).toHaveURL(/[?&]q=data/);
    await expect(table.getByRole("row")).toHaveCount(3);
    await page.getByRole("combobox", { name: "Type" }).selectOption("S3DataNode");
    await expect(page).toHaveURL(/type=S3DataNode/);
    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search objects" })).toHaveValue("data");
    await expect(page.getByRole("combobox", { name: "Type" })).toHaveValue("S3DataNode");
    await expect(table.getByRole("row")).toHaveCount(3);
    await expect(table).toContainText("InputData");
    await expect(table).toContainText("OutputData");
  });

  test("definition tab shows the CLI file, latest versus active", async ({ page, baseURL }) => {
    const { pipelineId } = await seedPipeline(baseURL!, {
      name: uniqueName("definition"),
      definitionFile: readFixture("etl-definition.json"),
    });
    await page.goto(`/pipelines/${pipelineId}/definition`);
    const json = page.getByLabel("Definition JSON, latest version");
    await expect(json).toContainText('"id": "DailySchedule"');
    await expect(json).toContainText('"ref": "InputData"');
    await expect(page.getByRole("button", { name: "Copy JSON" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Download" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "definition");

    await page.getByRole("radio", { name: "Active" }).check();
    await expect(page).toHaveURL(/version=active/);
    await expect(page.getByText("This pipeline has never been activated")).toBeVisible();
    await page.goBack();
    await expect(page.getByRole("radio", { name: "Latest" })).toBeChecked();
    await expect(json).toBeVisible();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${pipelineId}-latest-v1.json`);
  });

  test("instances tab has a designed empty state before any run", async ({ page, baseURL }) => {
    const { pipelineId } = await seedPipeline(baseURL!, {
      name: uniqueName("instances"),
      definitionFile: readFixture("etl-definition.json"),
    });
    await page.goto(`/pipelines/${pipelineId}/instances`);
    const status = page.getByRole("group", { name: "Status" });
    await expect(status.getByRole("button", { name: "Needs attention" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByText("No runs yet")).toBeVisible();
    await status.getByRole("button", { name: "All", exact: true }).click();
    await expect(page).toHaveURL(/status=all/);
    await expect(page.getByText("No runs yet")).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "instances");
  });
});
