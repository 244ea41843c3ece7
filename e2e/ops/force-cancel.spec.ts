import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { attemptRow, instanceStatus, onDemandDefinition, openInstance, useFastestRefresh } from "../support/console";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";
import { startReferenceRunner, type RunnerProcess } from "../support/reference-runner";

test.describe("[OPS] attempt output and force-cancel", () => {
  test.describe.configure({ timeout: 180_000 });
  let runner: RunnerProcess | undefined;
  test.afterEach(async () => runner?.stop());

  test("the runner's stdout/stderr tail shows on the attempt, and force-cancel ends work whose runner is gone; its late SetTaskStatus is refused", async ({
    page,
    baseURL,
  }) => {
    const name = uniqueName("force");
    const group = `${name}-wg`;
    const dir = mkdtempSync(path.join(tmpdir(), "ph-e2e-force-"));
    const definition = JSON.parse(
      onDemandDefinition(group, [
        {
          id: "Hold",
          name: "Hold",
          type: "ShellCommandActivity",
          // Prints, then holds the work until the spec says so.
          command: `echo out-marker-1; echo err-marker-1 >&2; while [ ! -e ${dir}/go ]; do sleep 0.2; done; echo done; touch ${dir}/exited`,
        },
      ]),
    ) as { objects: Record<string, unknown>[] };
    definition.objects[0]!.pipelineLogUri = "s3://e2e-logs/#{@pipelineId}/";
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: JSON.stringify(definition),
      activate: true,
    });
    runner = startReferenceRunner(baseURL!, group, ["--progress-interval", "1"]);
    await runner.waitFor(/ task .*Hold/);

    await useFastestRefresh(page);
    await openInstance(page, pipelineId, "Hold");
    await expect(instanceStatus(page)).toContainText("RUNNING");
    // The tails arrive with the runner's progress reports.
    const output = page.getByRole("region", { name: /^Output of attempt #1/ });
    await expect(output.getByLabel("stdout")).toContainText("out-marker-1");
    await expect(output.getByLabel("stderr")).toContainText("err-marker-1");
    // Where the full logs go: the pipeline's pipelineLogUri, its expression resolved.
    await expect(output).toContainText(`s3://e2e-logs/${pipelineId}/`);

    // The runner goes silent (its process is frozen, as on a lost host): force-cancel does not wait for it.
    runner.child.kill("SIGSTOP");
    const actions = page.getByRole("group", { name: "Instance actions" });
    await actions.getByRole("button", { name: "Force cancel" }).click();
    const dialog = page.getByRole("dialog", { name: /^Force cancel @Hold_/ });
    await expect(dialog).toContainText("TaskNotFoundException");
    await dialog.getByRole("textbox", { name: /^Reason/ }).fill("host frozen in e2e");
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "force-cancel-dialog");
    await dialog.getByRole("button", { name: "Force cancel now" }).click();
    await expect(dialog).toBeHidden();
    await expect(instanceStatus(page)).toContainText("CANCELED");
    await expect(attemptRow(page, 1)).toContainText("CANCELED");
    await expect(actions.getByRole("button", { name: "Cancel", exact: true })).toBeDisabled();
    await expect(actions.getByRole("button", { name: "Force cancel" })).toHaveCount(0);
    await saveScreenshot(page, "force-canceled-instance");

    // The task ends while its runner is still frozen; the runner comes back and reports it: its
    // SetTaskStatus is refused (TaskNotFoundException), and the instance stays CANCELED.
    writeFileSync(path.join(dir, "go"), "");
    await expect.poll(() => existsSync(path.join(dir, "exited")), { timeout: 30_000 }).toBe(true);
    runner.child.kill("SIGCONT");
    await runner.waitFor(/ lease-lost .*during=set-status/);
    await page.reload();
    await expect(instanceStatus(page)).toContainText("CANCELED");

    // The audit log names the action, the pipeline and the operator's reason.
    await page.goto(`/audit?pipeline=${pipelineId}`);
    await expect(page.getByRole("main")).toContainText("Console:FORCE_CANCEL");
  });
});
