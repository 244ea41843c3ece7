import { DescribePipelinesCommand, SetStatusCommand, ActivatePipelineCommand } from "@aws-sdk/client-data-pipeline";
import { expect, test, type Page } from "@playwright/test";
import { instanceStatus, onDemandDefinition, useFastestRefresh } from "../support/console";
import { dataPipeline, seedPipeline, uniqueName } from "../support/data-pipeline";
import { StepRunner } from "../support/task-runner";

// Health, last run and next run as the console shows them are DescribePipelines' values, computed
// from outcomes and the schedule: a RUNNING instance is a last run (and not "No runs"), the next run
// of a cron pipeline is its next period, and an operator's cancel is not a failure.

const dp = (ms: number) => new Date(ms).toISOString().slice(0, 19);
/** The <time> in the pipeline header's fact whose term is `term`. */
const fact = (page: Page, term: string) =>
  page
    .getByTestId("pipeline-facts")
    .locator(":scope > div")
    .filter({ has: page.getByText(term, { exact: true }) });

async function describedFields(baseURL: string, pipelineId: string): Promise<Record<string, string>> {
  const out = await dataPipeline(baseURL).send(new DescribePipelinesCommand({ pipelineIds: [pipelineId] }));
  return Object.fromEntries((out.pipelineDescriptionList?.[0]?.fields ?? []).map((f) => [f.key!, f.stringValue!]));
}

test.describe("[RUNS] health, last and next run", () => {
  test("a cron pipeline: a running instance is a last run, the next run is the next period, then HEALTHY", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("cronvals");
    const runner = new StepRunner(baseURL!, `${name}-wg`, `${name}-host`);
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: JSON.stringify({
        objects: [
          {
            id: "Default",
            name: "Default",
            scheduleType: "cron",
            workerGroup: runner.workerGroup,
            schedule: { ref: "Quarter" },
            maximumRetries: "0",
          },
          { id: "Quarter", name: "Quarter", type: "Schedule", period: "15 minutes", startDateTime: dp(start) },
          { id: "Job", name: "Job", type: "ShellCommandActivity", command: "job.sh" },
        ],
      }),
      activate: true,
    });
    const task = await runner.poll();
    await runner.progress(task.taskId);

    await useFastestRefresh(page);
    await page.goto(`/pipelines/${pipelineId}`);
    const described = await describedFields(baseURL!, pipelineId);
    await expect(page.getByTestId("pipeline-title")).toContainText("No completed runs");
    await expect(page.getByTestId("pipeline-title")).not.toContainText(/No runs/);
    // DescribePipelines writes seconds; the console keeps the stored milliseconds.
    await expect(fact(page, "Last run (UTC)").locator("time")).toHaveAttribute(
      "datetime",
      new RegExp(`^${described["@latestRunTime"]}\\.\\d{3}Z$`),
    );
    await expect(fact(page, "Next run (UTC)").locator("time")).toHaveAttribute(
      "datetime",
      new Date(start + 15 * 60_000).toISOString(),
    );
    expect(described["@nextRunTime"]).toBe(dp(start + 15 * 60_000));

    await runner.finish(task.taskId);
    await expect(page.getByTestId("pipeline-title")).toContainText("HEALTHY");
    await expect(fact(page, "Next run (UTC)").locator("time")).toHaveAttribute(
      "datetime",
      new Date(start + 15 * 60_000).toISOString(),
    );

    // The pipelines list shows the same values.
    await page.goto(`/?q=${name}`);
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("HEALTHY");
    await expect(row.locator(`time[datetime="${new Date(start + 15 * 60_000).toISOString()}"]`)).toBeVisible();
  });

  test("an operator's cancel: the pipeline stays HEALTHY and the instance shows no error", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("cancelvals");
    const runner = new StepRunner(baseURL!, `${name}-wg`, `${name}-host`);
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: onDemandDefinition(runner.workerGroup, [
        { id: "Long", name: "Long", type: "ShellCommandActivity", command: "long.sh" },
      ]),
      activate: true,
    });
    const client = dataPipeline(baseURL!);
    const first = await runner.poll();
    await runner.progress(first.taskId);
    await runner.finish(first.taskId);
    await client.send(new ActivatePipelineCommand({ pipelineId }));
    const second = await runner.poll();
    await runner.progress(second.taskId);
    const instanceId = second.attemptId.replace(/_Attempt=1$/, "");
    await client.send(new SetStatusCommand({ pipelineId, objectIds: [instanceId], status: "TRY_CANCEL" }));
    expect(await runner.progress(second.taskId)).toBe(true);

    await useFastestRefresh(page);
    await page.goto(`/pipelines/${pipelineId}/objects/${encodeURIComponent(instanceId)}`);
    await expect(instanceStatus(page)).toContainText("CANCELED");
    await expect(page.getByRole("region", { name: /^Error/ })).toHaveCount(0);
    await expect(page.getByText("errorId", { exact: true })).toHaveCount(0);
    await expect(page.getByTestId("pipeline-title")).toContainText("HEALTHY");
    await expect(page.getByTestId("pipeline-title")).not.toContainText("ERROR");
    expect((await describedFields(baseURL!, pipelineId))["@healthStatus"]).toBe("HEALTHY");
  });
});
