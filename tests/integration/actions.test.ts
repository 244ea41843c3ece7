import { ReportTaskProgressCommand, SetTaskStatusCommand } from "@aws-sdk/client-data-pipeline";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "../../lib/actions/webhook";
import { SHARED_SERVER_ENV } from "./global-setup";
import { sdk } from "./helpers";
import { startReceiver, type ReceivedRequest } from "./local-services";
import { describe1, pollTask, startPipeline, uniqueGroup, waitForStatus } from "./runner-helpers";
import { startTestServer, type TestServer } from "./test-server";
import { pipelineObject } from "./fixtures";

// Actions fire server-side: SnsAlarm through the SNS API (a local receiver poses as SNS), every
// action to a signed webhook (another receiver), Terminate cancels the run; on success, on failure
// and on lateness, once per outcome, with retries and the result recorded on the instance. These
// need their own server, started with the receivers' URLs in its settings.

const SECRET = "test-webhook-secret-0123456789";
let server: TestServer;
let sns: Awaited<ReturnType<typeof startReceiver>>;
let hook: Awaited<ReturnType<typeof startReceiver>>;
let client: ReturnType<typeof sdk>;
let webhookFailuresLeft = 2;

beforeAll(async () => {
  // SNS is "down" for the topic named down; the webhook fails its first two calls (retries with backoff).
  sns = await startReceiver((req) => (decodeURIComponent(req.body).includes(":down") ? 500 : 200));
  hook = await startReceiver(() => (webhookFailuresLeft-- > 0 ? 503 : 200));
  server = await startTestServer({
    ...SHARED_SERVER_ENV,
    SNS_ENDPOINT: sns.url,
    SNS_ACCESS_KEY_ID: "AKIDSNS",
    SNS_SECRET_ACCESS_KEY: "sns-secret",
    ACTION_WEBHOOK_URL: `${hook.url}/hook`,
    ACTION_WEBHOOK_SECRET: SECRET,
    ACTION_RETRY_BASE_MS: "100",
    ACTION_MAX_ATTEMPTS: "3",
  });
  client = sdk({ endpoint: server.endpoint });
}, 180_000);

afterAll(async () => {
  client?.destroy();
  await server?.stop();
  await sns?.stop();
  await hook?.stop();
});

const o = pipelineObject;

const alarm = (id: string, topic: string, message = "Instance #{node.@id} of #{node.@pipelineId}: #{node.@status}") =>
  o(id, {
    type: "SnsAlarm",
    topicArn: `arn:aws:sns:us-east-1:000000000000:${topic}`,
    subject: "#{node.name} is #{node.@status}",
    message,
    role: "DataPipelineDefaultRole",
  });

/** SNS Publish calls (query protocol form bodies) as objects. */
function publishes(): Record<string, string>[] {
  return sns.requests.map((r) => Object.fromEntries(new URLSearchParams(r.body)));
}

