import { expect, test, type Page } from "@playwright/test";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";

const fieldRow = (page: Page, table: string, key: string) =>
  page.getByRole("table", { name: table }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${key}( ref)?$`) }) });

test.describe("[INSTANCES] runs from pipeline_objects", () => {
  test("an on-demand activation lists its instances; each links to its page, attempts included", async ({ page, baseURL }) => {
    const name = uniqueName("ondemand");
    // No runner polls this worker group, so the runs stay where the scheduler puts them.
    const definition = {
      objects: [
        { id: "Default", name: "Default", workerGroup: `${name}-nobody`, scheduleType: "ondemand" },
        { id: "Hello", name: "Hello", type: "ShellCommandActivity", command: "echo #{@scheduledStartTime}" },
        { id: "After", name: "After", type: "ShellCommandActivity", command: "echo after", dependsOn: { ref: "Hello" } },
      ],
    };
    const { pipelineId } = await seedPipeline(baseURL!, { name, definitionFile: JSON.stringify(definition), activate: true });

    await page.goto(`/pipelines/${pipelineId}/instances`);
    // Live refresh is one setting for the whole console, remembered across reloads.
    await page.getByRole("combobox", { name: "Live refresh" }).selectOption({ label: "2 s" });
    await page.reload();
    await expect(page.getByRole("combobox", { name: "Live refresh" })).toHaveValue("2000");

    const table = page.getByRole("table", { name: "Instances" });
    const hello = table.getByRole("row").filter({ has: page.getByRole("link", { name: /^@Hello_/ }) });
    const after = table.getByRole("row").filter({ has: page.getByRole("link", { name: /^@After_/ }) });
    await expect(hello).toContainText("WAITING_FOR_RUNNER");
    await expect(after).toContainText("WAITING_ON_DEPENDENCIES");
    await expect(page.getByRole("combobox", { name: "Status" })).toHaveValue("not-finished");
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "instances-running");

    await page.getByRole("combobox", { name: "Status" }).selectOption("WAITING_ON_DEPENDENCIES");
    await expect(page).toHaveURL(/status=WAITING_ON_DEPENDENCIES/);
    await expect(hello).toHaveCount(0);
    await expect(after).toHaveCount(1);
    await page.getByRole("combobox", { name: "Status" }).selectOption("not-finished");

    await hello.getByRole("link", { name: /^@Hello_/ }).click();
    await expect(page).toHaveURL(/\/objects\/%40Hello_/);
    const heading = page.getByRole("heading", { level: 2, name: /^@Hello_/ });
    await expect(heading).toBeVisible();
    await expect(fieldRow(page, "Inherited fields", "command")).toContainText("inherited from Hello");
    await expect(fieldRow(page, "Inherited fields", "command")).toContainText(/evaluates to echo \d{4}-\d\d-\d\dT/);
    await expect(fieldRow(page, "Set by the service", "@status")).toContainText("WAITING_FOR_RUNNER");

    await page.getByRole("textbox", { name: "Expression" }).fill("#{format(@scheduledStartTime, 'YYYY')}");
    await page.getByRole("button", { name: "Evaluate" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Result" })).toContainText(/\d{4}/);
    await saveScreenshot(page, "instance");

    await fieldRow(page, "Set by the service", "@headAttempt").getByRole("link").click();
    await expect(page.getByRole("heading", { level: 2, name: /_Attempt=1$/ })).toBeVisible();
    await page.goBack();
    await expect(heading).toBeVisible();
  });
});
