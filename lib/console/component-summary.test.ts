import { describe, expect, it } from "vitest";
import { summariseComponents } from "./component-summary";
import { summariseSchedule } from "./list-pipelines";

describe("summariseComponents", () => {
  it("lists each object's own references, whether their targets exist, and how often it is referenced", () => {
    const objects = [
      { id: "Default", name: "Default", fields: [{ key: "schedule", refValue: "Daily" }] },
      { id: "Daily", name: "Daily", fields: [{ key: "type", stringValue: "Schedule" }] },
      {
        id: "Run",
        name: "Run",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "dependsOn", refValue: "Nope" },
          { key: "schedule", refValue: "Daily" },
        ],
      },
    ];
    const [defaults, daily, run] = summariseComponents(objects, new Map([["Run", "SCHEDULED"]]), new Map([["Run", 3]]));
    expect(defaults).toMatchObject({
      type: "Default",
      kind: "default",
      status: "PENDING",
      refs: [{ key: "schedule", target: "Daily", exists: true }],
    });
    expect(daily).toMatchObject({ kind: "schedule", referencedByCount: 2 });
    expect(run).toMatchObject({
      status: "SCHEDULED",
      instanceCount: 3,
      refs: [
        { key: "dependsOn", target: "Nope", exists: false },
        { key: "schedule", target: "Daily", exists: true },
      ],
    });
  });
});

describe("summariseSchedule", () => {
  it("reads scheduleType from Default and the period of every Schedule", () => {
    expect(
      summariseSchedule([
        { pipelineId: "p", objectId: "Default", fields: [{ key: "scheduleType", stringValue: "CRON" }] },
        {
          pipelineId: "p",
          objectId: "Hourly",
          fields: [
            { key: "type", stringValue: "Schedule" },
            { key: "period", stringValue: "1 hour" },
          ],
        },
      ]),
    ).toEqual({ type: "cron", periods: ["1 hour"] });
    expect(summariseSchedule([])).toEqual({ type: null, periods: [] });
  });

  it("reads scheduleType and periods given through parameters as the values they stand for", () => {
    const parameters = new Map([
      ["myType", ["cron"]],
      ["myPeriod", ["15 minutes"]],
    ]);
    expect(
      summariseSchedule(
        [
          { pipelineId: "p", objectId: "Default", fields: [{ key: "scheduleType", stringValue: "#{myType}" }] },
          {
            pipelineId: "p",
            objectId: "Every",
            fields: [
              { key: "type", stringValue: "Schedule" },
              { key: "period", stringValue: "#{myPeriod}" },
            ],
          },
        ],
        parameters,
      ),
    ).toEqual({ type: "cron", periods: ["15 minutes"] });
  });
});
