import { describe, expect, it } from "vitest";
import type { PipelineObject } from "@/lib/protocol/types";
import { computeNextRunTime } from "./next-run";
import { buildPipelinePlan } from "./pipeline-plan";

const defaults = { maximumRetries: 2, retryDelayMs: 120_000, durationScale: 1 };
const s = (key: string, stringValue: string) => ({ key, stringValue });
const r = (key: string, refValue: string) => ({ key, refValue });
const at = (iso: string) => new Date(`${iso}Z`);

function plan(scheduleType: string, schedule: { key: string; stringValue: string }[]) {
  const objects: PipelineObject[] = [
    {
      id: "Default",
      name: "Default",
      fields: [s("workerGroup", "wg"), s("scheduleType", scheduleType), r("schedule", "Sched")],
    },
    { id: "Sched", name: "Sched", fields: [s("type", "Schedule"), ...schedule] },
    { id: "A", name: "A", fields: [s("type", "ShellCommandActivity"), s("command", "true")] },
  ];
  return buildPipelinePlan(objects, defaults);
}

const base = { state: "SCHEDULED", firstActivatedAt: at("2030-01-01T10:05:00"), resumeFrom: null };

describe("computeNextRunTime", () => {
  const hourly = [s("period", "1 hour"), s("startDateTime", "2030-01-01T10:00:00")];

  it("cron: the start of the first period without an instance", () => {
    const p = plan("cron", hourly);
    const now = at("2030-01-01T10:20:00").getTime();
    expect(computeNextRunTime(p, { ...base, latestStarts: new Map([["A", at("2030-01-01T10:00:00")]]), now })).toEqual(
      at("2030-01-01T11:00:00"),
    );
  });

  it("timeseries: the end of that period, which is when it runs", () => {
    const p = plan("timeseries", hourly);
    const now = at("2030-01-01T10:20:00").getTime();
    expect(computeNextRunTime(p, { ...base, latestStarts: new Map(), now })).toEqual(at("2030-01-01T11:00:00"));
    expect(computeNextRunTime(p, { ...base, latestStarts: new Map([["A", at("2030-01-01T10:00:00")]]), now })).toEqual(
      at("2030-01-01T12:00:00"),
    );
  });

  it("never reads a time in the past: a period held back by maxActiveInstances runs as soon as it can", () => {
    const p = plan("cron", hourly);
    const now = at("2030-01-01T15:30:10").getTime();
    expect(computeNextRunTime(p, { ...base, latestStarts: new Map([["A", at("2030-01-01T10:00:00")]]), now })).toEqual(
      at("2030-01-01T15:30:10"),
    );
  });

  it("FIRST_ACTIVATION_DATE_TIME counts periods from the first activation", () => {
    const p = plan("cron", [s("period", "1 day"), s("startAt", "FIRST_ACTIVATION_DATE_TIME")]);
    const now = at("2030-01-01T10:06:00").getTime();
    expect(computeNextRunTime(p, { ...base, latestStarts: new Map([["A", at("2030-01-01T10:05:00")]]), now })).toEqual(
      at("2030-01-02T10:05:00"),
    );
  });

  it("none once the schedule is over, for on-demand pipelines, and unless SCHEDULED", () => {
    const ended = plan("cron", [...hourly, s("occurrences", "2")]);
    const now = at("2030-01-01T11:10:00").getTime();
    expect(
      computeNextRunTime(ended, { ...base, latestStarts: new Map([["A", at("2030-01-01T11:00:00")]]), now }),
    ).toBeNull();
    const ondemand = buildPipelinePlan(
      [
        { id: "Default", name: "Default", fields: [s("workerGroup", "wg"), s("scheduleType", "ondemand")] },
        { id: "A", name: "A", fields: [s("type", "ShellCommandActivity"), s("command", "true")] },
      ],
      defaults,
    );
    expect(computeNextRunTime(ondemand, { ...base, latestStarts: new Map(), now })).toBeNull();
    expect(
      computeNextRunTime(plan("cron", hourly), { ...base, state: "INACTIVE", latestStarts: new Map(), now }),
    ).toBeNull();
  });

  it("skips periods before ActivatePipeline's startTimestamp", () => {
    const p = plan("cron", hourly);
    const now = at("2030-01-01T10:20:00").getTime();
    expect(
      computeNextRunTime(p, { ...base, resumeFrom: at("2030-01-01T13:30:00"), latestStarts: new Map(), now }),
    ).toEqual(at("2030-01-01T14:00:00"));
  });
});
