import { expect, test, type Page } from "@playwright/test";
import { SetStatusCommand } from "@aws-sdk/client-data-pipeline";
import { dataPipeline, seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";

const fieldRow = (page: Page, table: string, key: string) =>
  page
    .getByRole("table", { name: table })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${key}( ref)?$`) }) });

test.describe("[INSTANCES] runs from pipeline_objects", () => {
  test("an on-demand activation lists its instances; each links to its page, attempts included", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("ondemand");
    // No runner polls this worker group, so the runs stay where the scheduler puts them.
    const definition = {
      objects: [
        { id: "Default", name: "Default", workerGroup: `${name}-nobody`, scheduleType: "ondemand" },
        { id: "Hello", name: "Hello", type: "ShellCommandActivity", command: "echo #{@scheduledStartTime}" },
        {
          id: "After",
          name: "After",
          type: "ShellCommandActivity",
          command: "echo after",
          dependsOn: { ref: "Hello" },
        },
      ],
    };
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: JSON.stringify(definition),
      activate: true,
    });

    await page.goto(`/pipelines/${pipelineId}/instances`);
    // Live refresh is one setting for the whole console, remembered across reloads.
    await page.getByRole("combobox", { name: "Live refresh" }).selectOption({ label: "2 s" });
    await page.reload();
    await expect(page.getByRole("combobox", { name: "Live refresh" })).toHaveValue("2000");

    const table = page.getByRole("table", { name: "Instances" });
    const hello = table.getByRole("row").filter({ has: page.getByRole("link", { name: /^@Hello_/ }) });
    const after = table.getByRole("row").filter({ has: page.getByRole("link", { name: /^@After_/ }) });
    await expect(hello).toContainText("WAITING_FOR_RUNNER");
    await expect(after).toContainText("WAITING_ON_DEPENDENCIES");
    const chips = page.getByRole("group", { name: "Status" });
    await expect(chips.getByRole("button", { name: "Needs attention" })).toHaveAttribute("aria-pressed", "true");
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "instances-running");

    // Status chips: one, then two, kept in the URL.
    await chips.getByRole("button", { name: /WAITING_ON_DEPENDENCIES/ }).click();
    await expect(page).toHaveURL(/status=WAITING_ON_DEPENDENCIES$/);
    await expect(hello).toHaveCount(0);
    await expect(after).toHaveCount(1);
    await chips.getByRole("button", { name: /WAITING_FOR_RUNNER/ }).click();
    await expect(page).toHaveURL(/status=WAITING_ON_DEPENDENCIES,WAITING_FOR_RUNNER$/);
    await expect(hello).toHaveCount(1);
    await page.reload();
    await expect(chips.getByRole("button", { name: /WAITING_FOR_RUNNER/ })).toHaveAttribute("aria-pressed", "true");
    await expect(chips.getByRole("button", { name: "Needs attention" })).toHaveAttribute("aria-pressed", "false");
    await expect(after).toHaveCount(1);
    await chips.getByRole("button", { name: "Needs attention" }).click();
    await expect(page).not.toHaveURL(/status=/);

    await hello.getByRole("link", { name: /^@Hello_/ }).click();
    await expect(page).toHaveURL(/\/objects\/%40Hello_/);
    const heading = page.getByRole("heading", { level: 2, name: /^@Hello_/ });
    await expect(heading).toBeVisible();
    await expect(fieldRow(page, "Inherited fields", "command")).toContainText("inherited from Hello");
    await expect(fieldRow(page, "Inherited fields", "command")).toContainText(/evaluates to echo \d{4}-\d\d-\d\dT/);
    await expect(fieldRow(page, "Set by the service", "@status")).toContainText("WAITING_FOR_RUNNER");

    await page.getByRole("textbox", { name: "Expression" }).fill("#{format(@scheduledStartTime, 'YYYY')}");
    await page.getByRole("button", { name: "Evaluate" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Result" })).toContainText(/\d{4}/);

    await fieldRow(page, "Set by the service", "@headAttempt").getByRole("link").click();
    await expect(page.getByRole("heading", { level: 2, name: /_Attempt=1$/ })).toBeVisible();
    await page.goBack();
    await expect(heading).toBeVisible();
  });

  test("select instances and cancel them together (finished ones are skipped), then rerun them together", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("bulk");
    const activity = (id: string) => ({ id, name: id, type: "ShellCommandActivity", command: `echo ${id}` });
    const definition = {
      objects: [
        { id: "Default", name: "Default", workerGroup: `${name}-nobody`, scheduleType: "ondemand" },
        activity("Alpha"),
        activity("Beta"),
        activity("Gamma"),
      ],
    };
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: JSON.stringify(definition),
      activate: true,
    });
    await page.goto(`/pipelines/${pipelineId}/instances?status=all`);
    const table = page.getByRole("table", { name: "Instances" });
    const row = (id: string) =>
      table.getByRole("row").filter({ has: page.getByRole("link", { name: new RegExp(`^@${id}_`) }) });
    await expect(row("Alpha")).toContainText("WAITING_FOR_RUNNER");
    // One of them is already done (through the API, as any SDK user could).
    const alphaId = (await row("Alpha")
      .getByRole("link", { name: /^@Alpha_/ })
      .textContent())!;
    await dataPipeline(baseURL!).send(
      new SetStatusCommand({ pipelineId, objectIds: [alphaId], status: "MARK_FINISHED" }),
    );
    await page.reload();
    await expect(row("Alpha")).toContainText("FINISHED");

    await table.getByRole("checkbox", { name: "Select every instance on this page" }).check();
    const selection = page.getByRole("region", { name: "Selection" });
    await expect(selection).toContainText("3 selected");
    await selection.getByRole("button", { name: "Cancel…" }).click();
    const cancel = page.getByRole("dialog", { name: "Cancel 2 instances?" });
    await expect(cancel.getByRole("list", { name: "Instances to cancel" }).getByRole("listitem")).toHaveCount(2);
    await expect(cancel.getByRole("list", { name: "Skipped instances" })).toContainText("already FINISHED");
    await expectNoSeriousA11yViolations(page);
    await cancel.getByRole("button", { name: "Cancel 2 instances" }).click();
    await expect(cancel).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: "Cancel sent: 2 objects" })).toBeVisible();
    await expect(row("Beta")).toContainText("CANCELED");
    await expect(row("Gamma")).toContainText("CANCELED");
    await expect(row("Alpha")).toContainText("FINISHED");
    await expect(selection).toBeHidden();

    for (const id of ["Beta", "Gamma"]) await row(id).getByRole("checkbox").check();
    await selection.getByRole("button", { name: "Rerun…" }).click();
    const rerun = page.getByRole("dialog", { name: "Rerun 2 instances?" });
    await expect(rerun.getByRole("list", { name: "Instances the rerun resets" }).getByRole("listitem")).toHaveCount(2);
    await rerun.getByRole("button", { name: "Rerun 2" }).click();
    await expect(rerun).toBeHidden();
    await expect(row("Beta")).toContainText("WAITING_FOR_RUNNER");
    await expect(row("Gamma")).toContainText("WAITING_FOR_RUNNER");
  });
});
