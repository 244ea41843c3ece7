// Signing in for the e2e suite. The server creates the first admin at start-up from ADMIN_EMAIL /
// ADMIN_PASSWORD (playwright.config.ts); the global setup signs in once as that admin and saves
// the browser state, which every spec starts from. Specs about roles create their own users
// through the Admin API, as an admin would.
import { expect, request, type APIRequestContext, type Page } from "@playwright/test";
import type { ConsoleRole } from "../../lib/console-auth/roles";

export const E2E_ADMIN = { email: "admin@e2e.example.test", password: "e2e-admin-password-0123456789" } as const;

/** The signed-in admin's browser state (cookies), written by the global setup. */
export const ADMIN_STATE = ".test-data/auth/admin-state.json";

/** An empty browser state: for specs that start signed out. */
export const SIGNED_OUT = { cookies: [], origins: [] };

/** A request context that calls the BFF the way the console's pages do: JSON, from the console's own origin. */
export async function consoleApi(
  baseURL: string,
  storageState: string | typeof SIGNED_OUT = ADMIN_STATE,
): Promise<APIRequestContext> {
  return request.newContext({ baseURL, storageState, extraHTTPHeaders: { origin: baseURL } });
}

let counter = 0;

/** A new console user with `role`, created by the admin through the Admin API; returns its email and password. */
export async function createUser(
  baseURL: string,
  role: ConsoleRole,
): Promise<{ email: string; password: string; role: ConsoleRole }> {
  const api = await consoleApi(baseURL);
  const email = `${role}-${Date.now().toString(36)}-${process.pid}-${++counter}@e2e.example.test`;
  const password = `pw-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const res = await api.post("/api/console/admin/users", { data: { email, role, password } });
  expect(res.status(), await res.text()).toBe(200);
  await api.dispose();
  return { email, password, role };
}

/** Signs in on the sign-in page, as a person would. */
export async function signInOnPage(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}
