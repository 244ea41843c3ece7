import { expect, test } from "@playwright/test";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { saveScreenshot } from "../support/page-checks";

/** 100 objects (the AWS per-pipeline limit): 10 lanes of 9 steps reading 8 data nodes, all on one schedule. */
function hundredObjects() {
  const objects: Record<string, unknown>[] = [
    { id: "Default", name: "Default", workerGroup: "wg-scale", scheduleType: "cron", schedule: { ref: "Hourly" } },
    { id: "Hourly", name: "Hourly", type: "Schedule", period: "1 hour", startDateTime: "2030-01-01T00:00:00" },
  ];
  for (let d = 0; d < 8; d++)
    objects.push({ id: `Data${d}`, type: "S3DataNode", directoryPath: `s3://bucket/data${d}/` });
  for (let lane = 0; lane < 10; lane++) {
    for (let step = 0; step < 9; step++) {
      objects.push({
        id: `Lane${lane}Step${step}`,
        type: "ShellCommandActivity",
        command: `echo ${lane}.${step}`,
        ...(step === 0 ? { input: { ref: `Data${lane % 8}` } } : { dependsOn: { ref: `Lane${lane}Step${step - 1}` } }),
      });
    }
  }
  return { objects };
}

test.describe("[GRAPH] scale", () => {
  test("a 100-object pipeline lays out, pans and zooms; search centres an off-screen match", async ({
    page,
    baseURL,
  }) => {
    const definition = hundredObjects();
    expect(definition.objects).toHaveLength(100);
    const { pipelineId } = await seedPipeline(baseURL!, {
      name: uniqueName("scale"),
      definitionFile: JSON.stringify(definition),
    });
    await page.goto(`/pipelines/${pipelineId}`);
    await expect(page.getByText("100 objects, 91 references, drawn upstream to downstream")).toBeVisible();
    const nodes = page.getByRole("link", { name: /, (ShellCommandActivity|S3DataNode|Schedule|Default), PENDING$/ });
    await expect(nodes).toHaveCount(100);
    await expect(page.getByRole("link", { name: /^Lane9Step8, / })).toBeAttached();
    await saveScreenshot(page, "graph-100");

    await page.getByRole("button", { name: "Zoom In" }).click();
    await page.getByRole("button", { name: "Zoom In" }).click();
    await page.getByRole("button", { name: "Fit View" }).click();

    // Search highlights the match and centres the view on it, even when it starts off screen.
    const canvas = page.getByTestId("graph-canvas");
    const target = page.getByRole("link", { name: /^Lane9Step8, / });
    const inView = async () => {
      const [c, t] = [await canvas.boundingBox(), await target.boundingBox()];
      return (
        !!c && !!t && t.x >= c.x && t.y >= c.y && t.x + t.width <= c.x + c.width && t.y + t.height <= c.y + c.height
      );
    };
    for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "Zoom In" }).click();
    await expect.poll(inView).toBe(false);
    await page.getByRole("searchbox", { name: "Find objects in the graph" }).fill("Lane9Step8");
    await expect(page.getByRole("status").filter({ hasText: /of 1$/ })).toHaveText("1 of 1");
    await expect.poll(inView).toBe(true);
    await expect(page.locator('[data-testid="graph-node"][data-match="match"]')).toHaveCount(1);
    await expect(page.locator('[data-testid="graph-node"][data-match="match"]')).toContainText("Lane9Step8");
    await page.getByRole("searchbox", { name: "Find objects in the graph" }).fill("");
    await page.getByRole("button", { name: "Fit View" }).click();

    await page.getByRole("link", { name: /^Lane3Step4, / }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Lane3Step4" })).toBeVisible();
  });
});
