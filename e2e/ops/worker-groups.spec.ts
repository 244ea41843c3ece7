import { expect, test } from "@playwright/test";
import { onDemandDefinition, openInstance, useFastestRefresh } from "../support/console";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";
import { startReferenceRunner, type RunnerProcess } from "../support/reference-runner";

test.describe("[OPS] worker groups", () => {
  test.describe.configure({ timeout: 120_000 });
  let runner: RunnerProcess | undefined;
  test.afterEach(async () => runner?.stop());

  test("warns where work waits on a group nobody polls, and lists a host seen only by its polls", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("wg");
    const orphan = `${name}-nobody`;
    const polled = `${name}-polled`;
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: onDemandDefinition(orphan, [
        { id: "Stuck", name: "Stuck", type: "ShellCommandActivity", command: "true" },
      ]),
      activate: true,
    });
    // A real runner polling another group (its first heartbeat comes with its first poll).
    runner = startReferenceRunner(baseURL!, polled);
    await runner.waitFor(/ started /);

    await useFastestRefresh(page);
    await page.goto("/worker-groups");
    await expect(page).toHaveTitle(/^Worker groups/);
    const orphanCard = page.getByRole("region", { name: `Worker group ${orphan}` });
    await expect(orphanCard.getByRole("alert")).toContainText(
      `No runner has ever polled worker group ${orphan}: 1 task waits`,
    );
    await expect(orphanCard.getByRole("definition").filter({ hasText: "never" })).toBeVisible();
    const polledCard = page.getByRole("region", { name: `Worker group ${polled}` });
    await expect(
      polledCard.getByRole("table", { name: `Hosts of worker group ${polled}` }).getByRole("row"),
    ).toHaveCount(2);
    await expect(polledCard.getByRole("alert")).toHaveCount(0);
    await expect(
      polledCard
        .getByRole("cell")
        .filter({ hasText: /ago|just now/ })
        .first(),
    ).toBeVisible();
    await saveScreenshot(page, "worker-groups");
    await expectNoSeriousA11yViolations(page);

    // The instance page says the same where the work waits.
    await openInstance(page, pipelineId, "Stuck");
    await expect(page.getByRole("region", { name: `Worker group ${orphan}` }).getByRole("alert")).toContainText(
      "No runner has ever polled",
    );
    await saveScreenshot(page, "instance-worker-group");
  });
});
