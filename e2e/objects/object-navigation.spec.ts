import { expect, test, type Page } from "@playwright/test";
import { readFixture, seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";

const objectHeading = (page: Page, id: string) => page.getByRole("heading", { level: 2, name: id, exact: true });
/** The row of a field table whose row header is `key`. */
const fieldRow = (page: Page, table: string, key: string) =>
  page
    .getByRole("table", { name: table })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${key}( ref)?$`) }) });

test.describe("[OBJECTS] references", () => {
  test("follow references three deep, then back by links and browser history", async ({ page, baseURL }) => {
    const { pipelineId } = await seedPipeline(baseURL!, {
      name: uniqueName("refs"),
      definitionFile: readFixture("etl-definition.json"),
    });
    await page.goto(`/pipelines/${pipelineId}/objects/Transform`);
    await expect(objectHeading(page, "Transform")).toBeVisible();

    // Activity -> input -> DataNode -> schedule -> Schedule
    await fieldRow(page, "Own fields", "input").getByRole("link", { name: "InputData" }).click();
    await expect(objectHeading(page, "InputData")).toBeVisible();
    await expect(page).toHaveURL(/\/objects\/InputData$/);
    await fieldRow(page, "Own fields", "schedule").getByRole("link", { name: "DailySchedule" }).click();
    await expect(objectHeading(page, "DailySchedule")).toBeVisible();
    await expect(fieldRow(page, "Own fields", "period")).toContainText("1 day");

    // "Referenced by": every object whose fields point here, each a link.
    const referencedBy = page.getByRole("region", { name: "Referenced by" });
    for (const id of ["InputData", "OutputData", "Transform", "Publish"]) {
      await expect(referencedBy.getByRole("link", { name: id, exact: true })).toBeVisible();
    }
    await expect(referencedBy).toContainText("via schedule");
    await expectNoSeriousA11yViolations(page);

    // Back through history, then forward again.
    await page.goBack();
    await expect(objectHeading(page, "InputData")).toBeVisible();
    await page.goBack();
    await expect(objectHeading(page, "Transform")).toBeVisible();
    await page.goForward();
    await expect(objectHeading(page, "InputData")).toBeVisible();
    await page.goForward();
    await expect(objectHeading(page, "DailySchedule")).toBeVisible();

    // And back by links: from the schedule to an object that uses it.
    await referencedBy.getByRole("link", { name: "Transform", exact: true }).click();
    await expect(objectHeading(page, "Transform")).toBeVisible();
    await expect(
      page.getByRole("region", { name: "Referenced by" }).getByRole("link", { name: "Publish" }),
    ).toBeVisible();
    await expect(page.getByRole("region", { name: "Referenced by" })).toContainText("via dependsOn");
  });

  test("fields show own versus inherited and where they come from", async ({ page, baseURL }) => {
    const { pipelineId } = await seedPipeline(baseURL!, {
      name: uniqueName("inherit"),
      definitionFile: readFixture("etl-definition.json"),
    });
    await page.goto(`/pipelines/${pipelineId}/objects/Transform`);
    await expect(fieldRow(page, "Own fields", "command")).toContainText("echo transforming #{myDataset}");
    await expect(fieldRow(page, "Own fields", "command")).toContainText("evaluates to echo transforming orders");
    const workerGroup = fieldRow(page, "Inherited fields", "workerGroup");
    await expect(workerGroup).toContainText("wg-e2e");
    await expect(workerGroup).toContainText("inherited from Default");
    await expect(fieldRow(page, "Set by the service", "@status")).toContainText("PENDING");
    await saveScreenshot(page, "object");

    await workerGroup.getByRole("link", { name: "Default" }).click();
    await expect(objectHeading(page, "Default")).toBeVisible();
    // Objects without a parent inherit from Default implicitly.
    await expect(page.getByRole("region", { name: "Referenced by" })).toContainText("via implicit parent");
  });

  test("ids with @, :, /, % and spaces get stable, encoded links", async ({ page, baseURL }) => {
    const ids = ["a:b@c", "x/y", "p%41q", "sp ace?#"];
    const definition = {
      objects: [
        { id: "Default", name: "Default", workerGroup: "wg", scheduleType: "ondemand" },
        ...ids.map((id, i) => ({
          id,
          name: `step ${i}`,
          type: "ShellCommandActivity",
          command: "echo",
          ...(ids[i + 1] ? { dependsOn: { ref: ids[i + 1] } } : {}),
        })),
      ],
    };
    const { pipelineId } = await seedPipeline(baseURL!, {
      name: uniqueName("ids"),
      definitionFile: JSON.stringify(definition),
    });
    await page.goto(`/pipelines/${pipelineId}/objects`);
    await page
      .getByRole("table", { name: "Objects of the latest definition" })
      .getByRole("link", { name: "a:b@c", exact: true })
      .click();
    await expect(objectHeading(page, "a:b@c")).toBeVisible();
    await expect(page).toHaveURL(/\/objects\/a%3Ab%40c$/);
    for (const id of ids.slice(1)) {
      await fieldRow(page, "Own fields", "dependsOn").getByRole("link").click();
      await expect(objectHeading(page, id)).toBeVisible();
    }
    await page.reload();
    await expect(objectHeading(page, "sp ace?#")).toBeVisible();
  });

  test("an unknown pipeline or object in the URL says so in the page", async ({ page, baseURL }) => {
    await page.goto("/pipelines/df-DOESNOTEXIST0000000");
    await expect(page.getByRole("heading", { name: "Pipeline not found" })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "Pipeline not found" })).toContainText(
      "df-DOESNOTEXIST0000000",
    );
    await expect(page.getByRole("link", { name: "Back to all pipelines" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await saveScreenshot(page, "pipeline-not-found");

    const { pipelineId } = await seedPipeline(baseURL!, {
      name: uniqueName("missing"),
      definitionFile: readFixture("etl-definition.json"),
    });
    await page.goto(`/pipelines/${pipelineId}/objects/NoSuchObject`);
    await expect(page.getByRole("heading", { name: "Object not found" })).toBeVisible();
    await expect(page.getByRole("alert").filter({ hasText: "Object not found" })).toContainText("NoSuchObject");
    await page.getByRole("link", { name: "All objects of this pipeline" }).click();
    await expect(page.getByRole("table", { name: "Objects of the latest definition" })).toBeVisible();
  });
});
