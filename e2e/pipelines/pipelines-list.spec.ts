import { expect, test } from "@playwright/test";
import { readFixture, seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";

const definition = readFixture("etl-definition.json");

test.describe("[PIPELINES] list", () => {
  test("search and state filter live in the URL and survive reload, back and forward", async ({ page, baseURL }) => {
    const prefix = uniqueName("list");
    await seedPipeline(baseURL!, { name: `${prefix}-alpha`, definitionFile: definition });
    await seedPipeline(baseURL!, { name: `${prefix}-beta`, definitionFile: definition, activate: true });

    await page.goto("/");
    const search = page.getByRole("searchbox", { name: "Search", exact: true });
    const state = page.getByRole("combobox", { name: "State" });
    const rows = page.getByRole("row").filter({ hasText: prefix });

    await search.fill(prefix);
    await expect(page).toHaveURL(new RegExp(`[?&]q=${prefix}`));
    await expect(rows).toHaveCount(2);

    await state.selectOption("SCHEDULED");
    await expect(page).toHaveURL(/state=SCHEDULED/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(`${prefix}-beta`);
    await expect(rows.first()).toContainText("SCHEDULED");

    await page.reload();
    await expect(search).toHaveValue(prefix);
    await expect(state).toHaveValue("SCHEDULED");
    await expect(rows).toHaveCount(1);

    await page.goBack();
    await expect(state).toHaveValue("");
    await expect(rows).toHaveCount(2);
    await page.goForward();
    await expect(state).toHaveValue("SCHEDULED");
    await expect(rows).toHaveCount(1);

    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect(page).toHaveURL(/\/$/);
    await expect(search).toHaveValue("");
  });

  test("shows schedule, object count and health for each pipeline", async ({ page, baseURL }) => {
    const name = uniqueName("facts");
    const { pipelineId } = await seedPipeline(baseURL!, { name, definitionFile: definition });
    await page.goto(`/?q=${name}`);
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText(pipelineId);
    await expect(row).toContainText("cron · every 1 day");
    await expect(row).toContainText("7 objects");
    await expect(row).toContainText("No runs");
    await expect(row).toContainText("PENDING");
  });

  test("activate and deactivate only after confirming", async ({ page, baseURL }) => {
    const name = uniqueName("actions");
    await seedPipeline(baseURL!, { name, definitionFile: definition });
    await page.goto(`/?q=${name}`);
    const row = page.getByRole("row").filter({ hasText: name });

    await row.getByRole("button", { name: `Activate ${name}` }).click();
    const activateDialog = page.getByRole("dialog", { name: `Activate ${name}?` });
    await expect(activateDialog).toBeVisible();
    await activateDialog.getByRole("button", { name: "Cancel" }).click();
    await expect(activateDialog).toBeHidden();
    await expect(row).toContainText("PENDING");

    await row.getByRole("button", { name: `Activate ${name}` }).click();
    await activateDialog.getByRole("button", { name: "Activate", exact: true }).click();
    await expect(row).toContainText("SCHEDULED");
    await expect(page.getByRole("status").filter({ hasText: "Pipeline activated" })).toBeVisible();

    await row.getByRole("button", { name: `Deactivate ${name}` }).click();
    const deactivateDialog = page.getByRole("dialog", { name: `Deactivate ${name}?` });
    await expect(deactivateDialog.getByRole("checkbox", { name: /Cancel running work/ })).toBeChecked();
    await deactivateDialog.getByRole("button", { name: "Deactivate", exact: true }).click();
    await expect(row).toContainText(/INACTIVE|DEACTIVATING/);
  });

  test("keyboard: / jumps to search, Enter follows a link, the skip link reaches the content", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("keys");
    const { pipelineId } = await seedPipeline(baseURL!, { name, definitionFile: definition });
    await page.goto(`/?q=${name}`);
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
    await page.keyboard.press("/");
    await expect(page.getByRole("searchbox", { name: "Search", exact: true })).toBeFocused();
    await page.getByRole("link", { name, exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/pipelines/${pipelineId}$`));
    // Tab reaches the graph's nodes, which are links.
    const node = page.getByRole("link", { name: /^Transform, / });
    await node.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 2, name: "Transform" })).toBeVisible();
  });

  test("screenshot and accessibility, light and dark", async ({ page, baseURL }) => {
    const prefix = uniqueName("shot");
    await seedPipeline(baseURL!, { name: `${prefix}-nightly-etl`, definitionFile: definition, activate: true });
    await seedPipeline(baseURL!, { name: `${prefix}-reports`, definitionFile: definition });
    await seedPipeline(baseURL!, { name: `${prefix}-empty` });
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Pipelines" })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: prefix })).toHaveCount(3);
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "pipelines");

    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "pipelines-dark");
  });
});
