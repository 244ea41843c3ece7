import { expect, test } from "@playwright/test";
import { SIGNED_OUT } from "../support/auth";

// Against the local OpenID Connect provider that playwright.config.ts starts
// (e2e/support/oidc-provider.ts): its login decides the role claim.
test.describe("[AUTH] single sign-on", () => {
  test.use({ storageState: SIGNED_OUT });

  test("signs in through the provider with the role its claim gives", async ({ page }) => {
    const login = `admin-sso-${Date.now().toString(36)}`;
    await page.goto("/audit");
    await page.getByRole("link", { name: "Sign in with Test SSO" }).click();
    // The provider's own login form.
    await page.getByPlaceholder("Enter any login").fill(login);
    await page.getByPlaceholder("and password").fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByRole("banner")).toContainText(`${login}@sso.example.test`);
    await expect(page.getByRole("banner")).toContainText("admin");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toBeVisible();
    // The Admin page lists the new user as signing in with single sign-on.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await expect(page.getByRole("row").filter({ hasText: `${login}@sso.example.test` })).toContainText(
      "single sign-on",
    );
  });

  test("a provider account without a role claim gets no session", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Sign in with Test SSO" }).click();
    await page.getByPlaceholder("Enter any login").fill(`norole-${Date.now().toString(36)}`);
    await page.getByPlaceholder("and password").fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await expect(page).toHaveURL(/\/sign-in\?notice=sso-role$/);
    await expect(page.getByRole("status")).toContainText("has no pipelinehouse role");
    expect((await page.context().cookies()).find((c) => c.name === "pipelinehouse_session")).toBeUndefined();
  });
});
