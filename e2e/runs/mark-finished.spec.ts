import { expect, test } from "@playwright/test";
import { instanceStatus, onDemandDefinition, openInstance, useFastestRefresh } from "../support/console";
import { seedPipeline, uniqueName } from "../support/data-pipeline";

test.describe("[RUNS] mark finished", () => {
  test("Mark finished completes a waiting instance and releases what depends on it", async ({ page, baseURL }) => {
    const name = uniqueName("markfin");
    const { pipelineId } = await seedPipeline(baseURL!, {
      name,
      // No runner polls this worker group: the work waits until an operator steps in.
      definitionFile: onDemandDefinition(`${name}-nobody`, [
        { id: "Extract", name: "Extract", type: "ShellCommandActivity", command: "extract.sh" },
        { id: "Load", name: "Load", type: "ShellCommandActivity", command: "load.sh", dependsOn: { ref: "Extract" } },
      ]),
      activate: true,
    });
    await useFastestRefresh(page);
    await openInstance(page, pipelineId, "Extract");
    await expect(instanceStatus(page)).toContainText("WAITING_FOR_RUNNER");
    const neededBy = page.getByRole("list", { name: "Instances that depend on this one" });
    await expect(neededBy.getByRole("listitem").filter({ hasText: /^@Load_/ })).toContainText(
      "WAITING_ON_DEPENDENCIES",
    );

    await page.getByRole("group", { name: "Instance actions" }).getByRole("button", { name: "Mark finished" }).click();
    const dialog = page.getByRole("dialog", { name: /^Mark finished @Extract_/ });
    await expect(dialog).toContainText("may start");
    await dialog.getByRole("button", { name: "Mark finished" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: /^Marked finished: @Extract_/ })).toBeVisible();
    await expect(instanceStatus(page)).toContainText("FINISHED");
    await expect(page.getByRole("note").filter({ hasText: "Marked finished by an operator" })).toBeVisible();
    await expect(
      page.getByRole("group", { name: "Instance actions" }).getByRole("button", { name: "Mark finished" }),
    ).toBeDisabled();
    await expect(neededBy.getByRole("listitem").filter({ hasText: /^@Load_/ })).toContainText("WAITING_FOR_RUNNER");

    // From the dependent's side, the same edge: Extract is what it waited on.
    await neededBy.getByRole("link", { name: /^@Load_/ }).click();
    await expect(
      page
        .getByRole("list", { name: "Instances this one depends on" })
        .getByRole("listitem")
        .filter({ hasText: /^@Extract_/ }),
    ).toContainText("FINISHED");
  });
});
