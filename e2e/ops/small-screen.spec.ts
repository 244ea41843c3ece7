import { expect, test, type Page } from "@playwright/test";
import { attemptRow, instanceStatus, onDemandDefinition, openInstance } from "../support/console";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { saveScreenshot } from "../support/page-checks";
import { StepRunner } from "../support/task-runner";

/** Everything the page logged as an error, and every uncaught exception (React's hydration errors are both). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()} console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()} pageerror: ${e.message}`));
  return errors;
}

/** The page is no wider than the viewport; on failure, the widest offenders say why. */
async function expectNoSidewaysScroll(page: Page, label: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  const report = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    // The outermost elements reaching past the right edge (those inside a box that scrolls on its own are fine).
    const wide = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > vw + 1);
    const offenders = wide
      .filter((el) => !wide.includes(el.parentElement as Element))
      .slice(0, 8)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${(el.textContent ?? "").slice(0, 30)}" right=${Math.round(el.getBoundingClientRect().right)} overflow-x=${getComputedStyle(el).overflowX}`,
      );
    return { scrollWidth: document.documentElement.scrollWidth, vw, offenders };
  });
  expect(
    report.scrollWidth,
    `${label} scrolls sideways (viewport ${report.vw}):\n${report.offenders.join("\n")}`,
  ).toBeLessThanOrEqual(report.vw);
}

test.describe("[OPS] phone-sized screens and clean consoles", () => {
  test.describe.configure({ timeout: 180_000 });

  test("every main page fits 390 px without sideways scroll", async ({ page, baseURL }) => {
    const name = uniqueName("phone");
    const runner = new StepRunner(baseURL!, `${name}-wg`, `${name}-host`);
    const { pipelineId } = await seedPipeline(baseURL!, {
      name: `${name}-with-a-rather-long-pipeline-name-for-small-screens`,
      definitionFile: onDemandDefinition(runner.workerGroup, [
        {
          id: "ExtractCustomerOrdersFromTheWarehouse",
          name: "ExtractCustomerOrdersFromTheWarehouse",
          type: "ShellCommandActivity",
          command: "true",
        },
        {
          id: "Load",
          name: "Load",
          type: "ShellCommandActivity",
          command: "true",
          dependsOn: { ref: "ExtractCustomerOrdersFromTheWarehouse" },
        },
      ]),
      activate: true,
    });
    const task = await runner.poll();
    await runner.progress(task.taskId);
    await runner.fail(task.taskId, { errorId: "Boom", errorMessage: "a long error message ".repeat(20) });

    await page.setViewportSize({ width: 390, height: 844 });
    const pages: [string, string][] = [
      ["/", "home"],
      [`/pipelines/${pipelineId}`, "graph"],
      [`/pipelines/${pipelineId}/objects`, "objects"],
      [`/pipelines/${pipelineId}/instances?status=all`, "instances"],
      [`/pipelines/${pipelineId}/runs`, "runs"],
      [`/pipelines/${pipelineId}/definition`, "definition"],
      ["/worker-groups", "worker-groups"],
      ["/runners", "runners"],
      ["/audit", "audit"],
      ["/import", "import"],
      ["/no/such/page", "not-found"],
      [`/pipelines/df-NOSUCHPIPELINE00000000`, "pipeline-not-found"],
    ];
    for (const [url, label] of pages) {
      await page.goto(url);
      await expectNoSidewaysScroll(page, label);
    }
    await openInstance(page, pipelineId, "ExtractCustomerOrdersFromTheWarehouse");
    await expectNoSidewaysScroll(page, "instance");
    await saveScreenshot(page, "phone-instance");
    await attemptRow(page, 1)
      .getByRole("link", { name: /^Attempt 1:/ })
      .click();
    await expect(page.getByRole("heading", { level: 2, name: /_Attempt=1$/ })).toBeVisible();
    await expectNoSidewaysScroll(page, "attempt");
    await page.goto("/");
    await saveScreenshot(page, "phone-home");
  });

  test("404 pages answer 404 without errors, and a confirmed rerun logs none", async ({ page, baseURL }) => {
    const errors = collectErrors(page);
    const missing = await page.goto("/pipelines/df-NOSUCHPIPELINE00000000");
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Pipeline not found" })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "Pipeline not found" })).toContainText(
      "df-NOSUCHPIPELINE00000000",
    );
    const unknown = await page.goto("/no/such/page");
    expect(unknown?.status()).toBe(404);
    await expect(page.getByRole("main")).toContainText("No console page lives at /no/such/page");
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);

    const name = uniqueName("rerun");
    const runner = new StepRunner(baseURL!, `${name}-wg`, `${name}-host`);
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: onDemandDefinition(runner.workerGroup, [
        { id: "Flaky", name: "Flaky", type: "ShellCommandActivity", command: "true", maximumRetries: "0" },
      ]),
      activate: true,
    });
    const task = await runner.poll();
    await runner.progress(task.taskId);
    await runner.fail(task.taskId, { errorId: "Boom", errorMessage: "boom" });
    await openInstance(page, pipelineId, "Flaky");
    await expect(instanceStatus(page)).toContainText("FAILED");
    await expect(page).toHaveTitle(new RegExp(`^@Flaky_.* · ${name} · pipelinehouse$`));
    await page.getByRole("group", { name: "Instance actions" }).getByRole("button", { name: "Rerun" }).click();
    const dialog = page.getByRole("dialog", { name: /^Rerun @Flaky_/ });
    await expect(dialog.getByRole("list", { name: "Instances the rerun resets" })).toBeVisible();
    await dialog.getByRole("button", { name: "Rerun", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(instanceStatus(page)).toContainText("WAITING_FOR_RUNNER");
    // Give the invalidated queries their refetch, then check nothing failed.
    await page.waitForLoadState("networkidle");
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  });
});
