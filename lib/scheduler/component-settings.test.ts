import { describe, expect, it } from "vitest";
import { indexObjectsById } from "@/lib/definition/inheritance";
import type { PipelineObject } from "@/lib/protocol/types";
import { readComponentSettings } from "./component-settings";
import { buildPipelinePlan, isOnDemand } from "./pipeline-plan";

const defaults = { maximumRetries: 2, retryDelayMs: 120_000, durationScale: 1 };
const s = (key: string, stringValue: string) => ({ key, stringValue });
const r = (key: string, refValue: string) => ({ key, refValue });

const objects: PipelineObject[] = [
  {
    id: "Default",
    name: "Default",
    fields: [
      s("workerGroup", "wg-default"),
      s("failureAndRerunMode", "CASCADE"),
      s("maximumRetries", "4"),
      r("schedule", "Daily"),
    ],
  },
  {
    id: "Daily",
    name: "Daily",
    fields: [s("type", "Schedule"), s("period", "1 day"), s("startDateTime", "2020-01-01T00:00:00")],
  },
  { id: "Box", name: "Box", fields: [s("type", "Ec2Resource"), s("workerGroup", "wg-box")] },
  { id: "Bare", name: "Bare", fields: [s("type", "Ec2Resource")] },
  {
    id: "Copy",
    name: "Copy",
    fields: [
      s("type", "ShellCommandActivity"),
      r("runsOn", "Box"),
      s("retryDelay", "10 minutes"),
      s("attemptTimeout", "2 hours"),
      r("dependsOn", "Other"),
      r("dependsOn", "Third"),
    ],
  },
  {
    id: "Other",
    name: "Other",
    fields: [
      s("type", "ShellCommandActivity"),
      r("runsOn", "Bare"),
      s("maxActiveInstances", "9"),
      s("scheduleType", "ONDEMAND"),
    ],
  },
];

describe("readComponentSettings", () => {
  const byId = indexObjectsById(objects);

  it("reads inherited settings, durations and repeated references", () => {
    const copy = readComponentSettings("Copy", byId, defaults);
    expect(copy.kind).toBe("activity");
    expect(copy.cascade).toBe(true);
    expect(copy.maximumRetries).toBe(4);
    expect(copy.retryDelayMs).toBe(600_000);
    expect(copy.attemptTimeoutMs).toBe(7_200_000);
    expect(copy.scheduleId).toBe("Daily");
    expect(copy.dependsOnIds).toEqual(["Other", "Third"]);
    expect(copy.scheduleType).toBe("timeseries");
  });

  it("takes the worker group from runsOn (the resource's own group, else its id) over workerGroup", () => {
    expect(readComponentSettings("Copy", byId, defaults).workerGroup).toBe("wg-box");
    // Bare has no workerGroup of its own but inherits Default's, like every object does.
    expect(readComponentSettings("Other", byId, defaults).workerGroup).toBe("wg-default");
    const noDefaultGroup = indexObjectsById(
      objects.map((o) => (o.id === "Default" ? { ...o, fields: o.fields.filter((f) => f.key !== "workerGroup") } : o)),
    );
    expect(readComponentSettings("Other", noDefaultGroup, defaults).workerGroup).toBe("Bare");
  });

  it("clamps maxActiveInstances to AWS's limit and scales durations", () => {
    expect(readComponentSettings("Other", byId, defaults).maxActiveInstances).toBe(5);
    expect(readComponentSettings("Copy", byId, { ...defaults, durationScale: 0.01 }).retryDelayMs).toBe(6_000);
  });
});

describe("buildPipelinePlan", () => {
  it("finds the activities and their schedules, and which run on demand", () => {
    const plan = buildPipelinePlan(objects, defaults);
    expect(plan.activityIds).toEqual(["Copy", "Other"]);
    expect([...plan.schedules.keys()]).toEqual(["Daily"]);
    expect(isOnDemand(plan, plan.settings.get("Copy")!)).toBe(false);
    expect(isOnDemand(plan, plan.settings.get("Other")!)).toBe(true);
  });
});

describe("buildPipelinePlan with parameters", () => {
  const parameterised: PipelineObject[] = [
    {
      id: "Default",
      name: "Default",
      fields: [
        s("workerGroup", "#{myGroup}"),
        s("scheduleType", "#{myType}"),
        r("schedule", "Sched"),
        s("maximumRetries", "#{myRetries}"),
      ],
    },
    {
      id: "Sched",
      name: "Sched",
      fields: [
        s("type", "Schedule"),
        s("period", "#{myPeriod}"),
        s("startDateTime", "#{myStart}"),
        s("occurrences", "#{myCount}"),
      ],
    },
    { id: "A", name: "A", fields: [s("type", "ShellCommandActivity"), s("command", "echo #{myGroup}")] },
  ];
  const values = new Map([
    ["myGroup", ["wg-param"]],
    ["myType", ["cron"]],
    ["myRetries", ["1"]],
    ["myPeriod", ["2 hours"]],
    ["myStart", ["2029-01-01T00:00:00"]],
    ["myCount", ["3"]],
  ]);

  it("plans the schedule, scheduleType, workerGroup and retries the parameters give", () => {
    const plan = buildPipelinePlan(parameterised, defaults, values);
    expect(plan.schedules.get("Sched")).toEqual({
      period: { count: 2, unit: "hours" },
      start: Date.UTC(2029, 0, 1),
      end: null,
      occurrences: 3,
      onDemand: false,
    });
    const a = plan.settings.get("A")!;
    expect(a.scheduleType).toBe("cron");
    expect(a.workerGroup).toBe("wg-param");
    expect(a.maximumRetries).toBe(1);
    expect(isOnDemand(plan, a)).toBe(false);
    // The definition itself is kept as put: runners' task objects evaluate it with the same values.
    expect(plan.objects).toBe(parameterised);
  });

  it("has no usable schedule without the values (validation reports that before activation)", () => {
    const plan = buildPipelinePlan(parameterised, defaults);
    expect(plan.schedules.get("Sched")).toBeUndefined();
  });
});