function webhooks(): { req: ReceivedRequest; json: Record<string, unknown> }[] {
  return hook.requests.map((req) => ({ req, json: JSON.parse(req.body) as Record<string, unknown> }));
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const deliveriesOf = async (pipelineId: string, id: string) =>
  ((await describe1(client, pipelineId, id))?.fields ?? [])
    .filter((f) => f.key === "@actionDeliveries")
    .map((f) => f.stringValue ?? "");

async function finishTask(group: string, status: "FINISHED" | "FAILED") {
  const task = await pollTask(client, group);
  await client.send(
    new SetTaskStatusCommand({
      taskId: task.taskId!,
      taskStatus: status,
      ...(status === "FAILED" ? { errorId: "Boom", errorMessage: "disk full" } : {}),
    }),
  );
  return task;
}

describe("actions", () => {
  it("onSuccess publishes the SnsAlarm with subject and message evaluated on the instance and posts a signed webhook, retried until it answers", async () => {
    const group = uniqueGroup("ok");
    const pipelineId = await startPipeline(client, [
      o("Default", { scheduleType: "ondemand", workerGroup: group, maximumRetries: "0" }),
      alarm("Notify", "ops"),
      o("Good", { type: "ShellCommandActivity", command: "true", onSuccess: { ref: "Notify" } }),
    ]);
    const task = await finishTask(group, "FINISHED");
    const instanceId = task.objects![task.attemptId!]!.fields!.find((f) => f.key === "@instanceParent")!.refValue!;

    // An instance's name is its id, as on AWS.
    const published = await waitFor("the SNS publish", () =>
      publishes().find((p) => p.Subject === `${instanceId} is FINISHED`),
    );
    expect(published).toMatchObject({ Action: "Publish", TopicArn: "arn:aws:sns:us-east-1:000000000000:ops" });
    expect(published.Message).toBe(`Instance ${instanceId} of ${pipelineId}: FINISHED`);
    // SigV4 with the SNS settings' credentials.
    expect(
      sns.requests.find((r) => new URLSearchParams(r.body).get("Subject") === `${instanceId} is FINISHED`)?.headers
        .authorization,
    ).toContain("Credential=AKIDSNS/");

    const delivered = await waitFor("the webhook after two failures", () =>
      webhooks().filter((w) => w.json.instanceId === instanceId).length >= 3
        ? webhooks().filter((w) => w.json.instanceId === instanceId)
        : undefined,
    );
    expect(delivered).toHaveLength(3); // 503, 503, 200: retried with backoff, then delivered once
    const last = delivered[2]!;
    expect(last.json).toMatchObject({
      trigger: "onSuccess",
      pipelineId,
      instanceId,
      subject: `${instanceId} is FINISHED`,
      action: { id: "Notify", type: "SnsAlarm" },
    });
    expect(
      verifyWebhookSignature(
        SECRET,
        last.req.body,
        String(last.req.headers["x-pipelinehouse-signature"]),
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    expect(new Set(delivered.map((d) => d.req.headers["x-pipelinehouse-delivery"])).size).toBe(1);

    await waitFor("both deliveries recorded on the instance", async () => {
      const recorded = await deliveriesOf(pipelineId, instanceId);
      return recorded.length === 2 && recorded.every((r) => r.includes("DELIVERED")) ? recorded : undefined;
    });
    const recorded = await deliveriesOf(pipelineId, instanceId);
    expect(recorded.find((r) => r.includes("via sns"))).toMatch(
      /^onSuccess Notify \(SnsAlarm\) via sns: DELIVERED at /,
    );
    expect(recorded.find((r) => r.includes("via webhook"))).toMatch(
      /^onSuccess Notify \(SnsAlarm\) via webhook: DELIVERED at .* after 3 tries$/,
    );
  });

  it("onFail alarms, Terminate cancels the rest of the run, and a target that stays down is marked FAILED on the instance and in the audit log", async () => {
    const group = uniqueGroup("fail");
    const pipelineId = await startPipeline(client, [
      o("Default", { scheduleType: "ondemand", workerGroup: group, maximumRetries: "0" }),
      alarm("Page", "oncall", "Instance #{node.@id} of #{node.@pipelineId}: #{node.@status} #{node.errorMessage}"),
      alarm("Dead", "down"),
      o("Stop", { type: "Terminate" }),
      o("Bad", {
        type: "ShellCommandActivity",
        command: "exit 3",
        onFail: [{ ref: "Page" }, { ref: "Stop" }, { ref: "Dead" }],
      }),
      // Without cascade this would wait forever on the failed Bad; Terminate cancels it.
      o("After", { type: "ShellCommandActivity", command: "true", dependsOn: { ref: "Bad" } }),
    ]);
    const task = await finishTask(group, "FAILED");
    const instanceId = task.objects![task.attemptId!]!.fields!.find((f) => f.key === "@instanceParent")!.refValue!;
    const afterId = instanceId.replace("@Bad_", "@After_");

    await waitForStatus(client, pipelineId, afterId, "CANCELED");
    const page = await waitFor("the onFail SNS publish", () =>
      publishes().find((p) => p.TopicArn?.endsWith(":oncall")),
    );
    expect(page.Subject).toBe(`${instanceId} is FAILED`);
    expect(page.Message).toBe(`Instance ${instanceId} of ${pipelineId}: FAILED disk full`);

    const recorded = await waitFor("the dead target's final failure", async () => {
      const r = await deliveriesOf(pipelineId, instanceId);
      return r.some((x) => x.startsWith("onFail Dead (SnsAlarm) via sns: FAILED")) ? r : undefined;
    });
    expect(recorded.find((r) => r.startsWith("onFail Dead (SnsAlarm) via sns"))).toMatch(/FAILED after 3 tries: .*500/);
    expect(recorded).toContainEqual(expect.stringMatching(/^onFail Stop \(Terminate\) via terminate: DELIVERED/));
    expect(recorded).toContainEqual(expect.stringMatching(/^onFail Page \(SnsAlarm\) via sns: DELIVERED/));
    expect(publishes().filter((p) => p.TopicArn?.endsWith(":down"))).toHaveLength(3);

    const db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      const audit = await db.query<{ action: string; details: Record<string, unknown> }>(
        "SELECT action, details FROM audit_log WHERE pipeline_id = $1 AND action LIKE 'ActionDeliver%' ORDER BY id",
        [pipelineId],
      );
      expect(audit.rows.find((r) => r.action === "ActionDeliveryFailed")?.details).toMatchObject({
        trigger: "onFail",
        channel: "sns",
        attempts: 3,
      });
      expect(
        audit.rows
          .filter((r) => r.action === "ActionDelivered")
          .map((r) => r.details.channel)
          .sort(),
      ).toEqual(["sns", "terminate", "webhook", "webhook", "webhook"]);
    } finally {
      await db.end();
    }
  });

  it("onLateAction fires once when an instance runs past lateAfterTimeout, and not for one that ended in time", async () => {
    const group = uniqueGroup("late");
    // DURATION_SCALE 0.01: 2 minutes is 1.2 s here.
    const pipelineId = await startPipeline(client, [
      o("Default", {
        scheduleType: "ondemand",
        workerGroup: group,
        maximumRetries: "0",
        lateAfterTimeout: "2 minutes",
        onLateAction: { ref: "Late" },
      }),
      alarm("Late", "late"),
      // Quick gets 20 minutes (12 s here) so that even a loaded machine finishes it in time.
      o("Quick", { type: "ShellCommandActivity", command: "true", lateAfterTimeout: "20 minutes" }),
      o("Slow", { type: "ShellCommandActivity", command: "sleep 5" }),
    ]);
    const first = await pollTask(client, group);
    const second = await pollTask(client, group);
    const [quick, slow] = [first, second].sort((a) =>
      a.objects![a.attemptId!]!.fields!.some((f) => f.stringValue === "true") ? -1 : 1,
    );
    await client.send(new SetTaskStatusCommand({ taskId: quick!.taskId!, taskStatus: "FINISHED" }));
    await client.send(new ReportTaskProgressCommand({ taskId: slow!.taskId! }));
    const slowInstance = slow!.objects![slow!.attemptId!]!.fields!.find((f) => f.key === "@instanceParent")!.refValue!;
    const quickInstance = quick!.objects![quick!.attemptId!]!.fields!.find(
      (f) => f.key === "@instanceParent",
    )!.refValue!;

    const late = await waitFor("the late alarm", () => publishes().find((p) => p.TopicArn?.endsWith(":late")));
    // Late means not ended by the deadline: still queued or running, whichever this machine managed.
    expect(["WAITING_FOR_RUNNER", "RUNNING"].map((status) => `${slowInstance} is ${status}`)).toContain(late.Subject);
    await client.send(new SetTaskStatusCommand({ taskId: slow!.taskId!, taskStatus: "FINISHED" }));
    await waitFor(
      "the skip of the quick instance's late check",
      async () => {
        const r = await deliveriesOf(pipelineId, quickInstance);
        return r.length > 0 && r.every((x) => x.includes("SKIPPED")) ? r : undefined;
      },
      40_000,
    );
    expect(await deliveriesOf(pipelineId, quickInstance)).toContainEqual(
      expect.stringMatching(
        /^onLateAction Late \(SnsAlarm\) via sns: SKIPPED: the instance ended \(FINISHED\) before lateAfterTimeout/,
      ),
    );
    expect(await deliveriesOf(pipelineId, slowInstance)).toContainEqual(
      expect.stringMatching(/^onLateAction Late \(SnsAlarm\) via sns: DELIVERED/),
    );
    expect(publishes().filter((p) => p.TopicArn?.endsWith(":late"))).toHaveLength(1);
  });
});
