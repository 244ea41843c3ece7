import { expect, test } from "@playwright/test";
import { readFixture, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";

const COMPONENTS = ["Default", "DailySchedule", "InputData", "OutputData", "InputReady", "Transform", "Publish"];

test.describe("[IMPORT] definition files", () => {
  test("import by pasting, then see the graph with labelled reference edges", async ({ page }) => {
    const name = uniqueName("import");
    await page.goto("/");
    await page.getByRole("link", { name: "Import definition" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Import definition" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.getByLabel("Pipeline name").fill(name);
    await page.getByLabel("Definition JSON").fill(readFixture("etl-definition.json"));
    await saveScreenshot(page, "import");
    await page.getByRole("button", { name: "Import", exact: true }).click();

    await expect(page).toHaveURL(/\/pipelines\/df-[0-9A-Z]+$/);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("link", { name: "Graph" })).toHaveAttribute("aria-current", "page");
    for (const id of COMPONENTS) {
      await expect(page.getByRole("link", { name: new RegExp(`^${id}, `) })).toBeVisible();
    }
    // Every reference field is an edge labelled with its key.
    for (const key of ["input", "output", "precondition", "dependsOn"]) {
      await expect(page.getByText(key, { exact: true })).toBeVisible();
    }
    await expect(page.getByText("schedule", { exact: true })).toHaveCount(4);
    await expect(page.getByRole("link", { name: "Transform, ShellCommandActivity, PENDING" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "graph");
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "graph-dark");
    await page.emulateMedia({ colorScheme: "light" });

    await page.getByRole("link", { name: /^Transform, / }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Transform" })).toBeVisible();
    await expect(page).toHaveURL(/\/objects\/Transform$/);
  });

  test("an uploaded file with errors shows them next to its objects and creates nothing", async ({ page }) => {
    const name = uniqueName("broken");
    const broken = {
      objects: [
        { id: "Default", name: "Default", workerGroup: "wg" },
        { id: "Transform", type: "ShellCommandActivity", command: "echo", input: { ref: "Nowhere" } },
        { id: "Sched", type: "Schedule", startDateTime: "2030-01-01T00:00:00" },
      ],
    };
    await page.goto("/import");
    await page.getByLabel("Upload a definition file").setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    await expect(page.getByLabel("Pipeline name")).toHaveValue("broken");
    await expect(page.getByLabel("Definition JSON")).toHaveValue(/Nowhere/);
    await page.getByLabel("Pipeline name").fill(name);
    await page.getByRole("button", { name: "Import", exact: true }).click();

    await expect(page.getByRole("alert").filter({ hasText: "no pipeline was created" })).toBeVisible();
    const objects = page.getByRole("table", { name: "Objects in the file" });
    await expect(
      objects.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Transform" }) }),
    ).toContainText("'input' refers to 'Nowhere'");
    await expect(
      objects.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Sched" }) }),
    ).toContainText("'period' is required");
    await expect(
      objects.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Default" }) }),
    ).toContainText("none");
    await saveScreenshot(page, "import-errors");

    await page.goto(`/?q=${name}`);
    await expect(page.getByText("No pipelines match these filters")).toBeVisible();
  });

  test("a fatal problem or a file that is not JSON is refused with its reason", async ({ page }) => {
    const name = uniqueName("fatal");
    await page.goto("/import");
    await page.getByLabel("Pipeline name").fill(name);
    await page.getByLabel("Definition JSON").fill('{"objects": [{"id": "Default", "workerGroup": ""}]}');
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "cannot be saved" })).toContainText(
      "'workerGroup' has an empty value",
    );

    await page.getByLabel("Definition JSON").fill('{"objects": [ nope');
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "not a definition file" })).toContainText("not valid JSON");

    await page.goto(`/?q=${name}`);
    await expect(page.getByText("No pipelines match these filters")).toBeVisible();
  });
});
