import { expect, test } from "@playwright/test";
import { SIGNED_OUT, createUser, signInOnPage } from "../support/auth";
import { attemptRow, instanceStatus, onDemandDefinition, openInstance } from "../support/console";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { StepRunner } from "../support/task-runner";

/**
 * An active on-demand pipeline `name` whose one activity, Work (no retries), a runner took and failed;
 * with `runnerId`, that runner also sent a heartbeat under that id first. Returns the pipeline's id.
 */
async function seedFailedWork(baseURL: string, name: string, runnerId?: string): Promise<string> {
  const runner = new StepRunner(baseURL, `${name}-wg`, `${name}-host`);
  const { pipelineId } = await seedPipeline(baseURL, {
    name,
    definitionFile: onDemandDefinition(runner.workerGroup, [
      { id: "Work", name: "Work", type: "ShellCommandActivity", command: "true", maximumRetries: "0" },
    ]),
    activate: true,
  });
  const task = await runner.poll();
  if (runnerId) await runner.heartbeat(runnerId);
  await runner.progress(task.taskId);
  await runner.fail(task.taskId, { errorId: "Exit_1", errorMessage: "failed" });
  return pipelineId;
}

test.describe("[AUTH] roles", () => {
  test.use({ storageState: SIGNED_OUT });

  test("a viewer sees everything but cannot act, in the pages or through the BFF", async ({ page, baseURL }) => {
    test.slow(); // a run to fail, then every page a viewer can open
    const name = uniqueName("viewer");
    const pipelineId = await seedFailedWork(baseURL!, name, `${name}-runner`);

    const viewer = await createUser(baseURL!, "viewer");
    await signInOnPage(page, viewer);
    await expect(page.getByRole("banner")).toContainText("viewer");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);

    // Pipelines: listed, but no Import and no Activate / Deactivate.
    await expect(page.getByRole("link", { name })).toBeVisible();
    await expect(page.getByRole("link", { name: "Import definition" })).toHaveCount(0);
    await page.goto(`/pipelines/${pipelineId}`);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("button", { name: `Deactivate ${name}` })).toHaveCount(0);
    await expect(page.getByRole("button", { name: `Activate ${name}` })).toHaveCount(0);

    // The failed instance: its error is there, Rerun / Cancel / Mark finished are not.
    await openInstance(page, pipelineId, "Work");
    await expect(instanceStatus(page)).toContainText("FAILED");
    await expect(page.getByRole("group", { name: "Instance actions" })).toHaveCount(0);

    // Runners: listed without Terminate.
    await page.goto("/runners");
    await expect(page.getByText(`${name}-runner`, { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: `Terminate ${name}-runner` })).toHaveCount(0);

    await page.goto("/import");
    await expect(page.getByRole("note")).toContainText("needs the operator role");
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { name: /not found/i })).toBeVisible();

    // The server refuses too, whatever the page shows.
    const headers = { origin: baseURL!, "content-type": "application/json" };
    for (const [path, data] of [
      [`/api/console/pipelines/${pipelineId}/deactivate`, {}],
      [`/api/console/pipelines/${pipelineId}/set-status`, { objectIds: ["Work"], status: "RERUN" }],
      [`/api/console/runners/${name}-runner/terminate`, { terminate: true }],
      ["/api/console/admin/users", { email: "x@example.test", role: "admin", password: "long-enough-password" }],
    ] as const) {
      const res = await page.request.post(path, { headers, data });
      expect(res.status(), path).toBe(403);
    }
    await page.goto(`/pipelines/${pipelineId}`);
    await expect(page.getByText("SCHEDULED").first()).toBeVisible();
  });

  test("an operator reruns a failed instance", async ({ page, baseURL }) => {
    test.slow();
    const name = uniqueName("operator");
    const pipelineId = await seedFailedWork(baseURL!, name);

    const operator = await createUser(baseURL!, "operator");
    await signInOnPage(page, operator);
    await openInstance(page, pipelineId, "Work");
    await expect(instanceStatus(page)).toContainText("FAILED");
    await page.getByRole("group", { name: "Instance actions" }).getByRole("button", { name: "Rerun" }).click();
    const dialog = page.getByRole("dialog", { name: /^Rerun @Work_/ });
    await dialog.getByRole("button", { name: "Rerun", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(attemptRow(page, 2)).toContainText("WAITING_FOR_RUNNER");
    // The audit log names the operator, not "console".
    await page.goto(`/audit?pipeline=${pipelineId}`);
    await expect(page.getByRole("table").getByText(`console:${operator.email}`).first()).toBeVisible();
  });
});
