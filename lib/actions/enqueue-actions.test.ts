import { describe, expect, it } from "vitest";
import { channelsFor, planDeliveries } from "./enqueue-actions";
import { actionRetryDelayMs } from "./retry-delay";

const plan = {
  settings: new Map([
    ["Alarm", { type: "SnsAlarm" }],
    ["Stop", { type: "Terminate" }],
  ]),
} as never;
const at = new Date("2026-11-30T10:00:00Z");

describe("action deliveries", () => {
  it("sends SnsAlarm to SNS, Terminate to the scheduler, and every action to the webhook when one is set", () => {
    expect(channelsFor("SnsAlarm", { ACTION_SNS: "on", ACTION_WEBHOOK_URL: undefined })).toEqual(["sns"]);
    expect(channelsFor("SnsAlarm", { ACTION_SNS: "off", ACTION_WEBHOOK_URL: "http://h/x" })).toEqual(["webhook"]);
    expect(channelsFor("Terminate", { ACTION_SNS: "on", ACTION_WEBHOOK_URL: "http://h/x" })).toEqual([
      "terminate",
      "webhook",
    ]);
    expect(channelsFor("Mystery", { ACTION_SNS: "on", ACTION_WEBHOOK_URL: undefined })).toEqual([]);
  });

  it("plans one delivery per action and channel, keyed by the outcome", () => {
    const rows = planDeliveries({ pipelineId: "df-1", plan }, "@A_1", "onFail", ["Alarm", "Stop"], "1@x", at, {
      ACTION_SNS: "on",
      ACTION_WEBHOOK_URL: "http://h/x",
    });
    expect(rows.map((r) => `${r.actionId}/${r.actionType}/${r.channel}/${r.outcomeKey}`)).toEqual([
      "Alarm/SnsAlarm/sns/1@x",
      "Alarm/SnsAlarm/webhook/1@x",
      "Stop/Terminate/terminate/1@x",
      "Stop/Terminate/webhook/1@x",
    ]);
  });

  it("backs off exponentially up to 15 minutes", () => {
    expect([1, 2, 3].map((n) => actionRetryDelayMs(n, 5000))).toEqual([5000, 10000, 20000]);
    expect(actionRetryDelayMs(20, 5000)).toBe(900_000);
  });
});
