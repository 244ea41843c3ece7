import { expect, test, type Locator } from "@playwright/test";
import { seedPipeline, uniqueName } from "../support/data-pipeline";
import { expectNoSeriousA11yViolations, saveScreenshot } from "../support/page-checks";

/**
 * Chains on shared objects: orders (data handed from step to step, then a dependsOn), cleanup (a
 * precondition, then a dependsOn) and a plain dependsOn pair; Default, the schedule and an input
 * two chains read belong to none.
 */
function twoChains() {
  const s3 = (id: string, path: string) => ({
    id,
    type: "S3DataNode",
    directoryPath: `s3://example-bucket/${path}/`,
    schedule: { ref: "Daily" },
  });
  const shell = (id: string, more: Record<string, unknown>) => ({
    id,
    type: "ShellCommandActivity",
    command: `echo ${id}`,
    schedule: { ref: "Daily" },
    ...more,
  });
  return {
    objects: [
      {
        id: "Default",
        name: "Default",
        scheduleType: "cron",
        failureAndRerunMode: "CASCADE",
        workerGroup: "wg-chains",
      },
      { id: "Daily", type: "Schedule", period: "1 day", startDateTime: "2030-01-01T00:00:00" },
      s3("SharedInput", "shared"),
      s3("OrdersRaw", "orders/raw"),
      s3("OrdersStaged", "orders/staged"),
      s3("OrdersTable", "orders/table"),
      shell("ExtractOrders", {
        input: [{ ref: "OrdersRaw" }, { ref: "SharedInput" }],
        output: { ref: "OrdersStaged" },
      }),
      shell("LoadOrders", { input: { ref: "OrdersStaged" }, output: { ref: "OrdersTable" } }),
      shell("ReportOrders", { dependsOn: { ref: "LoadOrders" } }),
      { id: "TmpExists", type: "ShellCommandPrecondition", command: "test -d /tmp" },
      shell("CleanupTmp", { precondition: { ref: "TmpExists" }, input: { ref: "SharedInput" } }),
      shell("CleanupLogs", { dependsOn: { ref: "CleanupTmp" } }),
      // A third, plain one: its first step holds no flow field at all.
      shell("Fetch", {}),
      shell("Publish", { dependsOn: { ref: "Fetch" } }),
    ],
  };
}

const ORDERS = ["ExtractOrders", "OrdersRaw", "OrdersStaged", "LoadOrders", "OrdersTable", "ReportOrders"];
const CLEANUP = ["CleanupTmp", "TmpExists", "CleanupLogs"];
const NEITHER = ["Default", "Daily", "SharedInput"];

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error("not rendered");
  return b;
}

function contains(
  outer: { x: number; y: number; width: number; height: number },
  inner: { x: number; y: number; width: number; height: number },
) {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width + 0.5 &&
    inner.y + inner.height <= outer.y + outer.height + 0.5
  );
}

test.describe("[GRAPH] chains", () => {
  test("each chain's objects are boxed together under the chain's name; shared objects stay outside", async ({
    page,
    baseURL,
  }) => {
    const { pipelineId } = await seedPipeline(baseURL!, {
      name: uniqueName("chains"),
      definitionFile: JSON.stringify(twoChains()),
    });
    await page.goto(`/pipelines/${pipelineId}`);
    const node = (id: string) => page.getByRole("link", { name: new RegExp(`^${id}, `) });
    await expect(node("CleanupLogs")).toBeVisible();

    const groups = page.getByRole("group", { name: /^Chain / });
    await expect(groups).toHaveCount(3);
    await expect(page.getByRole("group", { name: "Chain Fetch → Publish: 2 objects" })).toBeVisible();
    const orders = page.getByRole("group", { name: "Chain ExtractOrders → ReportOrders: 6 objects" });
    const cleanup = page.getByRole("group", { name: "Chain Cleanup: 3 objects" });
    await expect(orders).toContainText("ExtractOrders → ReportOrders");
    await expect(cleanup).toContainText("Cleanup");

    const ordersBox = await box(orders);
    const cleanupBox = await box(cleanup);
    for (const id of ORDERS) {
      const b = await box(node(id));
      expect(contains(ordersBox, b), `${id} in the orders box`).toBe(true);
      expect(contains(cleanupBox, b), `${id} in the cleanup box`).toBe(false);
    }
    for (const id of CLEANUP) {
      const b = await box(node(id));
      expect(contains(cleanupBox, b), `${id} in the cleanup box`).toBe(true);
      expect(contains(ordersBox, b), `${id} in the orders box`).toBe(false);
    }
    for (const id of NEITHER) {
      const b = await box(node(id));
      expect(contains(ordersBox, b) || contains(cleanupBox, b), `${id} outside both boxes`).toBe(false);
    }
    // Each node shows its whole type, not cut short, inside the node (the longest AWS types included).
    for (const [id, type] of [
      ["TmpExists", "ShellCommandPrecondition"],
      ["CleanupLogs", "ShellCommandActivity"],
      ["OrdersRaw", "S3DataNode"],
      ["Daily", "Schedule"],
    ] as const) {
      const typeText = node(id).getByTestId("graph-node-type");
      await expect(typeText).toHaveText(type);
      await expect(typeText).toBeVisible();
      const fits = await typeText.evaluate(
        (el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight,
      );
      expect(fits, `${id}'s type is not clipped`).toBe(true);
      expect(contains(await box(node(id)), await box(typeText)), `${id}'s type inside its node`).toBe(true);
    }
    await saveScreenshot(page, "graph-chains");
    await expectNoSeriousA11yViolations(page);

    // Search still highlights and counts objects (not boxes); the box without a match is dimmed.
    await page.getByLabel("Find objects in the graph").fill("Cleanup");
    await expect(page.getByRole("status").filter({ hasText: /of 2$/ })).toHaveText("1 of 2");
    await expect(orders.getByTestId("graph-group")).toHaveAttribute("data-match", "dim");
    await expect(cleanup.getByTestId("graph-group")).not.toHaveAttribute("data-match", "dim");

    // The objects stay links to their pages.
    await node("CleanupLogs").click();
    await expect(page.getByRole("heading", { level: 2, name: "CleanupLogs" })).toBeVisible();
  });
});
