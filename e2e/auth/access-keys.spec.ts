import { CreatePipelineCommand, PollForTaskCommand } from "@aws-sdk/client-data-pipeline";
import { expect, test } from "@playwright/test";
import { onDemandDefinition } from "../support/console";
import { dataPipeline, seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations } from "../support/page-checks";

test.describe("[AUTH] access keys", () => {
  test("an admin creates a runner key in the console; an SDK client polls with it; disabling it shuts it out", async ({
    page,
    baseURL,
  }) => {
    test.slow(); // a long poll, then a page reload on a shared machine
    const name = uniqueName("keys");
    const workerGroup = `${name}-wg`;
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      definitionFile: onDemandDefinition(workerGroup, [
        { id: "Work", name: "Work", type: "ShellCommandActivity", command: "true" },
      ]),
      activate: true,
    });

    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Access keys" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Admin" })).toBeVisible();
    await page.getByLabel("Key role").selectOption("runner");
    await page.getByLabel("Description (optional)").fill(`${name} runner`);
    await page.getByRole("button", { name: "Create key" }).click();

    const shown = page.getByRole("region", { name: /^New runner key/ });
    await expect(shown).toBeVisible();
    const accessKeyId = (await shown.getByLabel("Access key id").textContent())!.trim();
    const secretAccessKey = (await shown.getByLabel("Secret access key").textContent())!.trim();
    expect(accessKeyId).toMatch(/^[A-Z0-9]{16,128}$/);
    expect(secretAccessKey).toHaveLength(40);
    await expectNoSeriousA11yViolations(page);
    await shown.getByRole("button", { name: "I have stored it" }).click();
    await expect(shown).toBeHidden();
    const row = page.getByRole("row").filter({ hasText: accessKeyId });
    await expect(row).toContainText("runner");
    await expect(row).toContainText("never");
    // Shown once: nowhere on the page any more, nor after a reload.
    await page.reload();
    await expect(page.getByText(secretAccessKey)).toHaveCount(0);
    expect(await page.content()).not.toContain(secretAccessKey);

    // The SDK, signing with the new key, gets the pipeline's task.
    const runner = dataPipeline(baseURL!, { accessKeyId, secretAccessKey });
    const polled = await runner.send(new PollForTaskCommand({ workerGroup, hostname: `${name}-host` }), {
      abortSignal: AbortSignal.timeout(30_000),
    });
    expect(polled.taskObject?.pipelineId).toBe(pipelineId);
    // A runner key does only what a runner does.
    await expect(
      runner.send(new CreatePipelineCommand({ name: `${name}-2`, uniqueId: `${name}-2` })),
    ).rejects.toMatchObject({ name: "AccessDeniedException" });
    await page.reload();
    await expect(row).not.toContainText("never");

    // Disabled in the console: refused from then on.
    await row.getByRole("button", { name: `Disable ${accessKeyId}` }).click();
    await expect(row).toContainText("disabled");
    await expect(runner.send(new PollForTaskCommand({ workerGroup, hostname: `${name}-host` }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    await row.getByRole("button", { name: `Delete ${accessKeyId}` }).click();
    await page
      .getByRole("dialog", { name: `Delete ${accessKeyId}?` })
      .getByRole("button", { name: "Delete" })
      .click();
    await expect(row).toHaveCount(0);
  });
});
