import { expect, test } from "@playwright/test";
import { readFixture, seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";

test.describe("[OBJECTS] expression evaluator", () => {
  test("shows a result with what it read, then an error with its position", async ({ page, baseURL }) => {
    const { pipelineId } = await seedPipeline(baseURL!, {
      name: uniqueName("eval"),
      definitionFile: readFixture("etl-definition.json"),
    });
    await page.goto(`/pipelines/${pipelineId}/objects/Transform`);
    const expression = page.getByRole("textbox", { name: "Expression" });
    const evaluate = page.getByRole("button", { name: "Evaluate" });

    await expression.fill("#{myDataset} every #{schedule.period}");
    await evaluate.click();
    await expect(page.getByRole("status").filter({ hasText: "Result" })).toContainText("orders every 1 day");
    const reads = page.getByRole("table", { name: "Fields, references and parameters read" });
    await expect(reads.getByRole("row").filter({ hasText: "myDataset" })).toContainText("orders");
    await expect(reads.getByRole("row").filter({ hasText: "period" })).toContainText("DailySchedule");
    await expect(reads.getByRole("row").filter({ hasText: "period" })).toContainText("1 day");
    await expect(page).toHaveURL(/[?&]expr=/);
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "evaluate-result");

    // The expression is in the URL: a reload evaluates it again.
    await page.reload();
    await expect(expression).toHaveValue("#{myDataset} every #{schedule.period}");
    await expect(page.getByRole("status").filter({ hasText: "Result" })).toContainText("orders every 1 day");

    await expression.fill("#{myDataset} #{doesNotExist}");
    await expression.press("Control+Enter");
    const error = page.getByRole("alert").filter({ hasText: "Error" });
    await expect(error).toContainText("position 15");
    await expect(error).toContainText("unknown field 'doesNotExist'");
    const caret = error.getByLabel("Expression with a caret at position 15");
    await expect(caret).toContainText("#{myDataset} #{doesNotExist}");
    // The caret sits under character 15, the start of the bad field name.
    expect(((await caret.textContent()) ?? "").split("\n")[1]).toBe(`${" ".repeat(15)}^`);
    await saveScreenshot(page, "evaluate-error");
  });
});
