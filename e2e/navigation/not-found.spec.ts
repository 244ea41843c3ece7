import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";

test.describe("[NAVIGATION] unknown paths", () => {
  test("an unknown path answers 404 with a page in the console's frame and the ways back", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("main")).toContainText("No console page lives at /no/such/page");
    await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "not-found");
    await page.getByRole("link", { name: "All pipelines" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Pipelines" })).toBeVisible();
  });
});
