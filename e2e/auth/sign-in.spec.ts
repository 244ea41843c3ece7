import { expect, test } from "@playwright/test";
import { E2E_ADMIN, SIGNED_OUT, createUser, signInOnPage } from "../support/auth";
import { expectNoSeriousA11yViolations } from "../support/page-checks";

test.describe("[AUTH] sign in and out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("a visitor signs in, lands where they were going, and signs out", async ({ page, baseURL }) => {
    test.slow(); // a dozen page loads and sign-ins on a shared machine
    await page.goto("/runners");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Frunners$/);
    await expect(page.getByRole("heading", { name: "Sign in to pipelinehouse" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    const user = await createUser(baseURL!, "operator");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The email or password is not right" })).toBeVisible();

    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/runners$/);
    await expect(page.getByRole("heading", { level: 1, name: "Runners" })).toBeVisible();
    await expect(page.getByRole("banner")).toContainText(user.email);
    await expect(page.getByRole("banner")).toContainText("operator");
    // The session cookie is not readable by scripts.
    expect(await page.evaluate(() => document.cookie)).not.toContain("pipelinehouse_session");
    const cookie = (await page.context().cookies()).find((c) => c.name === "pipelinehouse_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in\?notice=signed-out$/);
    await expect(page.getByRole("status")).toHaveText("You are signed out.");
    // The old cookie, replayed, opens nothing: the session ended on the server.
    await page.context().addCookies([{ ...cookie!, expires: -1 }]);
    const replay = await page.request.get("/api/console/pipelines");
    expect(replay.status()).toBe(401);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test("the admin the server created at start-up signs in; the Admin link is theirs", async ({ page }) => {
    await signInOnPage(page, E2E_ADMIN);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toBeVisible();
  });
});
