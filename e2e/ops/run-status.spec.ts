import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ActivatePipelineCommand } from "@aws-sdk/client-data-pipeline";
import { expect, test } from "@playwright/test";
import { onDemandDefinition, useFastestRefresh } from "../support/console";
import { dataPipeline, seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";
import { startReferenceRunner, type RunnerProcess } from "../support/reference-runner";

// Three runs of a 10-activity on-demand pipeline (two chains of five), run by the reference runner
// as a real process; the third run fails at C03, so C04 and C05 cascade-fail and the pipeline is in ERROR.

const ids = (chain: string) => [1, 2, 3, 4, 5].map((n) => `${chain}0${n}`);

function activities(flagDir: string): Record<string, unknown>[] {
  return ["C", "D"].flatMap((chain) =>
    ids(chain).map((id, i) => ({
      id,
      name: id,
      type: "ShellCommandActivity",
      // C03 fails once the flag file exists (before the third run).
      command: id === "C03" ? `test ! -e ${flagDir}/fail` : `echo ${id}`,
      ...(i > 0 ? { dependsOn: { ref: ids(chain)[i - 1] } } : {}),
    })),
  );
}

test.describe("[OPS] run status", () => {
  test.describe.configure({ timeout: 240_000 });
  let runner: RunnerProcess | undefined;
  test.afterEach(async () => runner?.stop());

  test("an ERROR pipeline lands on its failure, the graph follows the chosen run, and the run grid shows three runs", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("runs");
    const group = `${name}-wg`;
    const flagDir = mkdtempSync(path.join(tmpdir(), "ph-e2e-runs-"));
    const definition = JSON.parse(onDemandDefinition(group, activities(flagDir))) as {
      objects: Record<string, unknown>[];
    };
    (definition.objects[0] as Record<string, unknown>).maximumRetries = "0";
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: JSON.stringify(definition),
      activate: true,
    });
    runner = startReferenceRunner(baseURL!, group, ["--progress-interval", "1"]);
    const client = dataPipeline(baseURL!);
    const finishedCount = () => (runner!.output().match(/ finished /g) ?? []).length;

    await expect.poll(finishedCount, { timeout: 90_000 }).toBe(10);
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    await expect.poll(finishedCount, { timeout: 90_000 }).toBe(20);
    writeFileSync(path.join(flagDir, "fail"), "");
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    // Third run: C01, C02 and chain D finish, C03 fails.
    await runner.waitFor(/ failed .*C03/);
    await expect.poll(finishedCount, { timeout: 90_000 }).toBe(27);

    await useFastestRefresh(page);
    await page.goto(`/pipelines/${pipelineId}`);
    await expect(page).toHaveTitle(new RegExp(name));
    // Landing shows the failure, one click from the failed instance.
    const failure = page.getByRole("alert", { name: "Latest failure" });
    await expect(failure).toContainText("C03");
    await expect(failure).toContainText("FAILED");
    // The graph is coloured by the latest run: C03 failed in it, C04 cascade-failed, D05 finished.
    await expect(page.getByRole("link", { name: /^C03, ShellCommandActivity, FAILED in this run$/ })).toBeVisible();
    await expect(
      page.getByRole("link", { name: /^C04, ShellCommandActivity, CASCADE_FAILED in this run$/ }),
    ).toBeVisible();
    await expect(page.getByRole("link", { name: /^D05, ShellCommandActivity, FINISHED in this run$/ })).toBeVisible();
    await saveScreenshot(page, "graph-run-failed");
    await expectNoSeriousA11yViolations(page);

    // The search finds an object and says how many match.
    await page.getByRole("searchbox", { name: "Find objects in the graph" }).fill("D0");
    await expect(page.getByRole("status").filter({ hasText: /of 5$/ })).toBeVisible();
    await page.getByRole("searchbox", { name: "Find objects in the graph" }).fill("");

    // The first run, chosen in the picker: everything finished in it.
    const picker = page.getByRole("combobox", { name: "Run" });
    const options = picker.getByRole("option");
    await expect(options).toHaveCount(4); // latest + three runs
    const oldest = await options.nth(3).getAttribute("value");
    await picker.selectOption(oldest!);
    await expect(page).toHaveURL(/\?run=/);
    await expect(page.getByRole("link", { name: /^C03, ShellCommandActivity, FINISHED in this run$/ })).toBeVisible();
    await expect(page.getByRole("link", { name: /^C04, ShellCommandActivity, FINISHED in this run$/ })).toBeVisible();
    // The Objects tab keeps the chosen run.
    await page
      .getByRole("navigation", { name: "Pipeline views" })
      .getByRole("link", { name: /^Objects/ })
      .click();
    await expect(page).toHaveURL(/\/objects\?run=/);
    const c03row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "C03", exact: true }) });
    await expect(c03row.getByRole("link", { name: /^FINISHED: open @C03_/ })).toBeVisible();

    // The header's FAILED count opens the failed instances.
    await page.getByRole("link", { name: "1 FAILED: show these instances" }).click();
    await expect(page).toHaveURL(/\/instances\?status=FAILED$/);
    const table = page.getByRole("table", { name: "Instances" });
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table).toContainText("@C03_");

    // The Instances tab's default shows the failure too; cascade-failed rows name the upstream instance.
    await page.goto(`/pipelines/${pipelineId}/instances`);
    const c04 = table.getByRole("row").filter({ has: page.getByRole("link", { name: /^@C04_/ }) });
    await expect(c04).toContainText("CASCADE_FAILED");
    await expect(c04.getByRole("link", { name: /^Upstream failure: @C03_/ })).toBeVisible();

    // Run grid: three runs as columns, ten activities as rows, newest first; a cell opens its instance.
    await page.getByRole("navigation", { name: "Pipeline views" }).getByRole("link", { name: "Runs" }).click();
    const grid = page.getByRole("table", { name: /^Runs by object/ });
    await expect(grid.getByRole("columnheader")).toHaveCount(4);
    await expect(grid.getByRole("rowheader")).toHaveCount(10);
    await expect(grid.getByRole("link", { name: /^C03 in the run of .*: FAILED/ })).toHaveCount(1);
    await expect(grid.getByRole("link", { name: /^C03 in the run of .*: FINISHED, \d+ s/ })).toHaveCount(2);
    await expect(grid.getByRole("link", { name: /^C05 in the run of .*: CASCADE_FAILED/ })).toHaveCount(1);
    await saveScreenshot(page, "run-grid");
    await expectNoSeriousA11yViolations(page);
    await page.getByRole("combobox", { name: "Runs per page" }).selectOption("10");
    await grid.getByRole("link", { name: /^C03 in the run of .*: FAILED/ }).click();
    await expect(page.getByRole("heading", { level: 2, name: /^@C03_/ })).toBeVisible();
    await expect(page.getByRole("region", { name: /^Error/ })).toContainText("ShellCommandFailed");
  });
});
