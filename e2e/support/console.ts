// Console locators and steps shared by the run specs: role- and label-based, like the pages' own markup.
import { expect, type Page } from "@playwright/test";

/** The shortest live-refresh interval the console offers (REFRESH_CHOICES in components/refresh-settings.tsx). */
const FASTEST_REFRESH_MS = 2_000;

/** Live refresh at its shortest interval for every page this test opens (the setting lives in localStorage). */
export async function useFastestRefresh(page: Page): Promise<void> {
  await page.addInitScript(
    (ms) => window.localStorage.setItem("pipelinehouse.refreshIntervalMs", String(ms)),
    FASTEST_REFRESH_MS,
  );
}

/** An on-demand pipeline in the CLI file format: Default (worker group, cascade) plus the given objects. */
export function onDemandDefinition(workerGroup: string, objects: Record<string, unknown>[]): string {
  return JSON.stringify({
    objects: [
      { id: "Default", name: "Default", scheduleType: "ondemand", workerGroup, failureAndRerunMode: "CASCADE" },
      ...objects,
    ],
  });
}

/** Opens the instance of `componentId` from the Instances tab, as an operator would. */
export async function openInstance(page: Page, pipelineId: string, componentId: string): Promise<void> {
  await page.goto(`/pipelines/${pipelineId}/instances?status=all`);
  await page
    .getByRole("table", { name: "Instances" })
    .getByRole("link", { name: new RegExp(`^@${componentId}_`) })
    .click();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^@${componentId}_`) })).toBeVisible();
}

/** The row of a field table whose row header is `key`. */
export const fieldRow = (page: Page, table: string, key: string) =>
  page
    .getByRole("table", { name: table })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${key}( ref)?$`) }) });

/** The instance's status as the service reports it (@status). */
export const instanceStatus = (page: Page) => fieldRow(page, "Set by the service", "@status");

/** Row `n` of the instance page's attempts table. */
export const attemptRow = (page: Page, n: number) =>
  page
    .getByRole("table", { name: "Attempts, newest first" })
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: new RegExp(`^Attempt ${n}:`) }) });

/** Marks the document, so a spec can prove at the end that the page was never reloaded. */
export async function markDocument(page: Page): Promise<() => Promise<void>> {
  await page.evaluate(() => ((window as unknown as { __e2eMark?: boolean }).__e2eMark = true));
  return async () =>
    expect(
      await page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark === true),
      "the page was reloaded",
    ).toBe(true);
}
